/**
 * The committed position of a mapping in one shard (B-8, Q-1).
 *
 * Records are admitted in shard order as they are read. A record is resolved
 * when it was processed successfully or given up. The checkpoint is the last
 * record of the resolved prefix: it only moves forward, and never past a
 * record still being processed or retried, whatever the parallelism.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';

/** Tracks resolved records of one shard and where the checkpoint stands. */
export class Checkpoint {
  private readonly records: StreamRecord[] = [];
  private readonly resolved: boolean[] = [];
  private cursor = 0;

  /** Admit the next record read from the shard; returns its place in the read order. */
  admit(record: StreamRecord): number {
    this.records.push(record);
    this.resolved.push(false);
    return this.records.length - 1;
  }

  /** Mark the records at these places resolved. */
  resolve(places: readonly number[]): void {
    for (const i of places) this.resolved[i] = true;
  }

  /** Move over the resolved prefix; the new checkpoint's sequence number if it moved. */
  advance(): string | undefined {
    const before = this.cursor;
    while (this.cursor < this.resolved.length && this.resolved[this.cursor]) this.cursor++;
    return this.cursor > before ? this.records[this.cursor - 1]!.sequenceNumber : undefined;
  }

  /** Records read but not yet resolved. */
  get unresolved(): number {
    return this.records.length - this.cursor;
  }

  /** Sequence number of the checkpoint, if any record was resolved. */
  get position(): string | undefined {
    return this.cursor > 0 ? this.records[this.cursor - 1]!.sequenceNumber : undefined;
  }
}
