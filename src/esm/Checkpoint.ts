/**
 * The committed position of a mapping in one shard (B-8, Q-1).
 *
 * Records are admitted in shard order as they are read. A record is resolved
 * when it was processed successfully or given up. The checkpoint is the last
 * record of the resolved prefix: it only moves forward, and never past a
 * record still being processed or retried, whatever the parallelism.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';

/** Resolved records kept behind the checkpoint before the arrays are compacted. */
const COMPACT_AFTER = 4096;

/**
 * Tracks resolved records of one shard and where the checkpoint stands.
 * Places count records in read order from 0; the arrays hold places from
 * `base` on, and the resolved prefix is dropped as the checkpoint passes it,
 * so a consumer that reads a million records keeps only those in flight.
 */
export class Checkpoint {
  private seqs: string[] = [];
  private resolved: boolean[] = [];
  /** Place of the arrays' first slot. */
  private base = 0;
  /** Place of the first unresolved record. */
  private cursor = 0;
  private last: string | undefined;

  /** Admit the next record read from the shard; returns its place in the read order. */
  admit(record: StreamRecord): number {
    this.seqs.push(record.sequenceNumber);
    this.resolved.push(false);
    return this.base + this.seqs.length - 1;
  }

  /** Mark the records at these places resolved. */
  resolve(places: readonly number[]): void {
    for (const p of places) this.resolved[p - this.base] = true;
  }

  /** Move over the resolved prefix; the new checkpoint's sequence number if it moved. */
  advance(): string | undefined {
    const before = this.cursor;
    const end = this.base + this.resolved.length;
    while (this.cursor < end && this.resolved[this.cursor - this.base]) this.cursor++;
    if (this.cursor === before) return undefined;
    this.last = this.seqs[this.cursor - 1 - this.base]!;
    this.compact();
    return this.last;
  }

  private compact(): void {
    const behind = this.cursor - this.base;
    if (behind < COMPACT_AFTER || behind * 2 < this.seqs.length) return;
    this.seqs = this.seqs.slice(behind);
    this.resolved = this.resolved.slice(behind);
    this.base = this.cursor;
  }

  /** Records read but not yet resolved. */
  get unresolved(): number {
    return this.base + this.seqs.length - this.cursor;
  }

  /** Sequence number of the checkpoint, if any record was resolved. */
  get position(): string | undefined {
    return this.last;
  }
}
