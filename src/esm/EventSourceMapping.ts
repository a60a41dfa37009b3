/**
 * The event source mapping for a Kinesis stream: one consumer per shard,
 * records given up reported to the on-failure destination (D-5, F-1..F-5).
 */
import type { KinesisStream } from '../kinesis/KinesisStream.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { Invoker } from '../lambda/Invoker.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import type { Rng } from '../sim/Rng.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { DiscardCondition } from '../trace/TraceEvent.ts';
import type { Attempt } from './Attempt.ts';
import { destinationKind, type EsmConfig } from './EsmConfig.ts';
import { EventSizer, kinesisEvent, type EventContext } from './KinesisEvent.ts';
import type { ModelOptions } from './ModelOptions.ts';
import { onFailureMessage } from './OnFailureRecord.ts';
import { ShardConsumer } from './ShardConsumer.ts';

/** The default lane assignment: FNV-1a of the partition key, modulo the lane count (G-5). */
export function fnvLane(partitionKey: string, lanes: number): number {
  if (lanes === 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i++) {
    h ^= partitionKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % lanes;
}

/** Collaborators of a mapping. */
export interface MappingParts {
  readonly config: EsmConfig;
  readonly options: ModelOptions;
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly trace: TraceRecorder;
  readonly stream: KinesisStream;
  readonly invoker: Invoker;
  readonly eventContext: EventContext;
  readonly functionArn: string;
}

/** A running mapping. */
export class EventSourceMapping {
  private readonly consumers: ShardConsumer[] = [];

  constructor(private readonly parts: MappingParts) {}

  /** Start reading every shard. */
  start(): void {
    const { config, clock, trace, stream, functionArn } = this.parts;
    if (!config.Enabled) return; // a disabled mapping reads nothing, so nothing is owed
    trace.emit({
      t: clock.now, type: 'start', streamArn: stream.arn, functionArn, startingPosition: config.StartingPosition,
      ...(config.StartingPositionTimestamp !== undefined ? { startingPositionTimestamp: config.StartingPositionTimestamp * 1000 } : {}),
    });
    const maxAgeMs = this.maxAgeMs();
    const context = {
      ...this.parts,
      sizer: new EventSizer(this.parts.eventContext),
      maxAgeMs,
      retentionMs: stream.retentionMs,
      startedAt: clock.now,
      laneOf: fnvLane,
      discard: (shardId: string, records: readonly StreamRecord[], condition: DiscardCondition, attempt: Attempt) =>
        this.discard(shardId, records, condition, attempt),
    };
    for (const shard of stream.listShards()) {
      const consumer = new ShardConsumer(shard.ShardId, context);
      this.consumers.push(consumer);
      consumer.start();
    }
  }

  /** Every consumer is caught up with nothing pending. */
  get quiescent(): boolean {
    return this.consumers.every((c) => c.quiescent);
  }

  /** A-7/D-2: MaximumRecordAgeInSeconds, else the stream's retention. */
  private maxAgeMs(): number {
    const age = this.parts.config.MaximumRecordAgeInSeconds;
    const retention = this.parts.stream.retentionMs;
    return age === -1 ? retention : Math.min(age * 1000, retention);
  }

  private discard(shardId: string, records: readonly StreamRecord[], condition: DiscardCondition, attempt: Attempt): void {
    const { clock, trace, config, rng, stream, functionArn, eventContext } = this.parts;
    const now = clock.now;
    trace.emit({ t: now, type: 'discard', shardId, records: records.map((r) => r.sequenceNumber), condition });
    const arn = config.DestinationConfig.OnFailure.Destination;
    if (!arn) return; // P-5: without a destination the records are gone without trace
    const kind = destinationKind(arn)!;
    const message = onFailureMessage(
      {
        requestId: attempt.lastRequestId ?? rng.uuid(),
        functionArn,
        condition,
        approximateInvokeCount: attempt.invocations,
        functionError: attempt.functionError === undefined ? 'Unhandled' : attempt.functionError, // F-4: null for partial responses
        timestampMs: now,
        streamArn: stream.arn,
        records,
      },
      kind === 's3' ? kinesisEvent(records, eventContext) : undefined,
    );
    if (this.parts.options.mutation === 'age-record-with-response' && condition === 'RecordAgeExceeded') {
      message['responseContext'] = { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' };
    }
    trace.emit({ t: now, type: 'destination', arn, kind, message });
  }
}
