/**
 * Retry accounting (M-4): a batch whose invocation fails (function error or
 * timeout) is invoked again, NumberOfRetries times at most, and given up only
 * after all of them; a response, valid or not, ends the batch (model
 * decision: contract failures are not retried).
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { describeVerdict, type FirehoseIndex, type RecordHistory } from '../FirehoseIndex.ts';

export const retryLimit: IndexChecker<FirehoseIndex> = {
  name: 'retry-limit',
  rules: ['M-4'],
  invariant: 'A record is re-sent only after an invocation failure, at most NumberOfRetries times, and given up for it only after exactly NumberOfRetries retries.',
  check(index) {
    const retries = index.start?.numberOfRetries ?? 3;
    const findings: Finding[] = [];
    for (const h of index.records.values()) {
      const problem = overLimit(h, retries) ?? retriedAfterAnswer(h) ?? (index.complete ? gaveUpEarly(h, retries) : undefined);
      if (problem) findings.push(problem);
    }
    return findings;
  },
};

function recordIdIn(h: RecordHistory, i: number): string {
  return h.attempts[i]!.invoke.records.find((r) => r.rid === h.put.rid)!.recordId;
}

function overLimit(h: RecordHistory, retries: number): Finding | undefined {
  if (h.attempts.length <= retries + 1) return undefined;
  const extra = h.attempts[retries + 1]!;
  return {
    checker: 'retry-limit', rule: 'M-4',
    summary: `${h.put.rid} was sent ${h.attempts.length} times, more than 1 + NumberOfRetries (${retries})`,
    records: [h.put.rid], at: extra.invoke.t,
    story: [
      { kind: 'let', t: h.put.t, what: `record ${h.put.rid} arrive, with NumberOfRetries ${retries}` },
      { kind: 'then', t: h.attempts[retries]!.result?.t, what: `its first ${retries + 1} invocations all failed` },
      { kind: 'but', t: extra.invoke.t, what: `it was invoked an attempt ${retries + 2}; M-4 skips the batch after ${retries} retries` },
    ],
  };
}

function retriedAfterAnswer(h: RecordHistory): Finding | undefined {
  const i = h.attempts.findIndex((a, k) => k + 1 < h.attempts.length && a.verdict?.kind !== 'invocation-failed');
  if (i < 0) return undefined;
  const answered = h.attempts[i]!;
  return {
    checker: 'retry-limit', rule: 'M-4',
    summary: `${h.put.rid} was sent again although its invocation had not failed`,
    records: [h.put.rid], at: h.attempts[i + 1]!.invoke.t,
    story: [
      { kind: 'let', t: answered.invoke.t, what: `record ${h.put.rid} be sent to the function` },
      { kind: 'then', t: answered.result?.t, what: describeVerdict(answered.verdict, recordIdIn(h, i)) },
      { kind: 'but', t: h.attempts[i + 1]!.invoke.t, what: 'it was sent again; M-4 retries only invocation failures (a response ends the batch)' },
    ],
  };
}

function gaveUpEarly(h: RecordHistory, retries: number): Finding | undefined {
  const last = h.attempts[h.attempts.length - 1];
  if (!last || last.verdict?.kind !== 'invocation-failed' || h.attempts.length === retries + 1) return undefined;
  return {
    checker: 'retry-limit', rule: 'M-4',
    summary: `${h.put.rid} was given up after ${h.attempts.length} attempt(s), not 1 + NumberOfRetries = ${retries + 1}`,
    records: [h.put.rid], at: last.result!.t,
    story: [
      { kind: 'let', t: h.put.t, what: `record ${h.put.rid} arrive, with NumberOfRetries ${retries}` },
      { kind: 'then', t: last.result!.t, what: `attempt ${h.attempts.length} failed: ${describeVerdict(last.verdict, recordIdIn(h, h.attempts.length - 1))}` },
      { kind: 'but', what: `no retry followed; M-4 retries an invocation failure ${retries} times before it skips the batch` },
    ],
  };
}
