/**
 * The reference model's decisions where AWS leaves behaviour open. Each is
 * named after the rule that leaves it open; docs/model-decisions.md explains
 * the defaults (docs/dynamodb-resharding-lifecycle.md those of lineage,
 * lifecycle and DynamoDB). Users who read AWS differently can change them.
 */
import type { Mutation } from './Mutation.ts';

/** Bisect-on-error choices (D-9). */
export interface BisectOptions {
  /** Size of the first half of an odd batch: `floor` (default) or `ceil` of n/2. */
  readonly splitPoint: 'floor' | 'ceil';
  /** Which half runs first. `lowerFirst` (default) keeps the in-order guarantee. */
  readonly order: 'lowerFirst' | 'upperFirst';
  /** Does the failure that causes a split consume a retry? D-8 says no (default false). */
  readonly splitConsumesRetry: boolean;
  /** Do halves start with a fresh retry count? (default false: they inherit it). */
  readonly resetRetriesPerHalf: boolean;
}

/** ParallelizationFactor choices (G-5). */
export interface ParallelOptions {
  /** Does a failing batcher hold up the whole shard (`shard`, default) or only itself (`lane`)? */
  readonly errorScope: 'shard' | 'lane';
}

/** Retry back-off (D-11): delay before retry k (k >= 1) is min(maxMs, baseMs * factor^(k-1)). */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly factor: number;
  readonly maxMs: number;
}

/**
 * When a child shard may start (J-4). `parent-first` (default): only once
 * every parent is finished, i.e. read to its end and checkpointed, as KCL
 * does; per-key order then holds across splits and merges. `eager`: as soon
 * as the mapping discovers the child, so a user can see per-key order break.
 */
export type LineageOrder = 'parent-first' | 'eager';

/** All model decisions. */
export interface ModelOptions {
  /** A deliberately broken variant, for checker tests only (see Mutation.ts). */
  readonly mutation?: Mutation;
  readonly bisect: BisectOptions;
  readonly parallel: ParallelOptions;
  readonly backoff: BackoffOptions;
  /** Base poll period per shard, ms (B-1: 1000 for Kinesis; B-2: 250 for DynamoDB Streams). */
  readonly pollIntervalMs: number;
  /** Child shards wait for their parents (J-4). */
  readonly lineage: LineageOrder;
  /**
   * an UpdateEventSourceMapping applies asynchronously, at least this
   * long after the request (and once nothing is in flight). Default 1000 ms.
   */
  readonly updateLagMs: number;
}

/** The defaults; see docs/model-decisions.md. */
export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  bisect: { splitPoint: 'floor', order: 'lowerFirst', splitConsumesRetry: false, resetRetriesPerHalf: false },
  parallel: { errorScope: 'shard' },
  // Chosen so that D-7's AWS-recorded outcome (MRA -1, age 60: discarded at approximateInvokeCount 8) reproduces.
  backoff: { baseMs: 500, factor: 2, maxMs: 60_000 },
  pollIntervalMs: 1000,
  lineage: 'parent-first',
  updateLagMs: 1000,
};

/** Merge partial options over the defaults. */
export function modelOptions(partial: DeepPartial<ModelOptions> = {}): ModelOptions {
  return {
    bisect: { ...DEFAULT_MODEL_OPTIONS.bisect, ...partial.bisect },
    parallel: { ...DEFAULT_MODEL_OPTIONS.parallel, ...partial.parallel },
    backoff: { ...DEFAULT_MODEL_OPTIONS.backoff, ...partial.backoff },
    pollIntervalMs: partial.pollIntervalMs ?? DEFAULT_MODEL_OPTIONS.pollIntervalMs,
    lineage: partial.lineage ?? DEFAULT_MODEL_OPTIONS.lineage,
    updateLagMs: partial.updateLagMs ?? DEFAULT_MODEL_OPTIONS.updateLagMs,
    ...(partial.mutation ? { mutation: partial.mutation } : {}),
    ...(partial.mutation === 'split-consumes-retry' ? { bisect: { ...DEFAULT_MODEL_OPTIONS.bisect, ...partial.bisect, splitConsumesRetry: true } } : {}),
    ...(partial.mutation === 'upper-half-first' ? { bisect: { ...DEFAULT_MODEL_OPTIONS.bisect, ...partial.bisect, order: 'upperFirst' as const } } : {}),
  };
}

/** Every property optional, one level down. */
export type DeepPartial<T> = { readonly [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };
