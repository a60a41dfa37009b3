/**
 * Every record ends exactly once (M-2, M-4): transformed and delivered
 * (`Ok`), dropped on purpose (`Dropped`), or written to `processing-failed/`,
 * never lost and never two of these.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { describeVerdict, expectedEnd, type FirehoseIndex, type RecordHistory } from '../FirehoseIndex.ts';

export const everyRecordResolved: IndexChecker<FirehoseIndex> = {
  name: 'every-record-resolved',
  rules: ['M-2', 'M-4'],
  invariant: 'Every record is delivered, dropped by the function, or written to processing-failed: exactly one of these.',
  check(index) {
    const findings: Finding[] = [];
    for (const h of index.records.values()) {
      const ends = h.delivered.length + h.failed.length + (expectedEnd(h) === 'dropped' && h.delivered.length + h.failed.length === 0 ? 1 : 0);
      if (ends === 1 || (ends === 0 && !index.complete)) continue;
      findings.push(ends === 0 ? lost(index, h) : twice(h));
    }
    return findings;
  },
};

function lost(index: FirehoseIndex, h: RecordHistory): Finding {
  const last = h.attempts[h.attempts.length - 1];
  const recordId = last?.invoke.records.find((r) => r.rid === h.put.rid)?.recordId ?? '';
  return {
    checker: 'every-record-resolved', rule: 'M-4',
    summary: `${h.put.rid} was neither delivered, dropped nor written to processing-failed: lost`,
    records: [h.put.rid], at: index.end!.t,
    story: [
      { kind: 'let', t: h.put.t, what: `record ${h.put.rid} (${h.put.bytes} bytes) arrive` },
      last
        ? { kind: 'then', t: last.result?.t ?? last.invoke.t, what: `it was sent to the function ${h.attempts.length} time(s); at the last, ${describeVerdict(last.verdict, recordId)}` }
        : { kind: 'then', what: 'it was never sent to the function' },
      { kind: 'but', t: index.end!.t, what: 'the run ended with it in no destination: M-4 writes records that fail to processing-failed/' },
    ],
  };
}

function twice(h: RecordHistory): Finding {
  const places = [...h.delivered.map((d) => ({ t: d.t, where: 'the destination' })), ...h.failed.map((f) => ({ t: f.t, where: `processing-failed/ (${f.document.errorCode})` }))];
  return {
    checker: 'every-record-resolved', rule: 'M-2',
    summary: `${h.put.rid} ended ${places.length} times`,
    records: [h.put.rid], at: places[1]?.t ?? h.put.t,
    story: [
      { kind: 'let', t: h.put.t, what: `record ${h.put.rid} arrive` },
      ...places.map((p) => ({ kind: 'then' as const, t: p.t, what: `it was written to ${p.where}` })),
      { kind: 'but', what: 'a record ends in exactly one place: delivered, dropped, or processing-failed' },
    ],
  };
}
