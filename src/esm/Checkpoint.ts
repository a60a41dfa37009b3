/**
 * The committed position of a mapping in one shard (B-8, Q-1).
 *
 * Records are admitted in shard order as they are read. A record is resolved
 * when it was processed successfully or given up. The checkpoint is the last
 * record of the resolved prefix: it only moves forward, and never past a
 * record still being processed or retried, whatever the parallelism.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';
import { Ring } from '../sim/Ring.ts';

/**
 * Tracks resolved records of one shard and where the checkpoint stands.
 * Places count records in read order from 0; the rings hold places from
 * `base` (the first unresolved one) on, and the resolved prefix leaves them
 * as the checkpoint passes it, so a consumer that reads a million records
 * keeps only those in flight, in slots it reuses.
 */
export class Checkpoint {
  private readonly seqs = new Ring<string>();
  private readonly resolved = new Ring<boolean>();
  /** Place of the rings' front: the first unresolved record. */
  private base = 0;
  private last: string | undefined;

  /** Admit the next record read from the shard; returns its place in the read order. */
  admit(record: StreamRecord): number {
    this.seqs.push(record.sequenceNumber);
    this.resolved.push(false);
    return this.base + this.seqs.length - 1;
  }

  /** Mark the records at these places resolved (a place the checkpoint already passed stays passed: some broken variants resolve a record twice). */
  resolve(places: readonly number[]): void {
    for (const p of places) if (p >= this.base) this.resolved.set(p - this.base, true);
  }

  /** Move over the resolved prefix; the new checkpoint's sequence number if it moved. */
  advance(): string | undefined {
    let passed = 0;
    while (this.resolved.length > 0 && this.resolved.at(0)) {
      this.resolved.shift();
      this.last = this.seqs.shift();
      passed++;
    }
    if (passed === 0) return undefined;
    this.base += passed;
    return this.last;
  }

  /** Records read but not yet passed by the checkpoint. */
  get unresolved(): number {
    return this.seqs.length;
  }

  /** Sequence number of the checkpoint, if any record was resolved. */
  get position(): string | undefined {
    return this.last;
  }
}
