import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Backoff } from './Backoff.ts';
import { DEFAULT_MODEL_OPTIONS } from './ModelOptions.ts';

describe('Backoff (D-11)', () => {
  it('doubles from 500 ms to the 60 s cap by default, and stays there for a week of retries', () => {
    const b = new Backoff(DEFAULT_MODEL_OPTIONS.backoff);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10_000].map((k) => b.delay(k))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  test.prop([
    fc.record({ baseMs: fc.double({ min: 0, max: 1e5, noNaN: true }), factor: fc.double({ min: 0, max: 4, noNaN: true }), maxMs: fc.double({ min: 0, max: 1e7, noNaN: true }) }),
    fc.integer({ min: 1, max: 20_000 }),
  ])('every delay is min(maxMs, baseMs * factor^(k-1)), whatever the options', (options, far) => {
    const b = new Backoff(options);
    const formula = (k: number) => Math.min(options.maxMs, options.baseMs * options.factor ** (k - 1));
    for (const k of [...Array.from({ length: 64 }, (_, i) => i + 1), far]) expect(b.delay(k), `k = ${k}`).toBe(formula(k));
  });
});
