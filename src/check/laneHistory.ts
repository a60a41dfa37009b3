/**
 * A lane's history (its invocations in order, `TraceIndex.lanes`): what comes
 * after an invocation in its batcher (shard and lane), which is what retries,
 * bisect halves and partial-failure suffixes are read from.
 */
import type { Invocation } from './Invocation.ts';
import type { TraceIndex } from './TraceIndex.ts';

/**
 * The next invocation of the same shard and lane after `inv` that delivers
 * any of its records: read from each record's deliveries, so the lane's
 * unrelated invocations are never scanned.
 */
export function nextDelivering(index: TraceIndex, inv: Invocation): Invocation | undefined {
  let next: Invocation | undefined;
  for (const rec of inv.recs) {
    const list = index.deliveriesOf(rec);
    for (let j = firstAfter(list, inv.n); j < list.length; j++) {
      const d = list[j]!;
      if (next !== undefined && d.n >= next.n) break;
      if (d.laneNo === inv.laneNo) {
        next = d;
        break;
      }
    }
  }
  return next;
}

/** Position of the first invocation in `list` (ordered by `n`) that comes after invocation `n`. */
function firstAfter(list: readonly Invocation[], n: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.n <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Is the next attempt after `inv` not its lane's follow-up? Either records were
 * given up for age at that moment (D-6 shrinks the attempt), or the mapping was
 * re-enabled in between and resumed afresh from its checkpoint (C-2).
 */
export function freshStart(index: TraceIndex, inv: Invocation, next: Invocation): boolean {
  return index.gaveUpForAgeAt(inv.shardNo, next.t) || index.reenabledBetween(inv.t, next.t);
}
