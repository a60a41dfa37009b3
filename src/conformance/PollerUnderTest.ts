/**
 * What an in-house poller (or an emulator's) must offer to be driven by the
 * conformance harness, and what the harness offers it: a Kinesis client
 * shaped like the AWS SDK's on the simulated stream, the function under test
 * behind a Lambda-like `invoke`, and two calls for what only the poller
 * knows (its checkpoint and its give-ups). Everything runs on the virtual
 * clock: the poller's `setTimeout`, `setInterval` and `Date` are the clock's.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import type { EsmConfig } from '../esm/EsmConfig.ts';
import type { DiscardCondition } from '../trace/TraceEvent.ts';

/** A record as GetRecords returns it (the SDK's `_Record`). */
export interface KinesisRecord {
  readonly SequenceNumber: string;
  readonly PartitionKey: string;
  readonly Data: Uint8Array;
  readonly ApproximateArrivalTimestamp: Date;
}

/** The Kinesis read API a poller uses, shaped like the SDK's commands (errors carry the service's `name`, e.g. `ExpiredIteratorException`). */
export interface KinesisClientLike {
  /** DescribeStreamSummary, as much of it as a poller needs: the stream's retention (J-1), which bounds a record's age (D-7), and its open shard count. */
  describeStreamSummary(): Promise<{ StreamDescriptionSummary: { StreamARN: string; RetentionPeriodHours: number; OpenShardCount: number } }>;
  listShards(): Promise<{ Shards: Array<{ ShardId: string; ParentShardId?: string; AdjacentParentShardId?: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string }; SequenceNumberRange: { StartingSequenceNumber?: string; EndingSequenceNumber?: string } }> }>;
  getShardIterator(input: { ShardId: string; ShardIteratorType: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; StartingSequenceNumber?: string; Timestamp?: Date }): Promise<{ ShardIterator: string }>;
  getRecords(input: { ShardIterator: string; Limit?: number }): Promise<{ Records: KinesisRecord[]; NextShardIterator: string | null; MillisBehindLatest: number; ChildShards?: Array<{ ShardId: string }> }>;
}

/** How an invocation ended, as Lambda's Invoke API tells it. */
export interface InvokeOutcome {
  /**
   * `return`: the function returned `response`; `error`: it threw (`error`
   * says what); `timeout`: it ran out of time; `throttled`: Lambda refused
   * the invocation (`TooManyRequestsException`, D-1), so it never reached
   * the function and counts as no retry. Only a poller that claims the
   * `throttling` feature is ever throttled.
   */
  readonly outcome: 'return' | 'error' | 'timeout' | 'throttled';
  readonly response?: unknown;
  readonly error?: string;
}

/** What the harness hands a poller when it starts. */
export interface PollerContext {
  /** The mapping's configuration, validated with AWS's rules and defaults (A-1..A-16). */
  readonly config: EsmConfig;
  readonly streamArn: string;
  readonly functionArn: string;
  /**
   * Where the mapping's pollers left off, per shard: the last sequence number
   * checkpointed (inclusive). Empty at the first start; a poller started
   * again after the mapping was disabled and re-enabled (C-2), or updated
   * resumes after these, as a poller does from its lease table.
   */
  readonly checkpoints: Readonly<Record<string, string>>;
  /**
   * When the mapping first started (C-1). A restarted poller owes what the
   * starting position owed from then on: with LATEST, every record that
   * arrived after this instant, on shards it had not checkpointed.
   */
  readonly startedAt: Date;
  /** The stream, read as the Kinesis API reads it. */
  readonly kinesis: KinesisClientLike;
  /**
   * Invoke the function under test with an event the poller built (K-1).
   * The harness reads the batch from `Records[].kinesis.sequenceNumber`;
   * `lane` names the poller's batcher when it runs several per shard (G-3).
   */
  invoke(shardId: string, event: KinesisStreamEvent, options?: { readonly lane?: number }): Promise<InvokeOutcome>;
  /** The poller's checkpoint of `shardId` moved to `sequenceNumber` (inclusive). */
  checkpoint(shardId: string, sequenceNumber: string): void;
  /** The poller gave up these records (D-5), for this reason. */
  discard(shardId: string, sequenceNumbers: readonly string[], condition: DiscardCondition): void;
  /**
   * The mapping's FilterCriteria dropped these records, read from `shardId`
   * (I-3): they are never delivered, and count as resolved. The poller's
   * checkpoint may move past them. Only a poller that claims the `filtering`
   * feature is given cases with filters.
   */
  filter(shardId: string, sequenceNumbers: readonly string[]): void;
}

/**
 * A poller under test: started once per generated case, stopped when the
 * harness has seen enough. When the case disables the mapping (C-2), the
 * harness calls `stop` then, and on re-enabling starts a fresh poller from
 * the factory once the stopped one's invocation in flight has ended; an
 * update stops it too, and starts a fresh one with the new
 * configuration once the update applies. A stopped poller may finish that
 * invocation (checkpoint or give up its batch) but must invoke nothing more.
 */
export interface PollerUnderTest {
  start(ctx: PollerContext): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** Makes a fresh poller for each case. */
export type PollerFactory = () => PollerUnderTest;
