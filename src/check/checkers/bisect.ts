/**
 * Bisect on function error (D-8, D-9): when a batch of several records fails
 * and BisectBatchOnFunctionError is on, the next attempt at its records is its
 * lower part, starting at its first record (in-order guarantee), and covers
 * strictly fewer records: the batch was split, not retried whole. A
 * re-enabled mapping starts afresh from its checkpoint (C-2), so a re-enable
 * in between excuses the next attempt.
 */
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { freshStart, nextDelivering } from '../laneHistory.ts';
import { failedIn, idsOf, type Invocation } from '../Invocation.ts';
import type { Rec, TraceIndex } from '../TraceIndex.ts';

export const bisect: Checker = {
  name: 'bisect',
  rules: ['D-8', 'D-9'],
  invariant: 'With bisect on, a failed batch of several records is retried as a proper lower part first, never whole and never upper part first.',
  check(index) {
    const findings: Finding[] = [];
    for (const list of index.lanes) {
      for (const inv of list) {
        if (findings.length >= 20 || !inv.config.BisectBatchOnFunctionError || !splits(inv)) continue;
        const next = nextDelivering(index, inv);
        if (!next || freshStart(index, inv, next)) continue;
        if (!properPrefix(next.records, inv.records)) findings.push(finding(index, inv, next));
      }
    }
    return findings;
  },
};

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
