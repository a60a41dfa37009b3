import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Length, fillerBase64, fillerBytes } from './RecordData.ts';

describe('filler data', () => {
  it('fillerBase64 is the base64 of the filler bytes, for any size and seed', () => {
    const seed = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('r1', 'r10', 'ü', '日本', 'poison'));
    fc.assert(fc.property(fc.nat(5000), seed, (size, s) => {
      const expected = fillerBytes(size, s).toString('base64');
      expect(fillerBase64(size, s)).toBe(expected);
      expect(expected.length).toBe(base64Length(size));
    }), { numRuns: 500 });
  });

  it('a 1 MiB filler encodes exactly', () => {
    const size = 1024 * 1024 + 1;
    expect(fillerBase64(size, 'r42')).toBe(fillerBytes(size, 'r42').toString('base64'));
  });
});
