import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../kinesis/Shard.ts';
import { Checkpoint } from './Checkpoint.ts';

const rec = (i: number) => ({ sequenceNumber: String(1000 + i) }) as StreamRecord;

describe('Checkpoint (B-8, Q-1)', () => {
  it('stands at the last record of the resolved prefix, however resolutions are ordered, as its rings wrap and grow', () => {
    // Admit n records in rounds; resolve them in a shuffled order, a few at a time; after each step the
    // checkpoint must be the record just before the first unresolved place (or unmoved).
    const plan = fc.record({ n: fc.integer({ min: 1, max: 12_000 }), seed: fc.integer(), chunk: fc.integer({ min: 1, max: 600 }) });
    fc.assert(fc.property(plan, ({ n, seed, chunk }) => {
      const cp = new Checkpoint();
      const places = Array.from({ length: n }, (_, i) => cp.admit(rec(i)));
      expect(places).toEqual(Array.from({ length: n }, (_, i) => i));
      // A deterministic near-sorted shuffle: local swaps, so the prefix keeps moving (and compacting).
      let x = seed | 1;
      for (let i = 0; i < n - 1; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        if (x % 3 === 0) [places[i], places[i + 1]] = [places[i + 1]!, places[i]!];
      }
      const done = new Set<number>();
      let prefix = 0;
      for (let i = 0; i < n; i += chunk) {
        const part = places.slice(i, i + chunk);
        cp.resolve(part);
        for (const p of part) done.add(p);
        const before = prefix;
        while (done.has(prefix)) prefix++;
        expect(cp.advance()).toBe(prefix > before ? String(1000 + prefix - 1) : undefined);
        expect(cp.unresolved).toBe(n - prefix);
        expect(cp.position).toBe(prefix > 0 ? String(1000 + prefix - 1) : undefined);
      }
      expect(cp.unresolved).toBe(0);
    }), { numRuns: 60 });
  });

  it('admits more after its rings emptied, with places continuing the read order', () => {
    const cp = new Checkpoint();
    const first = Array.from({ length: 5000 }, (_, i) => cp.admit(rec(i)));
    cp.resolve(first);
    expect(cp.advance()).toBe(String(1000 + 4999));
    const next = cp.admit(rec(5000));
    expect(next).toBe(5000);
    expect(cp.unresolved).toBe(1);
    cp.resolve([next]);
    expect(cp.advance()).toBe(String(1000 + 5000));
  });
});
