import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Length, fillerBase64, fillerBytes, sizeOnly } from './RecordData.ts';

describe('filler data', () => {
  it('sizeOnly gives frozen filler of exactly the size asked, the same object again for a size asked again, in any order of sizes', () => {
    fc.assert(fc.property(fc.array(fc.nat(20), { maxLength: 60 }), (sizes) => {
      const first = new Map<number, object>();
      for (const size of sizes) {
        const data = sizeOnly(size);
        expect(data).toEqual({ size });
        expect(Object.isFrozen(data)).toBe(true);
        if (first.has(size)) expect(data).toBe(first.get(size));
        else first.set(size, data);
      }
    }));
  });
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
