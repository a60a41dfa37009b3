/**
 * Sequence numbers: decimal strings of any length, ordered as integers (E-3).
 *
 * Real Kinesis sequence numbers are 56 digits, so comparing them as strings
 * happens to work there and hides the bug; the model can issue short ones of
 * varying length so that string comparison is caught.
 */
import type { Rng } from '../sim/Rng.ts';

/** Kinesis `SequenceNumber` pattern (API model): `0|([1-9]\d{0,128})`. */
export const SEQUENCE_NUMBER_PATTERN = /^(0|[1-9]\d{0,128})$/;

/** Compare two sequence numbers as integers: negative, zero or positive. */
export function compareSeq(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How a shard issues sequence numbers. */
export type SequenceStyle = 'aws' | 'short';

/** Issues strictly increasing sequence numbers for one shard. */
export class SequenceAllocator {
  private next: bigint;

  constructor(
    private readonly rng: Rng,
    private readonly style: SequenceStyle,
  ) {
    this.next =
      style === 'aws'
        ? BigInt('4959' + rng.hex(13).replace(/[a-f]/g, '7')) * 10n ** 39n + BigInt(rng.int(0, 1e9))
        : BigInt(rng.int(94, 99)); // short numbers soon gain a digit: string comparison shows
  }

  /** The next sequence number. */
  issue(): string {
    const value = this.next;
    this.next += BigInt(this.style === 'aws' ? this.rng.int(1, 1_000_000) : this.rng.int(1, 4));
    return value.toString();
  }
}
