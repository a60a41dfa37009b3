import { describe, expect, it } from 'vitest';
import type { ResultEvent } from '../trace/TraceEvent.ts';
import { resultsById } from './ResultsById.ts';

const result = (t: number, id: string): ResultEvent => ({ t, type: 'result', id, outcome: 'return', response: null });

describe('resultsById', () => {
  it('joins each id to its last result, whichever end of the ids varies', () => {
    const ids = [
      ...Array.from({ length: 300 }, (_, i) => `${i}-invocation-of-the-function`), // counter first
      ...Array.from({ length: 300 }, (_, i) => `invocation-of-the-function-${i}`), // counter last
      'a', '', 'same-suffix-xxxxxxxxxxxx', 'other-suffix-xxxxxxxxxxxx',
    ];
    const results = [...ids.map((id, i) => result(i, id)), result(9999, ids[5]!)]; // a later result of one id
    const join = resultsById(results);
    ids.forEach((id, i) => expect(results[join.get(id)!]!.t).toBe(i === 5 ? 9999 : i));
    expect(join.get('never-invoked')).toBeUndefined();
  });
});
