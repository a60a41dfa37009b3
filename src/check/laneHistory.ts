/**
 * Invocations grouped by the batcher that made them (shard and lane), in
 * order: what retries, bisect halves and partial-failure suffixes are read from.
 */
import type { Invocation, TraceIndex } from './TraceIndex.ts';

/** Invocations per `shardId/lane`, in trace order. */
export function byLane(index: TraceIndex): Map<string, Invocation[]> {
  const lanes = new Map<string, Invocation[]>();
  for (const inv of index.invocations) {
    const key = `${inv.invoke.shardId}/${inv.invoke.lane ?? 0}`;
    const list = lanes.get(key) ?? [];
    list.push(inv);
    lanes.set(key, list);
  }
  return lanes;
}

/** The next invocation of the lane after position `i` that delivers any of `seqs`. */
export function nextDelivering(list: readonly Invocation[], i: number, seqs: ReadonlySet<string>): Invocation | undefined {
  for (let j = i + 1; j < list.length; j++) if (list[j]!.invoke.records.some((s) => seqs.has(s))) return list[j];
  return undefined;
}

/** Were some of these records given up for age at exactly `t` (D-6 shrinks the next attempt)? */
export function ageDiscardAt(index: TraceIndex, shardId: string, t: number): boolean {
  return index.discards.some((d) => d.t === t && d.shardId === shardId && d.condition === 'RecordAgeExceeded');
}

/**
 * Is the next attempt after `inv` not its lane's follow-up? Either records were
 * given up for age at that moment (D-6 shrinks the attempt), or the mapping was
 * re-enabled in between and resumed afresh from its checkpoint (C-2).
 */
export function freshStart(index: TraceIndex, inv: Invocation, next: Invocation): boolean {
  return ageDiscardAt(index, inv.invoke.shardId, next.invoke.t) || index.reenabledBetween(inv.invoke.t, next.invoke.t);
}
