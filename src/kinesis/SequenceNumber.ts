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

/** AWS-style numbers written per block: one read-out of the digit buffer per block, each number a slice of it. */
const BLOCK = 32;

/**
 * Issues strictly increasing sequence numbers for one shard. The number is
 * kept as a fixed high part (a decimal string) and a low part below 10^15
 * (a plain number), so issuing one costs no BigInt arithmetic.
 *
 * AWS-style numbers are made a block at a time: the next {@link BLOCK}
 * numbers' digits are written side by side into one byte buffer, read out
 * as one string, and handed out as slices of it. A read-out of a buffer is a
 * call into the runtime; one per number was a quarter of the happy path's
 * cost per record, and a slice is made in a few nanoseconds. Drawing a
 * block's increments early changes no number: the allocator's random stream
 * is its own (a fork per shard), so its draws come in the same order.
 */
export class SequenceAllocator {
  private high: string;
  /** The low part of the next number to write into a block. */
  private low: number;
  /** `BLOCK` slots, each the ASCII digits of `high` followed by the 15 digits of a low part (AWS style). */
  private digits: Buffer;
  /** Characters per number: `high` and 15 low digits. */
  private width: number;
  /** The low part each slot's digits hold (-1: none yet), so a slot rewrites only the digits that changed. */
  private readonly written = new Float64Array(BLOCK).fill(-1);
  /** The numbers of the current block, side by side; `issued` of its `count` handed out. */
  private block = '';
  private count = 0;
  private issued = 0;

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
    this.width = this.high.length + LOW_DIGITS;
    this.digits = slotsFor(this.high);
  }

  /** The next sequence number. */
  issue(): string {
    if (this.style !== 'aws') {
      const value = String(this.low);
      this.low += this.rng.int(1, 4);
      return value;
    }
    if (this.issued === this.count) this.fill();
    const at = this.width * this.issued++;
    return this.count === 1 ? this.block : this.block.slice(at, at + this.width);
  }

  /** Write the next block: up to `BLOCK` numbers, ending early where the low part carries into `high`. */
  private fill(): void {
    let n = 0;
    let carried = false;
    while (n < BLOCK && !carried) {
      this.writeSlot(n++);
      this.low += this.rng.int(1, 1_000_000);
      carried = this.low >= LOW_LIMIT;
    }
    this.block = this.digits.toString('latin1', 0, n * this.width);
    this.count = n;
    this.issued = 0;
    if (carried) {
      this.high = (BigInt(this.high) + 1n).toString();
      this.low -= LOW_LIMIT;
      this.width = this.high.length + LOW_DIGITS;
      this.digits = slotsFor(this.high);
      this.written.fill(-1);
    }
  }

  /** Write `low` (zero-padded to 15 digits) into slot `k`, only the digits that changed since the slot's last. */
  private writeSlot(k: number): void {
    const d = this.digits;
    let n = this.low;
    let was = this.written[k]!;
    const end = (k + 1) * this.width;
    for (let i = end - 1; i >= end - LOW_DIGITS && n !== was; i--) {
      const q = Math.floor(n / 10);
      d[i] = 48 + n - 10 * q;
      n = q;
      was = Math.floor(was / 10);
    }
    this.written[k] = this.low;
  }
}

/** `BLOCK` slots of `high` followed by 15 zeros, as ASCII bytes. */
function slotsFor(high: string): Buffer {
  return Buffer.from((high + '0'.repeat(LOW_DIGITS)).repeat(BLOCK), 'latin1');
}
