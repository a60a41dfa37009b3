import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ring } from './Ring.ts';

describe('Ring', () => {
  it('behaves as a FIFO array under any mix of pushes, shifts, takes and writes, across growth and wrap-around', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer() }),
      fc.constant({ shift: true as const }),
      fc.record({ take: fc.nat(5) }),
      fc.record({ set: fc.nat(40), value: fc.integer() }),
    );
    fc.assert(fc.property(fc.nat(5), fc.array(op, { maxLength: 300 }), (capacity, ops) => {
      const ring = new Ring<number>(capacity);
      const model: number[] = [];
      for (const o of ops) {
        if ('push' in o) {
          ring.push(o.push);
          model.push(o.push);
        } else if ('shift' in o) {
          if (model.length === 0) expect(() => ring.shift()).toThrow(RangeError);
          else expect(ring.shift()).toBe(model.shift());
        } else if ('take' in o) {
          if (o.take > model.length) expect(() => ring.take(o.take)).toThrow(RangeError);
          else expect(ring.take(o.take)).toEqual(model.splice(0, o.take));
        } else if (o.set < model.length) {
          ring.set(o.set, o.value);
          model[o.set] = o.value;
        } else expect(() => ring.set(o.set, o.value)).toThrow(RangeError);
        expect(ring.length).toBe(model.length);
        expect(Array.from({ length: ring.length }, (_, i) => ring.at(i))).toEqual(model);
      }
    }), { numRuns: 300 });
  });

  it('refuses to read outside what it holds', () => {
    const ring = new Ring<string>();
    ring.push('a');
    expect(() => ring.at(1)).toThrow(RangeError);
    expect(() => ring.at(-1)).toThrow(RangeError);
  });
});
