/**
 * Bisect on function error (D-8, D-9): when a batch of several records fails
 * and BisectBatchOnFunctionError is on, the next attempt at its records is its
 * lower part, starting at its first record (in-order guarantee), and covers
 * strictly fewer records: the batch was split, not retried whole, nor given
 * up whole. Until all its records are resolved, the halves (and their halves)
 * cover it in order and hold nothing else (see `strayAttempt`). A
 * re-enabled mapping starts afresh from its checkpoint (C-2), so a re-enable
 * in between excuses the next attempt.
 */
import type { DiscardEvent } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { freshStart, nextDelivering } from '../laneHistory.ts';
import { failedIn, idsOf, type Invocation } from '../Invocation.ts';
import type { Rec, TraceIndex } from '../TraceIndex.ts';

export const bisect: Checker = {
  name: 'bisect',
  rules: ['D-8', 'D-9'],
  invariant: 'With bisect on, a failed batch of several records is split, never retried or given up whole; its parts cover it in order, hold nothing else, and never grow back while unresolved.',
  check(index) {
    const findings: Finding[] = [];
    for (const list of index.lanes) {
      for (let i = 0; i < list.length; i++) {
        const inv = list[i]!;
        if (findings.length >= 20 || !inv.config.BisectBatchOnFunctionError || !splits(inv)) continue;
        const next = nextDelivering(index, inv);
        if (!next) {
          const whole = givenUpWhole(index, inv);
          if (whole) findings.push(story(index, inv, 'D-8', `a failed batch of ${inv.records.length} was given up whole instead of bisected`, whole.t, `all ${inv.records.length} records were given up for RetryAttemptsExhausted without a split: splitting is free (D-8), so each half should have been tried first`));
          continue;
        }
        if (freshStart(index, inv, next)) continue;
        if (!properPrefix(next.records, inv.records)) {
          findings.push(finding(index, inv, next));
          continue;
        }
        const stray = strayAttempt(index, list, i);
        if (stray) findings.push(story(index, inv, 'D-9', `after a failed batch of ${inv.records.length} was split, [${names(index, stray.at.recs)}] ${stray.why}`, stray.at.t, `the lane's next attempt was [${names(index, stray.at.recs)}], which ${stray.why}: the halves must cover the failed batch, in order, before anything else runs`));
      }
    }
    return findings;
  },
};

/**
 * D-8, D-9: once the batch at `list[i]` failed and was split, every attempt
 * of its lane until all its records are resolved (processed, given up or
 * filtered; not trimmed: a record retention trims while its batch is retried
 * stays in the batch until it is given up, J-1) is a contiguous run of the
 * batch that starts at its first unresolved record, and no part grows back
 * past the part before it while that one is unresolved: no record from
 * outside joins a half, no gap, and the upper part never goes before the
 * lower. A re-enable ends the watch (C-2). The first attempt that breaks
 * this, and how.
 */
function strayAttempt(index: TraceIndex, list: readonly Invocation[], i: number): { at: Invocation; why: string } | undefined {
  const inv = list[i]!;
  const place = new Map(inv.records.map((s, k) => [s, k] as const));
  let first = 0; // the batch's first unresolved record: resolutions only move forward in time, and so does the lane
  let prevEnd = inv.records.length - 1; // the last place of the attempt before
  for (let j = i + 1; j < list.length; j++) {
    const at = list[j]!;
    if (freshStart(index, inv, at, list[j - 1])) return undefined;
    while (first < inv.recs.length && doneBy(index, inv, first, at.t)) first++;
    if (first === inv.recs.length) return undefined; // every record of the batch resolved
    for (let k = 0; k < at.records.length; k++) {
      const p = place.get(at.records[k]!);
      if (p === undefined) return { at, why: `holds seq ${at.records[k]}, which was not in the failed batch` };
      if (p !== first + k) return { at, why: k === 0 ? `starts at its record ${p + 1}, while record ${first + 1} (seq ${inv.records[first]}) was still unresolved` : `is not a contiguous part of it (seq ${at.records[k]} after seq ${at.records[k - 1]})` };
    }
    const end = first + at.records.length - 1;
    if (end > prevEnd && !doneThrough(index, inv, first, prevEnd, at.t)) {
      return { at, why: `grows back past the part before it, which ended at seq ${inv.records[prevEnd]} and was unresolved, to seq ${inv.records[end]} (a split undone restarts its retries)` };
    }
    prevEnd = end;
  }
  return undefined;
}

/** Are the batch's records at places `from` to `to` all processed, given up or filtered by `t`? */
function doneThrough(index: TraceIndex, inv: Invocation, from: number, to: number, t: number): boolean {
  for (let k = from; k <= to; k++) if (!doneBy(index, inv, k, t)) return false;
  return true;
}

/**
 * Was the failed batch's record at place `k` processed, given up or filtered
 * out by `t`, since the batch was invoked? A record resolved before that, and
 * held by the batch all the same, was read again by a poller restarted from
 * its checkpoint (C-2, A-20: its retry state started over), and is owed anew:
 * only a resolution after the batch's invocation counts then.
 */
function doneBy(index: TraceIndex, inv: Invocation, k: number, t: number): boolean {
  const rec = inv.recs[k]!;
  const first = Math.min(index.succeededAt(rec) ?? Infinity, index.discardedAt(rec) ?? Infinity, index.filteredAt(rec) ?? Infinity);
  if (first > inv.t) return first <= t;
  const seq = inv.records[k]!;
  const succeeded = index.deliveriesOf(rec).some((d) => d.pos > inv.pos && d.result !== undefined && d.endT <= t && !failedIn(d, seq));
  return succeeded || index.discards.some((d) => d.t <= t && d.shardId === inv.shardId && index.placeOf(d) > inv.pos && d.records.includes(seq));
}

/**
 * D-8: the failed batch's records given up together for RetryAttemptsExhausted, with no attempt in between: it was never split.
 * Not a give-up after a restart (an `Enabled` in between, C-2, A-20): the new poller's own batch, perhaps under other settings, was given up.
 */
function givenUpWhole(index: TraceIndex, inv: Invocation): DiscardEvent | undefined {
  const first = inv.records[0]!;
  return index.discards.find((d) => d.shardId === inv.shardId && d.condition === 'RetryAttemptsExhausted' && d.t >= inv.endT && d.records.length === inv.records.length && d.records[0] === first && !index.reenabledBetween(inv.pos, index.placeOf(d)));
}

const names = (index: TraceIndex, recs: readonly Rec[]) => recs.map((rec) => index.nameOf(rec)).join(', ');

function story(index: TraceIndex, inv: Invocation, rule: 'D-8' | 'D-9', summary: string, t: number, but: string): Finding {
  return {
    checker: 'bisect', rule, summary, records: idsOf(inv), at: t,
    story: [
      { kind: 'let', t: inv.t, what: `invocation ${inv.invoke.id} deliver [${names(index, inv.recs)}] with BisectBatchOnFunctionError on` },
      { kind: 'then', t: inv.result?.t, what: 'it failed, starting at its first record' },
      { kind: 'but', t, what: but },
    ],
  };
}

/** Is `part` shorter than `whole` and equal to its beginning? */
function properPrefix(part: readonly string[], whole: readonly string[]): boolean {
  if (part.length >= whole.length) return false;
  for (let k = 0; k < part.length; k++) if (part[k] !== whole[k]) return false;
  return true;
}

/** A complete failure of several records, or a partial one whose lowest failure is the first record (D-8). */
function splits(inv: Invocation): boolean {
  return inv.records.length > 1 && failedIn(inv, inv.records[0]!);
}

function finding(index: TraceIndex, inv: Invocation, next: Invocation): Finding {
  const names = (recs: readonly Rec[]) => recs.map((rec) => index.nameOf(rec)).join(', ');
  const whole = next.records.length === inv.records.length;
  return {
    checker: 'bisect', rule: whole ? 'D-8' : 'D-9',
    summary: whole ? `a failed batch of ${inv.records.length} was retried whole instead of bisected` : `after a failed batch of ${inv.records.length}, the next attempt [${names(next.recs)}] is not its lower part`,
    records: idsOf(inv), at: next.t,
    story: [
      { kind: 'let', t: inv.t, what: `invocation ${inv.invoke.id} deliver [${names(inv.recs)}] with BisectBatchOnFunctionError on` },
      { kind: 'then', t: inv.result?.t, what: 'it failed, starting at its first record' },
      { kind: 'but', t: next.t, what: whole ? `the same ${inv.records.length} records were invoked again, unsplit` : `the next attempt was [${names(next.recs)}], not a part starting at ${index.putOf(inv.recs[0]!)?.rid}: the upper half may not overtake the lower (in-order guarantee)` },
    ],
  };
}
