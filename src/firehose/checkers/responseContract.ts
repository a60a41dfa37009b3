/**
 * The response contract (M-2, Q-8): the returned recordIds must be exactly
 * the sent ones, each once, with a known result; otherwise every record of
 * the batch fails with `Lambda.DuplicatedRecordId`, `Lambda.MissingRecordId`
 * or `Lambda.JsonProcessingException`. When the response is valid, each
 * record goes where its result says. Checked per record against the verdict
 * on its last attempt.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { describeVerdict, expectedEnd, type ExpectedEnd, type FirehoseIndex, type RecordHistory } from '../FirehoseIndex.ts';

export const responseContract: IndexChecker<FirehoseIndex> = {
  name: 'response-contract',
  rules: ['M-2', 'Q-8'],
  invariant: 'Each record ends where the verdict on its last response puts it: Ok delivered, Dropped nowhere, anything else processing-failed with the matching errorCode.',
  check(index) {
    const findings: Finding[] = [];
    for (const h of index.records.values()) {
      const expected = expectedEnd(h);
      if (expected === undefined) continue;
      const actual = actualEnd(h);
      if (actual === undefined || same(expected, actual)) continue;
      findings.push(mismatch(h, expected, actual));
    }
    return findings;
  },
};

function actualEnd(h: RecordHistory): ExpectedEnd | undefined {
  if (h.delivered.length > 0) return 'delivered';
  const f = h.failed[0];
  return f ? { failedWith: f.document.errorCode } : 'dropped';
}

function same(a: ExpectedEnd, b: ExpectedEnd): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.failedWith === b.failedWith;
}

function words(e: ExpectedEnd): string {
  if (e === 'delivered') return 'delivered to the destination';
  if (e === 'dropped') return 'in no destination (dropped)';
  return `written to processing-failed/ with errorCode ${e.failedWith}`;
}

function mismatch(h: RecordHistory, expected: ExpectedEnd, actual: ExpectedEnd): Finding {
  const last = h.attempts[h.attempts.length - 1]!;
  const recordId = last.invoke.records.find((r) => r.rid === h.put.rid)!.recordId;
  return {
    checker: 'response-contract', rule: 'M-2',
    summary: `${h.put.rid} ended ${words(actual)}, but its last response puts it ${words(expected)}`,
    records: [h.put.rid], at: last.result!.t,
    story: [
      { kind: 'let', t: last.invoke.t, what: `record ${h.put.rid} be sent to the function as recordId ${recordId}` },
      { kind: 'then', t: last.result!.t, what: `${describeVerdict(last.verdict, recordId)}; the response was ${JSON.stringify(last.result!.response ?? null).slice(0, 300)}` },
      { kind: 'but', what: `it ended ${words(actual)}; by M-2 it belongs ${words(expected)}` },
    ],
  };
}
