/**
 * No loss (L-6, L-2, Q-7): in a run that ended with nothing left to do, every
 * row emitted was acknowledged Ok at every destination, across restarts.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { deliveryOutcome, describeFailure, rowAt, type KdaIndex } from '../KdaIndex.ts';

export const everyRowAcked: IndexChecker<KdaIndex> = {
  name: 'every-row-acked',
  rules: ['L-6', 'L-2', 'Q-7'],
  invariant: 'Every output row is eventually acknowledged Ok at every destination; a restart may repeat rows but never lose one.',
  check(index) {
    if (!index.complete) return [];
    const findings: Finding[] = [];
    for (const destination of index.destinations) {
      for (const row of index.rows) {
        const key = rowAt(destination, row.rid);
        const deliveries = index.deliveries.get(key) ?? [];
        if (deliveries.some((d) => deliveryOutcome(d) === 'ok')) continue;
        findings.push(lost(index, key, row.rid, destination));
      }
    }
    return findings;
  },
};

function lost(index: KdaIndex, key: string, rid: string, destination: string): Finding {
  const row = index.row(rid)!;
  const deliveries = index.deliveries.get(key) ?? [];
  const last = deliveries[deliveries.length - 1];
  const resume = index.resumes.find((r) => r.t >= (last?.inv.invoke.t ?? row.t));
  return {
    checker: 'every-row-acked', rule: 'L-6',
    summary: `row ${rid} was never acknowledged Ok at ${destination}: lost`,
    records: [key], at: index.end!.t,
    story: [
      { kind: 'let', t: row.t, what: `row ${rid} be emitted to the output stream feeding ${destination}` },
      last
        ? { kind: 'then', t: last.inv.invoke.t, what: `it was delivered ${deliveries.length} time(s); the last delivery failed because ${describeFailure(deliveryOutcome(last))}` }
        : { kind: 'then', what: `it was never delivered to ${destination}` },
      ...(resume ? [{ kind: 'then' as const, t: resume.t, what: `the application restarted and resumed from ${resume.fromRid === null ? 'after the last row' : `row ${resume.fromRid}`}` }] : []),
      { kind: 'but', t: index.end!.t, what: 'the run ended with nothing left to deliver, so the row was dropped: L-6 allows duplicates after a restart, never loss' },
    ],
  };
}
