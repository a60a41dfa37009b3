import { describe, expect, it } from 'vitest';
import { ClassificationMemo } from './ClassificationMemo.ts';

describe('ClassificationMemo', () => {
  const batch = ['100', '200', '1000'];

  it('answers a repeated response for the same batch as the first time', () => {
    const memo = new ClassificationMemo();
    const result = { outcome: 'return' as const, response: { batchItemFailures: [{ itemIdentifier: '1000' }, { itemIdentifier: '200' }] } };
    const first = memo.classify(result, batch, true);
    expect(first).toEqual({ kind: 'partial', lowestFailed: '200' });
    expect(memo.classify(result, batch, true)).toBe(first); // remembered, not worked out again
  });

  it('classifies the same response again for another batch', () => {
    const memo = new ClassificationMemo();
    const result = { outcome: 'return' as const, response: { batchItemFailures: [{ itemIdentifier: '200' }] } };
    expect(memo.classify(result, batch, true)).toEqual({ kind: 'partial', lowestFailed: '200' });
    expect(memo.classify(result, ['1000'], true).kind).toBe('failure'); // E-5: 200 is not in this batch
  });

  it('classifies a new response for the same batch afresh', () => {
    const memo = new ClassificationMemo();
    expect(memo.classify({ outcome: 'return', response: { batchItemFailures: [{ itemIdentifier: '1000' }] } }, batch, true)).toEqual({ kind: 'partial', lowestFailed: '1000' });
    expect(memo.classify({ outcome: 'return', response: { batchItemFailures: [{ itemIdentifier: '100' }] } }, batch, true)).toEqual({ kind: 'partial', lowestFailed: '100' });
    expect(memo.classify({ outcome: 'return', response: { batchItemFailures: [{ itemIdentifier: '999' }] } }, batch, true).kind).toBe('failure'); // E-5
  });

  it('does not carry a partial verdict over to a mapping without ReportBatchItemFailures (E-1)', () => {
    const memo = new ClassificationMemo();
    const result = { outcome: 'return' as const, response: { batchItemFailures: [{ itemIdentifier: '200' }] } };
    expect(memo.classify(result, batch, true).kind).toBe('partial');
    expect(memo.classify(result, batch, false)).toEqual({ kind: 'success' });
  });
});
