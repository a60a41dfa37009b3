/**
 * What a run showed, in the terms scenarios speak: batches as record names,
 * give-ups, on-failure messages, final checkpoints, deliveries, throttles,
 * each shard's largest IteratorAge (J-5) and findings.
 */
import type { Finding } from '../check/Finding.ts';
import { DEFAULT_EPOCH_MS } from '../sim/Clock.ts';
import { maxIteratorAges } from '../trace/iteratorAge.ts';
import type { DiscardCondition, InvokeWindow, PutEvent, TraceEvent } from '../trace/TraceEvent.ts';
import type { Outcome } from './Scenario.ts';

/** An invocation as observed. */
export interface ObservedBatch {
  readonly records: readonly string[];
  readonly shard: string;
  readonly lane: number | undefined;
  /** ms after the run's epoch. */
  readonly at: number;
  readonly outcome: Outcome | undefined;
  /** With a tumbling window: the invocation's window fields (the state it was given, whether it was final). */
  readonly window: InvokeWindow | undefined;
}

/** Everything a scenario can expect, as the run produced it. */
export interface Observed {
  readonly invocations: readonly ObservedBatch[];
  readonly deliveries: Readonly<Record<string, number>>;
  /** Per record name, how many throttled invocations held it (D-1). */
  readonly throttles: Readonly<Record<string, number>>;
  readonly discards: ReadonlyArray<{ readonly records: readonly string[]; readonly condition: DiscardCondition; readonly shard: string }>;
  readonly onFailure: readonly Record<string, unknown>[];
  /** The S3 object key of each on-failure message that has one (F-5), in order. */
  readonly s3Keys: readonly string[];
  readonly checkpoints: Readonly<Record<string, string | null>>;
  /** Per shard id, the largest IteratorAge of the run, ms (J-5). */
  readonly maxIteratorAge: Readonly<Record<string, number>>;
  readonly findings: readonly Finding[];
}

/** Record names by `shardId:seq`, from the trace's put events. */
export class RecordNames {
  private readonly byId = new Map<string, string>();
  readonly puts = new Map<string, PutEvent>();

  constructor(trace: readonly TraceEvent[]) {
    for (const e of trace) {
      if (e.type !== 'put') continue;
      this.byId.set(`${e.shardId}:${e.seq}`, e.rid);
      this.puts.set(e.rid, e);
    }
  }

  /** The name of a record (its sequence number when the trace never put it). */
  name(shardId: string, seq: string): string {
    return this.byId.get(`${shardId}:${seq}`) ?? seq;
  }

  /** Names of a shard's records. */
  names(shardId: string, seqs: readonly string[]): string[] {
    return seqs.map((s) => this.name(shardId, s));
  }
}

/** Read a trace (and its findings) into observed outcomes. */
export function observe(trace: readonly TraceEvent[], findings: readonly Finding[]): Observed {
  const names = new RecordNames(trace);
  const outcomes = new Map<string, Outcome>();
  for (const e of trace) if (e.type === 'result') outcomes.set(e.id, e.outcome);
  const invocations: ObservedBatch[] = [];
  const deliveries: Record<string, number> = {};
  const throttles: Record<string, number> = {};
  const discards: Array<Observed['discards'][number]> = [];
  const onFailure: Record<string, unknown>[] = [];
  const s3Keys: string[] = [];
  const checkpoints: Record<string, string | null> = {};
  for (const e of trace) {
    if (e.type === 'start') for (const p of names.puts.values()) checkpoints[p.shardId] ??= null;
    if (e.type === 'invoke') {
      const records = names.names(e.shardId, e.records);
      tally(deliveries, records);
      invocations.push({ records, shard: e.shardId, lane: e.lane, at: e.t - DEFAULT_EPOCH_MS, outcome: outcomes.get(e.id), window: e.window });
    }
    if (e.type === 'throttle') tally(throttles, names.names(e.shardId, e.records));
    if (e.type === 'discard') discards.push({ records: names.names(e.shardId, e.records), condition: e.condition, shard: e.shardId });
    if (e.type === 'destination') {
      onFailure.push(e.message);
      if (e.key !== undefined) s3Keys.push(e.key);
    }
    if (e.type === 'checkpoint') checkpoints[e.shardId] = names.name(e.shardId, e.seq);
  }
  return { invocations, deliveries, throttles, discards, onFailure, s3Keys, checkpoints: sortedKeys(checkpoints), maxIteratorAge: maxIteratorAges(trace), findings };
}

/** Count each named record once more. */
function tally(counts: Record<string, number>, names: readonly string[]): void {
  for (const n of names) counts[n] = (counts[n] ?? 0) + 1;
}

function sortedKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
