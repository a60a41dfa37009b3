import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../kinesis/Shard.ts';
import { Checkpoint } from './Checkpoint.ts';

const rec = (i: number) => ({ sequenceNumber: String(1000 + i) }) as StreamRecord;
const recs = (from: number, n: number) => Array.from({ length: n }, (_, i) => rec(from + i));

describe('Checkpoint (B-8, Q-1)', () => {
  it('stands at the last record of the resolved prefix, however resolutions are ordered and reads are sized, as its flags slide and grow', () => {
    // Admit n records in reads of random sizes; resolve them in a shuffled order, a few at a time, with
    // more reads admitted between resolutions; after each step the checkpoint must be the record just
    // before the first unresolved place (or unmoved).
    const plan = fc.record({
      n: fc.integer({ min: 1, max: 12_000 }),
      seed: fc.integer(),
      chunk: fc.integer({ min: 1, max: 600 }),
      reads: fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 20 }),
    });
    fc.assert(fc.property(plan, ({ n, seed, chunk, reads }) => {
      const cp = new Checkpoint();
      let admitted = 0;
      let read = 0;
      const admitSome = () => {
        const size = Math.min(reads[read++ % reads.length]!, n - admitted) || 1; // an empty read moves nothing; keep going
        expect(cp.admit(recs(admitted, size))).toBe(admitted);
        admitted += size;
      };
      while (admitted < n / 2) admitSome();
      // A deterministic near-sorted shuffle of every place: local swaps, so the prefix keeps moving.
      const places = Array.from({ length: n }, (_, i) => i);
      let x = seed | 1;
      for (let i = 0; i < n - 1; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        if (x % 3 === 0) [places[i], places[i + 1]] = [places[i + 1]!, places[i]!];
      }
      const done = new Set<number>();
      let prefix = 0;
      for (let i = 0; i < n; i += chunk) {
        const part = places.slice(i, i + chunk);
        while (admitted <= Math.max(...part)) admitSome(); // only records read can be resolved
        cp.resolve(part);
        for (const p of part) done.add(p);
        const before = prefix;
        while (done.has(prefix)) prefix++;
        expect(cp.advance()).toBe(prefix > before ? String(1000 + prefix - 1) : undefined);
        expect(cp.unresolved).toBe(admitted - prefix);
        expect(cp.position).toBe(prefix > 0 ? String(1000 + prefix - 1) : undefined);
      }
      expect(cp.unresolved).toBe(0);
    }), { numRuns: 60 });
  });

  it('admits more after everything was passed, with places continuing the read order', () => {
    const cp = new Checkpoint();
    expect(cp.admit(recs(0, 5000))).toBe(0);
    cp.resolve(Array.from({ length: 5000 }, (_, i) => i));
    expect(cp.advance()).toBe(String(1000 + 4999));
    expect(cp.admit([])).toBe(5000);
    expect(cp.admit([rec(5000)])).toBe(5000);
    expect(cp.unresolved).toBe(1);
    cp.resolve([5000]);
    expect(cp.advance()).toBe(String(1000 + 5000));
    expect(cp.unresolved).toBe(0);
  });

  it('keeps every live flag as it slides them to the front and as it grows', () => {
    // Each read's records are resolved at once but one, held back five reads: its first or, every other read, its
    // last. Bursts of large reads make the unresolved span grow, small ones let it slide. At an admission the last
    // live flag is set or not by turns, so a flag lost or shifted in a slide or a growth moves the checkpoint wrongly.
    const cp = new Checkpoint();
    const done = new Set<number>();
    const held: number[] = [];
    let admitted = 0;
    let prefix = 0;
    for (let step = 0; step < 3000; step++) {
      const size = 2 + ((step * 37) % 23) + (step % 500 < 40 ? 200 : 0);
      const first = cp.admit(recs(admitted, size));
      expect(first).toBe(admitted);
      admitted += size;
      const hold = step % 2 === 0 ? first : first + size - 1;
      const rest = Array.from({ length: size }, (_, i) => first + i).filter((p) => p !== hold);
      cp.resolve(rest);
      for (const p of rest) done.add(p);
      held.push(hold);
      if (held.length > 5) {
        const p = held.shift()!;
        cp.resolve([p]);
        done.add(p);
      }
      while (done.has(prefix)) prefix++;
      cp.advance();
      expect(cp.position).toBe(prefix > 0 ? String(1000 + prefix - 1) : undefined);
      expect(cp.unresolved).toBe(admitted - prefix);
    }
  });

  it('keeps a place it already passed passed, when a broken variant resolves it again', () => {
    const cp = new Checkpoint();
    cp.admit(recs(0, 3));
    cp.resolve([0, 1]);
    expect(cp.advance()).toBe('1001');
    cp.resolve([0, 1]);
    expect(cp.advance()).toBeUndefined();
    expect(cp.unresolved).toBe(1);
  });
});
