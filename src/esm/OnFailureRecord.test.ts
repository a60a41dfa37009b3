import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoMillis, isoSeconds } from './OnFailureRecord.ts';

describe('isoMillis (F-2)', () => {
  it('is Date#toISOString for any time, in any order of calls (its day cache never leaks)', () => {
    const ms = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.integer({ min: 1_767_225_600_000, max: 1_767_225_600_000 + 3 * 86_400_000 }), // a few days of a run
      fc.constantFrom(0, 86_399_999, 86_400_000, 951_782_400_000 /* 2000-02-29 */, 253_402_300_799_999),
    );
    fc.assert(fc.property(fc.array(ms, { minLength: 1, maxLength: 30 }), (times) => {
      for (const t of times) expect(isoMillis(t)).toBe(new Date(t).toISOString());
    }), { numRuns: 300 });
  });

  it('writes DynamoDB\'s whole seconds as Date#toISOString does, without the milliseconds', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 253_402_300_799_999 }), { minLength: 1, maxLength: 30 }), (times) => {
      for (const t of times) expect(isoSeconds(t)).toBe(new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    }), { numRuns: 300 });
    expect(isoSeconds(1_767_225_601_999)).toBe('2026-01-01T00:00:01Z');
  });

  it('falls back to Date for fractional and out-of-range times', () => {
    for (const t of [1.5, -1, 253_402_300_800_000]) expect(isoMillis(t)).toBe(new Date(t).toISOString());
  });
});
