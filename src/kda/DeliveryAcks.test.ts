/**
 * L-2 / L-3 response matching, one row per rule.
 */
import { describe, expect, it } from 'vitest';
import { classifyDelivery } from './DeliveryAcks.ts';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const ok = (recordId: string) => ({ recordId, result: 'Ok' });

interface Row {
  readonly rule: string;
  readonly what: string;
  readonly result: { outcome: 'return' | 'error' | 'timeout'; response?: unknown; error?: string };
  readonly ok: string[];
  readonly failed: Record<string, string>;
}

const TABLE: Row[] = [
  { rule: 'L-2', what: 'every record answered Ok', result: { outcome: 'return', response: { records: [ok(A), ok(B)] } }, ok: [A, B], failed: {} },
  { rule: 'L-2', what: 'order of entries does not matter (ids, not positions)', result: { outcome: 'return', response: { records: [ok(B), ok(A)] } }, ok: [A, B], failed: {} },
  { rule: 'L-2', what: 'DeliveryFailed is a failure', result: { outcome: 'return', response: { records: [ok(A), { recordId: B, result: 'DeliveryFailed' }] } }, ok: [A], failed: { [B]: 'delivery-failed' } },
  { rule: 'L-2', what: 'a record missing from the response', result: { outcome: 'return', response: { records: [ok(A)] } }, ok: [A], failed: { [B]: 'missing' } },
  { rule: 'L-2', what: 'an entry without recordId acks nothing', result: { outcome: 'return', response: { records: [ok(A), { result: 'Ok' }] } }, ok: [A], failed: { [B]: 'missing' } },
  { rule: 'L-2', what: 'an entry without result', result: { outcome: 'return', response: { records: [ok(A), { recordId: B }] } }, ok: [A], failed: { [B]: 'missing-result' } },
  { rule: 'L-2', what: 'a recordId that does not match', result: { outcome: 'return', response: { records: [ok(A), ok('not-' + B)] } }, ok: [A], failed: { [B]: 'missing' } },
  { rule: 'L-2', what: 'an unknown result value: wrong case "ok"', result: { outcome: 'return', response: { records: [ok(A), { recordId: B, result: 'ok' }] } }, ok: [A], failed: { [B]: 'unknown-result' } },
  { rule: 'L-2', what: 'a Firehose result (Dropped) is unknown to KDA', result: { outcome: 'return', response: { records: [ok(A), { recordId: B, result: 'Dropped' }] } }, ok: [A], failed: { [B]: 'unknown-result' } },
  { rule: 'L-2', what: 'an id answered twice is ambiguous (model decision)', result: { outcome: 'return', response: { records: [ok(A), ok(B), ok(B)] } }, ok: [A], failed: { [B]: 'duplicated' } },
  { rule: 'P-3', what: 'async map without await: every entry is {}', result: { outcome: 'return', response: { records: [{}, {}] } }, ok: [], failed: { [A]: 'missing', [B]: 'missing' } },
  { rule: 'L-2', what: 'no records list (null response)', result: { outcome: 'return', response: null }, ok: [], failed: { [A]: 'unreadable-response', [B]: 'unreadable-response' } },
  { rule: 'L-2', what: 'wrong top-level key', result: { outcome: 'return', response: { Records: [ok(A), ok(B)] } }, ok: [], failed: { [A]: 'unreadable-response', [B]: 'unreadable-response' } },
  { rule: 'L-3', what: 'a function error fails every record', result: { outcome: 'error', error: 'Error: boom' }, ok: [], failed: { [A]: 'function-error', [B]: 'function-error' } },
  { rule: 'L-3', what: 'a timeout fails every record', result: { outcome: 'timeout' }, ok: [], failed: { [A]: 'timeout', [B]: 'timeout' } },
];

describe('KDA output response matching (L-2)', () => {
  it.each(TABLE)('[$rule] $what', (row) => {
    const v = classifyDelivery(row.result, [A, B]);
    expect([...v.ok].sort()).toEqual([...row.ok].sort());
    expect(Object.fromEntries(v.failed)).toEqual(row.failed);
  });
});
