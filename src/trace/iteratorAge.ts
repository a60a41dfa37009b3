/**
 * IteratorAge (J-5), read off a trace: when an invocation's batch finishes,
 * the age of the batch's last record at that moment (the invocation's
 * `result` time less the record's arrival, its `put` time). A rising series
 * is a consumer falling behind or stuck retrying (P-1).
 *
 * The trace already holds every fact the metric needs, so it is derived
 * here rather than traced: any implementation's trace has it too. Which
 * invocations it is sampled at is a model decision: every one that ran and
 * ended (returned, threw or timed out), since each finishes a processing
 * attempt; not a throttled one, which never ran (D-1), nor a tumbling
 * window's final invocation, which carries no records (H-4).
 */
import type { InvokeEvent, TraceEvent } from './TraceEvent.ts';

/** IteratorAge at the end of one invocation. */
export interface IteratorAgeSample {
  /** When the invocation ended, epoch ms. */
  readonly t: number;
  /** The shard the batch came from. */
  readonly shardId: string;
  /** The mapping, when several read the stream (C-3). */
  readonly mapping?: string;
  /** The invocation's id. */
  readonly id: string;
  /** Age of the batch's last record when the invocation ended, ms. */
  readonly ageMs: number;
}

/** Every IteratorAge sample of a trace, in the order the invocations ended. */
export function iteratorAges(trace: readonly TraceEvent[]): IteratorAgeSample[] {
  const arrivals = new Map<string, number>();
  const running = new Map<string, InvokeEvent>();
  const samples: IteratorAgeSample[] = [];
  for (const e of trace) {
    if (e.type === 'put') arrivals.set(`${e.shardId}:${e.seq}`, e.t);
    else if (e.type === 'invoke' && e.records.length > 0) running.set(invocationKey(e), e);
    else if (e.type === 'result') {
      const invoke = running.get(invocationKey(e));
      running.delete(invocationKey(e));
      const arrival = invoke && arrivals.get(`${invoke.shardId}:${invoke.records[invoke.records.length - 1]}`);
      if (invoke === undefined || arrival === undefined) continue; // a record the trace never put has no age to read
      samples.push({ t: e.t, shardId: invoke.shardId, ...(invoke.mapping ? { mapping: invoke.mapping } : {}), id: e.id, ageMs: e.t - arrival });
    }
  }
  return samples;
}

/** An invocation's id within its mapping: another implementation's ids need be unique only per mapping (each is judged on its own events). */
function invocationKey(e: { readonly mapping?: string; readonly id: string }): string {
  return `${e.mapping ?? ''}\u0000${e.id}`;
}

/**
 * The largest IteratorAge of each shard (ms), by shard id in sorted order;
 * shards with no sample are absent. With several mappings on the stream
 * (C-3), a shard's figure is the largest over all of them (AWS reports the
 * metric per mapping: `iteratorAges` keeps each sample's mapping).
 */
export function maxIteratorAges(trace: readonly TraceEvent[]): Record<string, number> {
  const max = new Map<string, number>();
  for (const s of iteratorAges(trace)) max.set(s.shardId, Math.max(max.get(s.shardId) ?? 0, s.ageMs));
  return Object.fromEntries([...max].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
