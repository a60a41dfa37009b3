/**
 * The trace: every observable step of a run, in the order it happened.
 *
 * This is the interchange format: the reference model writes it, another
 * implementation driven by the harness writes it, and the checkers read
 * nothing else. It holds nothing private to the model: records are named by
 * their shard and sequence number, as the function sees them (K-1 `eventID`
 * is `<shardId>:<sequenceNumber>`), and responses are kept raw so checkers
 * classify them themselves (E-4, E-5). `t` is virtual epoch milliseconds.
 * The JSON Schema in `trace.schema.json` is the published contract.
 */

/** The mapping started reading (C-1). */
export interface StartEvent {
  readonly t: number;
  readonly type: 'start';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly streamArn: string;
  readonly functionArn: string;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  /** Epoch ms, for AT_TIMESTAMP. */
  readonly startingPositionTimestamp?: number;
}

/** A record entered the stream; `t` is its approximate arrival time. */
export interface PutEvent {
  readonly t: number;
  readonly type: 'put';
  /** The workload's name for the record (stable across implementations). */
  readonly rid: string;
  readonly shardId: string;
  readonly seq: string;
  readonly partitionKey: string;
  /** Size of the record's data, bytes. */
  readonly bytes: number;
  /**
   * The record's data as put, base64 (Kinesis `Data`), when the writer
   * records it; the filtering checker then judges FilterCriteria on it (I-1,
   * I-4). The model records it for data given as text, not for filler.
   */
  readonly data?: string;
}

/** Retention removed a record from the stream (J-1). */
export interface TrimEvent {
  readonly t: number;
  readonly type: 'trim';
  readonly shardId: string;
  readonly seq: string;
}

/** A read that returned records: `first`..`last` inclusive, in shard order. */
export interface PollEvent {
  readonly t: number;
  readonly type: 'poll';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly shardId: string;
  readonly count: number;
  readonly first: string;
  readonly last: string;
  readonly millisBehindLatest: number;
}

/** The function was invoked with a batch. */
export interface InvokeEvent {
  readonly t: number;
  readonly type: 'invoke';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  /** Unique per invocation (the request id). */
  readonly id: string;
  readonly shardId: string;
  /** Concurrent batcher within the shard (ParallelizationFactor > 1), if known. */
  readonly lane?: number;
  /** Sequence numbers of the batch, in event order. */
  readonly records: readonly string[];
  /** Size of the invoke payload as the function received it, bytes. */
  readonly bytes: number;
  /** For a mapping with a tumbling window (H): the window fields of the event. */
  readonly window?: InvokeWindow;
}

/**
 * Lambda throttled an invocation of the batch (D-1): the function was
 * running as many invocations as its reserved concurrency allows, or the
 * account had none to spare. The batch never reached the function; the
 * mapping tries it again later, and the throttle counts neither as a retry
 * (MaximumRetryAttempts) nor as an invocation (`approximateInvokeCount`).
 */
export interface ThrottleEvent {
  readonly t: number;
  readonly type: 'throttle';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly shardId: string;
  /** Concurrent batcher within the shard (ParallelizationFactor > 1), if known. */
  readonly lane?: number;
  /** Sequence numbers of the batch, in event order (none for a tumbling window's final invocation). */
  readonly records: readonly string[];
  /** For a mapping with a tumbling window (H): the window fields the invocation would have had. */
  readonly window?: InvokeWindow;
}

/**
 * The tumbling-window fields of an invocation's event (H-3, H-4, H-5, H-9):
 * `window.start` and `window.end` (as epoch ms; the event writes them as
 * ISO-8601), the `state` the function received, `isFinalInvokeForWindow` and
 * `isWindowTerminatedEarly`.
 */
export interface InvokeWindow {
  /** The window's start, epoch ms (inclusive). */
  readonly start: number;
  /** The window's end, epoch ms (exclusive). */
  readonly end: number;
  /** The state the invocation received: `{}` at a window's first invocation, else the state last returned in it. */
  readonly state: unknown;
  /** `isFinalInvokeForWindow`. */
  readonly final: boolean;
  /** `isWindowTerminatedEarly`. */
  readonly terminatedEarly: boolean;
}

/** How an invocation ended, exactly as the function ended it. */
export interface ResultEvent {
  readonly t: number;
  readonly type: 'result';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly id: string;
  /** `return`: a value came back; `error`: it threw; `timeout`: it ran past its timeout. */
  readonly outcome: 'return' | 'error' | 'timeout';
  /** The returned value (any JSON), for `return`. */
  readonly response?: unknown;
  readonly error?: string;
}

/** The mapping's committed position in a shard moved to `seq` (inclusive). */
export interface CheckpointEvent {
  readonly t: number;
  readonly type: 'checkpoint';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly shardId: string;
  readonly seq: string;
}

/**
 * The mapping's FilterCriteria filtered out these records of one read
 * (I-1, I-3): they are never delivered, and the checkpoint may move past
 * them. An implementation reports every record its filters drop here, or
 * the records read as lost.
 */
export interface FilterEvent {
  readonly t: number;
  readonly type: 'filter';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly shardId: string;
  /** Sequence numbers, in shard order. */
  readonly records: readonly string[];
}

/** Conditions under which stream records are given up (F-3). */
export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** The mapping gave records up (D-5), whether or not a destination is set. */
export interface DiscardEvent {
  readonly t: number;
  readonly type: 'discard';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly shardId: string;
  readonly records: readonly string[];
  readonly condition: DiscardCondition;
}

/** A message written to the on-failure destination (F-1, F-5). */
export interface DestinationEvent {
  readonly t: number;
  readonly type: 'destination';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly arn: string;
  readonly kind: 'sqs' | 'sns' | 's3';
  /** The object key, for an S3 destination only (F-5). */
  readonly key?: string;
  readonly message: Record<string, unknown>;
}

/**
 * Resharding opened a shard (J-4). Its parents closed at the same moment: a
 * split names one parent, a merge two (the second as `adjacentParentShardId`).
 * Shards without such an event existed when the stream was created.
 */
export interface ShardEvent {
  readonly t: number;
  readonly type: 'shard';
  readonly shardId: string;
  readonly parentShardId: string;
  readonly adjacentParentShardId?: string;
}

/** Mapping states. */
export type MappingState = 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating';

/**
 * The mapping's state changed (A-13, A-20, C-2). From `Disabling` on, no new
 * batch starts until the next `Enabled`; an invocation already in flight
 * still ends and its result still counts.
 */
export interface StateEvent {
  readonly t: number;
  readonly type: 'state';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly state: MappingState;
}

/**
 * An UpdateEventSourceMapping took effect: the parameters that changed,
 * by AWS's names, with their new values. Batches started from here on follow
 * them; batches started before followed the previous values.
 */
export interface ConfigEvent {
  readonly t: number;
  readonly type: 'config';
  /** The mapping (its UUID), when several read the stream (C-3); absent with one. */
  readonly mapping?: string;
  readonly changes: Readonly<Record<string, unknown>>;
}

/** The run ended: quiescent (nothing left to do) or at the virtual-time horizon. */
export interface EndEvent {
  readonly t: number;
  readonly type: 'end';
  readonly reason: 'quiescent' | 'horizon';
}

/** Any trace event. */
export type TraceEvent =
  | StartEvent
  | PutEvent
  | TrimEvent
  | PollEvent
  | InvokeEvent
  | ThrottleEvent
  | ResultEvent
  | CheckpointEvent
  | DiscardEvent
  | FilterEvent
  | DestinationEvent
  | ShardEvent
  | StateEvent
  | ConfigEvent
  | EndEvent;
