/**
 * Re-send exactly the failures (L-3, L-2, Q-7): within one run of the
 * application, a row is delivered again to a destination if and only if its
 * previous delivery there was not acknowledged Ok. An Ok row is never sent
 * again (until a restart, L-6); a failed one is always retried.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { deliveryOutcome, describeFailure, type KdaDelivery, type KdaIndex } from '../KdaIndex.ts';

export const resendIffFailed: IndexChecker<KdaIndex> = {
  name: 'resend-iff-failed',
  rules: ['L-3', 'L-2', 'Q-7'],
  invariant: 'Within a run, a row is re-sent to a destination if and only if its last delivery there was not acknowledged Ok.',
  check(index) {
    const findings: Finding[] = [];
    for (const [key, all] of index.deliveries) {
      const runs = [...new Set(all.map((d) => d.inv.run))];
      for (const run of runs) {
        const problem = check(index, key, index.inRun(key, run));
        if (problem) findings.push(problem);
      }
    }
    return findings;
  },
};

function check(index: KdaIndex, key: string, deliveries: readonly KdaDelivery[]): Finding | undefined {
  for (let i = 0; i + 1 < deliveries.length; i++) {
    if (deliveryOutcome(deliveries[i]!) === 'ok') return resentOk(key, deliveries[i]!, deliveries[i + 1]!);
  }
  const last = deliveries[deliveries.length - 1]!;
  const outcome = deliveryOutcome(last);
  const runEnded = index.runEnds[last.inv.run] !== undefined;
  if (outcome === 'ok' || outcome === 'abandoned' || runEnded || !index.complete) return undefined;
  return {
    checker: 'resend-iff-failed', rule: 'L-3',
    summary: `${key} failed (${outcome}) and was never re-sent`,
    records: [key], at: index.end!.t,
    story: [
      { kind: 'let', t: last.inv.invoke.t, what: `row ${last.record.rid} be delivered to ${last.inv.invoke.destination} under recordId ${last.record.recordId}` },
      { kind: 'then', t: last.inv.result!.t, what: `the delivery failed: ${describeFailure(outcome)} (L-2)` },
      { kind: 'but', t: index.end!.t, what: 'the application never sent it again, though L-3 retries failed records until they succeed' },
    ],
  };
}

function resentOk(key: string, ok: KdaDelivery, again: KdaDelivery): Finding {
  return {
    checker: 'resend-iff-failed', rule: 'L-3',
    summary: `${key} was acknowledged Ok and then sent again in the same run`,
    records: [key], at: again.inv.invoke.t,
    story: [
      { kind: 'let', t: ok.inv.invoke.t, what: `row ${ok.record.rid} be delivered to ${ok.inv.invoke.destination} under recordId ${ok.record.recordId}` },
      { kind: 'then', t: ok.inv.result!.t, what: 'the function acknowledged it with "Ok" (L-2: delivered)' },
      { kind: 'but', t: again.inv.invoke.t, what: `it was sent again (retryHint ${again.record.retryHint}) without a restart in between; L-3 re-sends only records that failed` },
    ],
  };
}
