import { describe, expect, it } from 'vitest';
import { risksOf } from './risks.ts';

describe('silent-loss risks (E-6)', () => {
  it('flags a wrong top-level key response, with its rule and case count', () => {
    const [risk, ...rest] = risksOf({ 'function-error': 4, 'wrong-top-level-key': 3 });
    expect(rest).toEqual([]);
    expect(risk).toMatchObject({ hitClass: 'wrong-top-level-key', rule: 'E-6', cases: 3 });
    expect(risk!.text).toMatch(/^silent-loss risk \(E-6\) in 3 case\(s\): .*silently lost\.$/);
  });
  it('says nothing when no case showed one', () => {
    expect(risksOf({ 'wrong-top-level-key': 0, 'partial-response': 9 })).toEqual([]);
  });
});
