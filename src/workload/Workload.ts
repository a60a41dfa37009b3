/**
 * A workload and everything else one simulated run needs: the stream, timed
 * puts, when the mapping starts, its configuration, the function, and the
 * model's decisions. Plain JSON, so scenarios and replays can hold it.
 */
import type { EsmRequest } from '../esm/EsmConfig.ts';
import type { DeepPartial, ModelOptions } from '../esm/ModelOptions.ts';
import type { Behaviour } from '../lambda/Behaviour.ts';
import type { SequenceStyle } from '../kinesis/SequenceNumber.ts';
import type { ThrottleSpec } from '../lambda/Throttler.ts';

/** One PutRecord at a virtual time (ms after the run's epoch). */
export interface PutSpec {
  readonly at: number;
  readonly partitionKey: string;
  /** Literal data (UTF-8); or give `size` for filler bytes. */
  readonly data?: string;
  readonly size?: number;
  /** Name of the record; defaults to `r<index>`. */
  readonly rid?: string;
}

/** The stream to create. */
export interface StreamSpec {
  readonly shards: number;
  readonly retentionHours?: number;
  readonly maxRecordBytes?: number;
  readonly sequenceStyle?: SequenceStyle;
  readonly name?: string;
}

/**
 * A resharding at a virtual time (J-4). Shards are named by their position
 * among the open shards in hash-key order, taken modulo their count, so any
 * number names a shard:
 * - `split`: SplitShard of that shard at the middle of its hash-key range;
 * - `merge`: MergeShards of that shard and the next one (the previous one for
 *   the last); nothing when one shard is open;
 * - `shardCount`: UpdateShardCount (UNIFORM_SCALING), clamped to AWS's
 *   allowed range [open/2, 2*open].
 */
export type ReshardSpec =
  | { readonly at: number; readonly split: number }
  | { readonly at: number; readonly merge: number }
  | { readonly at: number; readonly shardCount: number };

/** UpdateEventSourceMapping `Enabled` at a virtual time (A-13, C-2). */
export interface LifecycleSpec {
  readonly at: number;
  readonly enabled: boolean;
}

/** UpdateEventSourceMapping at a virtual time: the parameters to change, AWS names. `Enabled` acts as a lifecycle event. */
export interface UpdateSpec {
  readonly at: number;
  readonly mapping: EsmRequest;
}

/** When the mapping starts, and what happens to it while it runs: the same for every source. */
export interface MappingSchedule {
  /** When the mapping is created and starts, ms after the epoch (default 0). */
  readonly startAt?: number;
  /** Disabling and re-enabling the mapping (C-2). */
  readonly lifecycle?: readonly LifecycleSpec[];
  /** Configuration updates while the mapping runs. */
  readonly updates?: readonly UpdateSpec[];
}

/** Records arriving on a stream, and the mapping's schedule. */
export interface Workload extends MappingSchedule {
  readonly stream: StreamSpec;
  readonly puts: readonly PutSpec[];
  /** Reshardings of the stream (J-4). */
  readonly reshards?: readonly ReshardSpec[];
}

/** The function under test, scripted, and how Lambda throttles it (D-1). */
export interface ScriptedFunctionSpec extends ThrottleSpec {
  readonly behaviour: Behaviour;
  /** Function timeout, seconds (default 3). */
  readonly timeoutSeconds?: number;
}

/** Everything one run of a mapping model needs, for a source's workload `W`. */
export interface MappingCaseOf<W> {
  readonly workload: W;
  /** CreateEventSourceMapping request; EventSourceArn defaults to the stream's. */
  readonly mapping: EsmRequest;
  /** Further CreateEventSourceMapping requests for the same stream, made after `mapping` (A-18, C-3). */
  readonly mappings?: readonly EsmRequest[];
  readonly function: ScriptedFunctionSpec;
  readonly options?: DeepPartial<ModelOptions>;
}

/** Everything one run of the Kinesis mapping model needs. */
export type KinesisCase = MappingCaseOf<Workload>;

/** The name of the i-th put. */
export function ridOf(put: PutSpec, index: number): string {
  return put.rid ?? `r${index}`;
}
