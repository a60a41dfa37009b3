/**
 * A Kinesis stream as a mapping's source: K-1 events, millisecond arrival
 * times in `KinesisBatchInfo` (F-1, F-2).
 */
import type { KinesisStream } from '../kinesis/KinesisStream.ts';
import { EventSizer, kinesisEvent, type EventContext } from './KinesisEvent.ts';
import { isoMillis } from './OnFailureRecord.ts';
import type { StreamSource } from './StreamSource.ts';

/** The source for a Kinesis stream. */
export function kinesisSource(stream: KinesisStream, ctx: EventContext): StreamSource {
  const sizer = new EventSizer(ctx);
  return {
    kind: 'kinesis',
    arn: stream.arn,
    retentionMs: stream.retentionMs,
    api: stream,
    event: (records) => kinesisEvent(records, ctx),
    recordBytes: (r) => sizer.recordBytes(r),
    batchInfoKey: 'KinesisBatchInfo',
    arrivalTime: isoMillis,
  };
}
