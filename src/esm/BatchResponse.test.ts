import { describe, expect, it } from 'vitest';
import { classifyResponse, classifyResult } from './BatchResponse.ts';

// The batch of every row: note "99" < "100" as integers (E-3), not as strings.
const BATCH = ['99', '100', '101'];

describe('classification table for ReportBatchItemFailures (E-1..E-6)', () => {
  it.each([
    ['E-4', 'null response', null, { kind: 'success' }],
    ['E-4', 'empty string', '', { kind: 'success' }],
    ['E-4', 'bare empty list []', [], { kind: 'success' }],
    ['E-4', 'empty object {}', {}, { kind: 'success' }],
    ['E-4', 'empty batchItemFailures', { batchItemFailures: [] }, { kind: 'success' }],
    ['E-4', 'null batchItemFailures', { batchItemFailures: null }, { kind: 'success' }],
    ['E-6', 'wrong top-level key (silent-loss risk)', { failedItems: [{ itemIdentifier: '100' }] }, { kind: 'success', note: 'wrong-top-level-key' }],
    ['E-3', 'one failure', { batchItemFailures: [{ itemIdentifier: '100' }] }, { kind: 'partial', lowestFailed: '100' }],
    ['E-3', 'lowest of several, integer order', { batchItemFailures: [{ itemIdentifier: '101' }, { itemIdentifier: '99' }, { itemIdentifier: '100' }] }, { kind: 'partial', lowestFailed: '99' }],
  ])('%s: %s', (_rule, _name, response, expected) => {
    expect(classifyResponse(response, BATCH)).toEqual(expected);
  });

  it.each([
    ['E-5', 'empty-string itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['E-5', 'null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['E-5', 'wrong item key {foo:123}', { batchItemFailures: [{ foo: 123 }] }],
    ['E-5', 'wrong item key {foo:null}', { batchItemFailures: [{ foo: null }] }],
    ['E-5', 'non-string itemIdentifier 123', { batchItemFailures: [{ itemIdentifier: 123 }] }],
    ['E-5', 'identifier not in the batch', { batchItemFailures: [{ itemIdentifier: '102' }] }],
    ['E-5', 'a valid item next to a malformed one', { batchItemFailures: [{ itemIdentifier: '100' }, { itemIdentifier: '' }] }],
    ['E-5', 'null item', { batchItemFailures: [null] }],
    ['E-5', 'batchItemFailures not a list', { batchItemFailures: 'x' }],
  ])('%s: %s is a complete failure', (_rule, _name, response) => {
    expect(classifyResponse(response, BATCH).kind).toBe('failure');
  });

  it('E-1: without ReportBatchItemFailures the body is ignored, a return is success', () => {
    expect(classifyResult({ outcome: 'return', response: { batchItemFailures: [{ itemIdentifier: '100' }] } }, BATCH, false)).toEqual({ kind: 'success' });
  });

  it('D-2: a thrown error or a timeout is a complete failure whatever the setting', () => {
    for (const rbif of [true, false]) {
      expect(classifyResult({ outcome: 'error' }, BATCH, rbif).kind).toBe('failure');
      expect(classifyResult({ outcome: 'timeout' }, BATCH, rbif).kind).toBe('failure');
    }
  });
});
