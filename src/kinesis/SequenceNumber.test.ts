import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/Rng.ts';
import { compareSeq, SEQUENCE_NUMBER_PATTERN, SequenceAllocator } from './SequenceNumber.ts';

describe('SequenceAllocator', () => {
  it('issues 56-digit numbers, strictly increasing as integers (E-3)', () => {
    const alloc = new SequenceAllocator(new Rng('s'), 'aws');
    let prev = alloc.issue();
    for (let i = 0; i < 20_000; i++) {
      const next = alloc.issue();
      expect(next).toMatch(SEQUENCE_NUMBER_PATTERN);
      expect(next).toHaveLength(56);
      expect(BigInt(next) > BigInt(prev)).toBe(true);
      expect(compareSeq(prev, next)).toBeLessThan(0);
      prev = next;
    }
  });

  it('carries from the low 15 digits into the high part exactly', () => {
    // A stand-in Rng: the low part starts two below 10^15 and every increment is the largest, 10^6.
    const rng = { hex: (n: number) => '3'.repeat(n), int: (_lo: number, hi: number) => (hi === 1e9 ? 1e15 - 2 : hi) } as unknown as Rng;
    const alloc = new SequenceAllocator(rng, 'aws');
    const [a, b, c] = [alloc.issue(), alloc.issue(), alloc.issue()];
    const high = `4959${'3'.repeat(37)}`;
    expect(a).toBe(`${high}999999999999998`);
    expect(BigInt(b) - BigInt(a)).toBe(1_000_000n);
    expect(BigInt(c) - BigInt(b)).toBe(1_000_000n);
    expect(b).toBe(`${high.slice(0, -1)}4000000000999998`);
  });

  it('each number is the last plus the increment drawn, exactly, whichever digits changed', () => {
    // A stand-in Rng draws increments that end in runs of nines and zeros, so carries ripple through
    // many digits, from a start just below a power of ten; each number must be the last plus it, as BigInt.
    const steps = [1, 9, 90, 900, 999_999, 1, 1_000_000, 123_457, 876_543, 10, 999_990];
    let k = 0;
    let last: number | undefined;
    const rng = { hex: (n: number) => '5'.repeat(n), int: (_lo: number, hi: number) => (hi === 1e9 ? 99_999_990 : (last = steps[k++ % steps.length]!)) } as unknown as Rng;
    const alloc = new SequenceAllocator(rng, 'aws');
    let prev = BigInt(alloc.issue());
    for (let i = 0; i < 500; i++) {
      const drawn = BigInt(last!);
      const next = alloc.issue();
      expect(BigInt(next) - prev).toBe(drawn);
      expect(next).toHaveLength(56);
      prev = BigInt(next);
    }
  });

  it('short style crosses a digit boundary, so string order and integer order disagree', () => {
    const alloc = new SequenceAllocator(new Rng('t'), 'short');
    const seqs = Array.from({ length: 10 }, () => alloc.issue());
    expect(new Set(seqs.map((s) => s.length)).size).toBeGreaterThan(1);
    expect([...seqs].sort()).not.toEqual(seqs);
  });
});
