/**
 * The committed position of a mapping in one shard (B-8, Q-1).
 *
 * Records are admitted in shard order as they are read. A record is resolved
 * when it was processed successfully or given up. The checkpoint is the last
 * record of the resolved prefix: it only moves forward, and never past a
 * record still being processed or retried, whatever the parallelism.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';

/** A record read by the mapping, with its place in the read order. */
export interface Entry {
  readonly record: StreamRecord;
  readonly index: number;
}

/** Tracks resolved records of one shard and where the checkpoint stands. */
export class Checkpoint {
  private readonly records: StreamRecord[] = [];
  private readonly resolved: boolean[] = [];
  private cursor = 0;

  /** Admit the next record read from the shard. */
  admit(record: StreamRecord): Entry {
    const entry = { record, index: this.records.length };
    this.records.push(record);
    this.resolved.push(false);
    return entry;
  }

  /** Mark entries resolved. */
  resolve(entries: readonly Entry[]): void {
    for (const e of entries) this.resolved[e.index] = true;
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
