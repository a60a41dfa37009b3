/**
 * The records of one attempt and what is derived from them: their records,
 * their sequence numbers and the invoke payload size, each computed once
 * however often the attempt is retried (a poison record is retried
 * thousands of times with the same records).
 */
import type { StreamRecord } from '../kinesis/Shard.ts';
import { EventSizer } from './KinesisEvent.ts';

/** Serialised size of one record in the invocation event. */
export interface RecordSizer {
  recordBytes(r: StreamRecord): number;
}

/** An immutable run of read records, with their places in the shard's read order (see Checkpoint). */
export class Batch {
  readonly seqs: readonly string[];
  /** The payload size, once worked out from `sizes`. */
  private bytes: number | undefined;
  /** Each record's size in the event, once measured (a slice keeps its part). */
  private sizes: readonly number[] | undefined;

  constructor(
    readonly records: readonly StreamRecord[],
    readonly places: readonly number[],
    /** Each record's size in the event, when already measured. */
    sizes?: readonly number[],
  ) {
    const seqs = new Array<string>(records.length);
    for (let i = 0; i < records.length; i++) seqs[i] = records[i]!.sequenceNumber;
    this.seqs = seqs;
    this.sizes = sizes;
  }

  get length(): number {
    return this.records.length;
  }

  /** The invoke payload size (B-7), measured once. */
  payloadBytes(sizer: RecordSizer): number {
    if (this.bytes === undefined) {
      const sizes = (this.sizes ??= this.records.map((r) => sizer.recordBytes(r)));
      let sum = 0;
      for (const b of sizes) sum += b;
      this.bytes = EventSizer.eventBytes(sizes.length, sum);
    }
    return this.bytes;
  }

  /** Records `from` to `to` (exclusive) as a batch of their own; the whole batch is this batch (a retry after a partial failure at its first record is the same batch again). */
  slice(from: number, to?: number): Batch {
    if (from === 0 && (to === undefined || to >= this.records.length)) return this;
    return new Batch(this.records.slice(from, to), this.places.slice(from, to), this.sizes?.slice(from, to));
  }
}
