/**
 * A lane's queue of records read and not yet batched (G-3), kept as the runs
 * that polls hand over: a run is a list of records and their places in the
 * shard's read order (see Checkpoint). A poll of 2,500 records for a
 * one-lane shard is one run, queued at the cost of one entry, and a batch is
 * a slice of it; no record is copied into or out of a per-record buffer.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';
import { Ring } from '../sim/Ring.ts';

/** Each record's place in the read order, or the first record's place when the places are consecutive. */
export type Places = readonly number[] | number;

/** The place of the `i`-th record of a list with these places. */
export function placeAt(places: Places, i: number): number {
  return typeof places === 'number' ? places + i : places[i]!;
}

/** Records of one poll bound for one lane, and how far the lane has taken them. */
interface Run {
  readonly records: readonly StreamRecord[];
  readonly places: Places;
  /** Records of this run already taken. */
  taken: number;
}

/** A FIFO of read records with their places, filled a run at a time. */
export class RecordQueue {
  private readonly runs = new Ring<Run>(4);
  /** The first run, if any (`runs.at(0)`, kept at hand for `at`). */
  private front: Run | undefined;
  private size = 0;

  /** Records queued. */
  get length(): number {
    return this.size;
  }

  /**
   * Queue `records` (not copied: the caller must not change the list) with
   * their places: one place per record, or the first record's place when the
   * places are consecutive.
   */
  push(records: readonly StreamRecord[], places: Places): void {
    if (typeof places !== 'number' && places.length !== records.length) throw new RangeError(`${records.length} records with ${places.length} places`);
    if (records.length === 0) return;
    const run = { records, places, taken: 0 };
    this.runs.push(run);
    this.front ??= run;
    this.size += records.length;
  }

  /** The record `i` places from the front; `i` must be below `length`. */
  at(i: number): StreamRecord {
    if (i < 0 || i >= this.size) throw new RangeError(`queue offset ${i} outside 0..${this.size - 1}`);
    const front = this.front!;
    const k = front.taken + i;
    return k < front.records.length ? front.records[k]! : this.beyondFront(i - (front.records.length - front.taken));
  }

  /** The record `i` places after the front run's last. */
  private beyondFront(i: number): StreamRecord {
    for (let r = 1; ; r++) {
      const run = this.runs.at(r);
      if (i < run.records.length) return run.records[i]!;
      i -= run.records.length;
    }
  }

  /** Remove the first `n` records; returns them and their places, in order. */
  take(n: number): { records: StreamRecord[]; places: number[] } {
    if (n > this.size) throw new RangeError(`take ${n} of a queue of ${this.size}`);
    const { front } = this;
    if (front !== undefined && front.taken + n <= front.records.length) return this.takeFront(n); // the usual case: a batch within one run
    const records = new Array<StreamRecord>(n);
    const places = new Array<number>(n);
    for (let filled = 0; filled < n; ) {
      const run = this.front!;
      const part = this.takeFront(Math.min(n - filled, run.records.length - run.taken));
      for (let i = 0; i < part.records.length; i++) {
        records[filled + i] = part.records[i]!;
        places[filled + i] = part.places[i]!;
      }
      filled += part.records.length;
    }
    return { records, places };
  }

  /** Take `n` records from the front run, which holds them; drop the run once it is all taken. */
  private takeFront(n: number): { records: StreamRecord[]; places: number[] } {
    const run = this.front!;
    const from = run.taken;
    const records = run.records.slice(from, from + n);
    let places: number[];
    if (typeof run.places === 'number') {
      places = new Array<number>(n);
      for (let i = 0; i < n; i++) places[i] = run.places + from + i;
    } else places = run.places.slice(from, from + n);
    run.taken += n;
    this.size -= n;
    if (run.taken === run.records.length) {
      this.runs.shift();
      this.front = this.runs.length > 0 ? this.runs.at(0) : undefined;
    }
    return { records, places };
  }
}
