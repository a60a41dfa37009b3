/**
 * The committed position of a mapping in one shard (B-8, Q-1).
 *
 * Records are admitted in shard order as they are read, a poll's records at
 * a time. A record is resolved when it was processed successfully or given
 * up. The checkpoint is the last record of the resolved prefix: it only moves
 * forward, and never past a record still being processed or retried,
 * whatever the parallelism.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';
import { Ring } from '../sim/Ring.ts';

/**
 * Tracks resolved records of one shard and where the checkpoint stands.
 * Places count records in read order from 0. It keeps a flag per record from
 * `base` (the first unresolved place) on, in an array it reuses, and the
 * polls' record lists until the checkpoint has passed them: a sequence
 * number is looked up only where the checkpoint stops, not kept per record.
 */
export class Checkpoint {
  /** Lists admitted, oldest first, from the one holding place `base - 1` (the checkpoint) on; each one's places follow the last one's. */
  private readonly admitted = new Ring<readonly StreamRecord[]>(4);
  /** Place of the front list's first record. */
  private frontFirst = 0;
  /**
   * Resolved flags (1) of places `base` .. `base + count - 1`, from index `start`; every flag after them is 0.
   * A plain array, which costs less to make than a typed one (a case makes a checkpoint per shard it reads, and
   * many read a handful of records).
   */
  private flags: number[] = [];
  private start = 0;
  private count = 0;
  /** The first unresolved place. */
  private base = 0;
  private last: string | undefined;

  /** Admit the next records read from the shard, in read order; returns the first one's place (the others follow it). */
  admit(records: readonly StreamRecord[]): number {
    const first = this.base + this.count;
    if (records.length === 0) return first;
    this.room(records.length); // the flags after the live ones are all clear
    this.count += records.length;
    this.admitted.push(records);
    return first;
  }

  /** Mark the records at these places resolved (a place the checkpoint already passed stays passed: some broken variants resolve a record twice). */
  resolve(places: readonly number[]): void {
    for (const p of places) if (p >= this.base) this.flags[this.start + p - this.base] = 1;
  }

  /** Move over the resolved prefix; the new checkpoint's sequence number if it moved. */
  advance(): string | undefined {
    const { flags } = this;
    let passed = 0;
    while (passed < this.count && flags[this.start + passed] === 1) passed++;
    if (passed === 0) return undefined;
    this.start += passed;
    this.count -= passed;
    this.base += passed;
    this.last = this.recordAt(this.base - 1).sequenceNumber;
    return this.last;
  }

  /** Records read but not yet passed by the checkpoint. */
  get unresolved(): number {
    return this.count;
  }

  /** Sequence number of the checkpoint, if any record was resolved. */
  get position(): string | undefined {
    return this.last;
  }

  /** The record at `place` (at least `base - 1`), letting go of lists wholly behind it. */
  private recordAt(place: number): StreamRecord {
    for (;;) {
      const front = this.admitted.at(0);
      if (place < this.frontFirst + front.length) return front[place - this.frontFirst]!;
      this.frontFirst += front.length;
      this.admitted.shift();
    }
  }

  /** Make room for `n` more flags after the last: slide the live ones to the front, or grow; every flag after the live ones stays clear. */
  private room(n: number): void {
    if (this.start + this.count + n <= this.flags.length) return;
    if (this.count + n <= this.flags.length >> 1) {
      this.flags.copyWithin(0, this.start, this.start + this.count);
      this.flags.fill(0, this.count, this.start + this.count);
    } else {
      let size = Math.max(16, this.flags.length * 2);
      while (size < 2 * (this.count + n)) size *= 2;
      const grown = new Array<number>(size).fill(0);
      for (let i = 0; i < this.count; i++) grown[i] = this.flags[this.start + i]!;
      this.flags = grown;
    }
    this.start = 0;
  }
}
