/**
 * retryHint accounting (L-1, Q-7): a row's retryHint at a destination equals
 * the number of its failed deliveries there earlier in the same run: 0 on the
 * first delivery, +1 per delivery failure, and back to 0 after the
 * application is disrupted (the hint is not durable).
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { deliveryOutcome, describeFailure, type KdaDelivery, type KdaIndex } from '../KdaIndex.ts';

export const retryHint: IndexChecker<KdaIndex> = {
  name: 'retry-hint',
  rules: ['L-1', 'Q-7'],
  invariant: 'retryHint is the number of earlier failed deliveries of the row to the destination in the same run (0 after a restart).',
  check(index) {
    const findings: Finding[] = [];
    for (const [key, all] of index.deliveries) {
      for (const run of new Set(all.map((d) => d.inv.run))) {
        const problem = firstWrongHint(key, index.inRun(key, run), run);
        if (problem) findings.push(problem);
      }
    }
    return findings;
  },
};

function firstWrongHint(key: string, deliveries: readonly KdaDelivery[], run: number): Finding | undefined {
  let failures = 0;
  for (let i = 0; i < deliveries.length; i++) {
    const d = deliveries[i]!;
    if (d.record.retryHint !== failures) return wrong(key, deliveries.slice(0, i), d, failures, run);
    const outcome = deliveryOutcome(d);
    if (outcome !== 'ok' && outcome !== 'abandoned') failures += 1;
  }
  return undefined;
}

function wrong(key: string, before: readonly KdaDelivery[], d: KdaDelivery, expected: number, run: number): Finding {
  const history = before.map((b) => describeFailure(deliveryOutcome(b))).join('; ');
  return {
    checker: 'retry-hint', rule: 'L-1',
    summary: `${key} was sent with retryHint ${d.record.retryHint} where ${expected} was due`,
    records: [key], at: d.inv.invoke.t,
    story: [
      { kind: 'let', t: (before[0] ?? d).inv.invoke.t, what: `row ${d.record.rid} be delivered to ${d.inv.invoke.destination} in run ${run} of the application${run > 0 ? ' (after a restart, which resets retryHint)' : ''}` },
      { kind: 'then', what: before.length === 0 ? 'this was its first delivery in the run' : `its ${before.length} earlier delivery(ies) in the run went: ${history}` },
      { kind: 'but', t: d.inv.invoke.t, what: `this delivery carried retryHint ${d.record.retryHint}; L-1 raises it by one per delivery failure, so it should be ${expected}` },
    ],
  };
}
