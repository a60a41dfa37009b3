/**
 * M-2 / M-4 response matching, one row per rule.
 */
import { describe, expect, it } from 'vitest';
import { classifyTransform } from './TransformAcks.ts';

const A = 'rec-A';
const B = 'rec-B';
const entry = (recordId: string, result: string) => ({ recordId, result, data: 'eA==' });

interface Row {
  readonly rule: string;
  readonly what: string;
  readonly result: { outcome: 'return' | 'error' | 'timeout'; response?: unknown; error?: string };
  /** Expected: a batch error code, or the per-record results. */
  readonly expected: string | Record<string, string>;
}

const TABLE: Row[] = [
  { rule: 'M-2', what: 'Ok and Dropped are success, ProcessingFailed failure, per record', result: { outcome: 'return', response: { records: [entry(A, 'Dropped'), entry(B, 'ProcessingFailed')] } }, expected: { [A]: 'Dropped', [B]: 'ProcessingFailed' } },
  { rule: 'M-2', what: 'entries may come back in any order', result: { outcome: 'return', response: { records: [entry(B, 'Ok'), entry(A, 'Ok')] } }, expected: { [A]: 'Ok', [B]: 'Ok' } },
  { rule: 'M-2', what: 'Lambda.DuplicatedRecordId: the same id twice', result: { outcome: 'return', response: { records: [entry(A, 'Ok'), entry(A, 'Ok'), entry(B, 'Ok')] } }, expected: 'Lambda.DuplicatedRecordId' },
  { rule: 'M-2', what: 'Lambda.MissingRecordId: a sent id not returned', result: { outcome: 'return', response: { records: [entry(A, 'Ok')] } }, expected: 'Lambda.MissingRecordId' },
  { rule: 'M-2', what: 'a recordId that does not match (replaced id)', result: { outcome: 'return', response: { records: [entry(A, 'Ok'), entry('invented', 'Ok')] } }, expected: 'Lambda.MissingRecordId' },
  { rule: 'Q-8', what: 'an extra unknown id beside all sent ids (model decision)', result: { outcome: 'return', response: { records: [entry(A, 'Ok'), entry(B, 'Ok'), entry('extra', 'Ok')] } }, expected: 'Lambda.MissingRecordId' },
  { rule: 'P-3', what: 'async map without await: every entry is {}', result: { outcome: 'return', response: { records: [{}, {}] } }, expected: 'Lambda.MissingRecordId' },
  { rule: 'M-2', what: 'Lambda.JsonProcessingException: no records list', result: { outcome: 'return', response: 'not json' }, expected: 'Lambda.JsonProcessingException' },
  { rule: 'M-2', what: 'Lambda.JsonProcessingException: an unknown result value (wrong case "ok")', result: { outcome: 'return', response: { records: [entry(A, 'Ok'), entry(B, 'ok')] } }, expected: 'Lambda.JsonProcessingException' },
  { rule: 'M-2', what: 'Lambda.JsonProcessingException: an entry without result', result: { outcome: 'return', response: { records: [entry(A, 'Ok'), { recordId: B, data: 'eA==' }] } }, expected: 'Lambda.JsonProcessingException' },
  { rule: 'M-2', what: 'Lambda.JsonProcessingException: Ok without data (model decision)', result: { outcome: 'return', response: { records: [entry(A, 'Ok'), { recordId: B, result: 'Ok' }] } }, expected: 'Lambda.JsonProcessingException' },
  { rule: 'M-4', what: 'a function error is an invocation failure (retried)', result: { outcome: 'error', error: 'Error: boom' }, expected: 'Lambda.FunctionError' },
  { rule: 'M-4', what: 'a timeout is an invocation failure (retried)', result: { outcome: 'timeout' }, expected: 'Lambda.FunctionError' },
];

describe('Firehose transformation response matching (M-2)', () => {
  it.each(TABLE)('[$rule] $what', (row) => {
    const v = classifyTransform(row.result, [A, B]);
    if (typeof row.expected === 'string') {
      expect(v.kind).not.toBe('records');
      expect(v.kind === 'records' ? undefined : v.errorCode).toBe(row.expected);
      expect(v.kind).toBe(row.expected === 'Lambda.FunctionError' ? 'invocation-failed' : 'response-rejected');
    } else {
      expect(v.kind === 'records' ? Object.fromEntries(v.results) : v).toEqual(row.expected);
    }
  });
});
