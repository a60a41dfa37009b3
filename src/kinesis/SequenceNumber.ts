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

/** Digits kept in the low, `number`-valued part of a sequence number. */
const LOW_DIGITS = 15;
const LOW_LIMIT = 10 ** LOW_DIGITS;

/**
 * Issues strictly increasing sequence numbers for one shard. The number is
 * kept as a fixed high part (a decimal string) and a low part below 10^15
 * (a plain number), so issuing one costs no BigInt arithmetic; its digits
 * are written into a byte buffer and read out as one flat string, which
 * costs a third of concatenating the parts (a million records keep a
 * million of these strings alive).
 */
export class SequenceAllocator {
  private high: string;
  private low: number;
  /** ASCII digits of `high` followed by the 15 digits of `low` (AWS style). */
  private digits: Buffer;
  /** The low part whose digits `digits` holds. */
  private written = 0;

  constructor(
    private readonly rng: Rng,
    private readonly style: SequenceStyle,
  ) {
    if (style === 'aws') {
      this.high = '4959' + rng.hex(37).replace(/[a-f]/g, '7');
      this.low = rng.int(0, 1e9);
    } else {
      this.high = '';
      this.low = rng.int(94, 99); // short numbers soon gain a digit: string comparison shows
    }
    this.digits = Buffer.from(this.high + '0'.repeat(LOW_DIGITS), 'latin1');
  }

  /** The next sequence number. */
  issue(): string {
    const value = this.high === '' ? String(this.low) : this.lowWritten();
    this.low += this.style === 'aws' ? this.rng.int(1, 1_000_000) : this.rng.int(1, 4);
    if (this.low >= LOW_LIMIT) {
      this.high = (BigInt(this.high || '0') + 1n).toString();
      this.low -= LOW_LIMIT;
      this.digits = Buffer.from(this.high + '0'.repeat(LOW_DIGITS), 'latin1');
      this.written = 0;
    }
    return value;
  }

  /** `high` and `low` (zero-padded to 15 digits) as one string. Only the digits that changed since the last are written. */
  private lowWritten(): string {
    const d = this.digits;
    let n = this.low;
    let was = this.written;
    for (let i = d.length - 1; i >= d.length - LOW_DIGITS && n !== was; i--) {
      const q = Math.floor(n / 10);
      d[i] = 48 + n - 10 * q;
      n = q;
      was = Math.floor(was / 10);
    }
    this.written = this.low;
    return d.toString('latin1');
  }
}
