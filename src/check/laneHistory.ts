/**
 * A lane's history (its invocations in order, `TraceIndex.lanes`): what comes
 * after an invocation in its batcher (shard and lane), which is what retries,
 * bisect halves and partial-failure suffixes are read from.
 */
import type { Invocation } from './Invocation.ts';
import { filledArray } from './filledArray.ts';
import type { TraceIndex } from './TraceIndex.ts';

/**
 * The next invocation of the same shard and lane after `inv` that delivers
 * any of its records (`TraceIndex.nextInLane`).
 */
export function nextDelivering(index: TraceIndex, inv: Invocation): Invocation | undefined {
  const n = index.nextInLane[inv.n]!;
  return n < 0 ? undefined : index.invocations[n];
}

/**
 * For every invocation (by `n`), the `n` of the next invocation of its lane
 * that delivers any of its records, -1 if none. One backward walk per lane,
 * remembering per record the earliest later invocation of the lane that
 * delivered it, so each batch is read twice in all.
 */
export function nextInLaneTable(lanes: readonly (readonly Invocation[])[], invocations: number, records: number): number[] {
  const next = filledArray(invocations, -1);
  const laneOf = filledArray(records, -1); // per record: the lane `nextOf` holds it for
  const nextOf = filledArray(records, 0); // per record: the earliest invocation after the one at hand in that lane delivering it
  for (let lane = 0; lane < lanes.length; lane++) {
    const list = lanes[lane]!;
    for (let k = list.length - 1; k >= 0; k--) {
      const inv = list[k]!;
      const recs = inv.recs;
      let best = -1;
      for (let i = 0; i < recs.length; i++) {
        const rec = recs[i]!;
        if (laneOf[rec] === lane && (best < 0 || nextOf[rec]! < best)) best = nextOf[rec]!;
      }
      next[inv.n] = best;
      for (let i = 0; i < recs.length; i++) {
        laneOf[recs[i]!] = lane;
        nextOf[recs[i]!] = inv.n;
      }
    }
  }
  return next;
}

/**
 * Is the attempt `next` not the follow-up of `inv` in their lane? Either
 * records were given up for age at that moment, or records of `inv` were at
 * an attempt in between that Lambda throttled (D-6 shrinks the attempt; D-1:
 * it is tried again shrunk), or the mapping was re-enabled in between and resumed afresh from
 * its checkpoint (C-2). `after` (default `inv`) is the lane's attempt before
 * `next`, from which throttled attempts are looked for.
 */
export function freshStart(index: TraceIndex, inv: Invocation, next: Invocation, after: Invocation = inv): boolean {
  return index.gaveUpForAgeAt(inv.shardNo, next.t) || index.reenabledBetween(inv.pos, next.pos) || index.attempts.agedOutAtThrottleBetween(next.shardId, next.lane, after.pos, next.pos, inv.records);
}
