/**
 * A Kinesis stream as a mapping's source: K-1 events, millisecond arrival
 * times in `KinesisBatchInfo` (F-1, F-2).
 */
import type { KinesisStream } from '../kinesis/KinesisStream.ts';
import type { RecordData } from '../kinesis/RecordData.ts';
import { UNPARSEABLE } from './FilterPattern.ts';
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
    // Methods, not arrow properties: see docs/design.md, "Closures and the loader".
    event(records) {
      return kinesisEvent(records, ctx);
    },
    recordBytes(r) {
      return sizer.recordBytes(r);
    },
    batchInfoKey: 'KinesisBatchInfo',
    arrivalTime: isoMillis,
    filterView(r) {
      return kinesisFilterView(r.data);
    },
  };
}

/**
 * What a filter sees of a Kinesis record: `{"data": <the data parsed as
 * JSON>}`; data that is not JSON is UNPARSEABLE, which no pattern naming
 * `data` matches (I-4), while a pattern that does not name it still may.
 * Kinesis filters only on `data` (AWS's Kinesis filtering guide): I-2's
 * metadata keys are not in the view. Filler data (a record given only a
 * size) is not JSON.
 */
export function kinesisFilterView(data: RecordData): Record<string, unknown> {
  if (!('text' in data)) return { data: UNPARSEABLE };
  try {
    return { data: JSON.parse(data.text) as unknown };
  } catch {
    return { data: UNPARSEABLE };
  }
}
