/**
 * The processing-failed record (M-4): each document has exactly the
 * documented fields, and they tell the truth: attempts made, the record's
 * arrival, when the last attempt ended, its raw data, the function.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { compileSchema, problemsOf } from '../../schema/validator.ts';
import schema from '../processing-failed.schema.json' with { type: 'json' };
import type { FirehoseIndex, RecordHistory } from '../FirehoseIndex.ts';
import type { FirehoseFailedEvent } from '../FirehoseTrace.ts';

const validate = compileSchema(schema);

export const processingFailedShape: IndexChecker<FirehoseIndex> = {
  name: 'processing-failed-shape',
  rules: ['M-4'],
  invariant: 'Each processing-failed document has the M-4 fields, and attemptsMade, arrivalTimestamp, attemptEndingTimestamp, rawData and lambdaArn are those of the record.',
  check(index) {
    const findings: Finding[] = [];
    for (const h of index.records.values()) {
      for (const f of h.failed) {
        const problems = [...problemsOf(validate, f.document).map((p) => `${p.pointer}: ${p.reason}`), ...contentProblems(index, h, f)];
        if (problems.length > 0) findings.push(finding(h, f, problems));
      }
    }
    return findings;
  },
};

function contentProblems(index: FirehoseIndex, h: RecordHistory, f: FirehoseFailedEvent): string[] {
  const d = f.document;
  const attempts = h.attempts.filter((a) => a.invoke.t <= f.t);
  const lastEnd = attempts[attempts.length - 1]?.result?.t;
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  expect(d.attemptsMade === attempts.length, `attemptsMade is ${d.attemptsMade}, but the record was sent ${attempts.length} time(s)`);
  expect(d.arrivalTimestamp === h.put.t, `arrivalTimestamp is ${d.arrivalTimestamp}, but the record arrived at ${h.put.t}`);
  expect(lastEnd === undefined || d.attemptEndingTimestamp === lastEnd, `attemptEndingTimestamp is ${d.attemptEndingTimestamp}, but the last attempt ended at ${lastEnd}`);
  const raw = typeof d.rawData === 'string' ? decodedLength(d.rawData) : undefined;
  expect(raw === undefined || raw === h.put.bytes, `rawData holds ${raw} bytes, the record ${h.put.bytes}`);
  expect(d.lambdaArn === index.start?.lambdaArn, `lambdaArn is ${JSON.stringify(d.lambdaArn)}, not the processor's function`);
  return problems;
}

/** Bytes that a (well-formed) base64 string decodes to. */
function decodedLength(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - padding;
}

function finding(h: RecordHistory, f: FirehoseFailedEvent, problems: readonly string[]): Finding {
  return {
    checker: 'processing-failed-shape', rule: 'M-4',
    summary: `the processing-failed record of ${h.put.rid} is wrong: ${problems[0]}`,
    records: [h.put.rid], at: f.t,
    story: [
      { kind: 'let', t: h.put.t, what: `record ${h.put.rid} (${h.put.bytes} bytes) arrive` },
      { kind: 'then', t: f.t, what: `after ${h.attempts.length} attempt(s) it was written to processing-failed/ with errorCode ${f.document.errorCode}` },
      { kind: 'but', what: problems.join('; ') },
    ],
  };
}
