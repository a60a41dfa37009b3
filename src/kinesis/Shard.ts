/**
 * One shard: an append-only log of records with a hash-key range, a lineage,
 * and a trim horizon that retention moves forward.
 *
 * The log is kept in columns: each record's `put` trace event (which already
 * holds its sequence number, key, size, arrival time and name), its data, and
 * for DynamoDB its stream record. A reader gets `StreamRecord` objects made
 * for it; the log itself holds no second object per record (a million-record
 * run keeps a million fewer objects alive).
 */
import type { PutEvent } from '../trace/TraceEvent.ts';
import type { HashKeyRange } from './HashKey.ts';
import { sizeOnly, type RecordData } from './RecordData.ts';
import { compareSeq } from './SequenceNumber.ts';

/** A record as the stream stores it. */
export interface StreamRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: RecordData;
  readonly bytes: number;
  /** Approximate arrival time, epoch ms. */
  readonly arrivalMs: number;
  /** The workload's name for the record. */
  readonly rid: string;
  /** The source's own record, when it has more than data (DynamoDB: the stream record of K-2). */
  readonly payload?: unknown;
  /**
   * `sequenceNumber.length`, when the source kept it. Sizing a batch (B-7)
   * needs only the number's length; a string written long before is cold in
   * the cache, and reading it for its length cost the happy path a sixth of
   * its time.
   */
  readonly sequenceNumberLength?: number;
}

/**
 * The reader's record: a view of the record's put event, its data and the
 * source's own record. A read of thousands of records makes one small object
 * each (three fields, not seven) and copies nothing the put event holds.
 */
class ShardRecord implements StreamRecord {
  constructor(
    private readonly put: PutEvent,
    readonly data: RecordData,
    readonly payload: unknown,
    readonly sequenceNumberLength: number,
  ) {}

  get shardId(): string {
    return this.put.shardId;
  }
  get sequenceNumber(): string {
    return this.put.seq;
  }
  get partitionKey(): string {
    return this.put.partitionKey;
  }
  get bytes(): number {
    return this.put.bytes;
  }
  get arrivalMs(): number {
    return this.put.t;
  }
  get rid(): string {
    return this.put.rid;
  }

  /** Its fields as a plain record: getters are not own properties, so JSON would otherwise show `put` instead. (A spread still copies only the own fields: read fields by name.) */
  toJSON(): StreamRecord {
    const { shardId, sequenceNumber, partitionKey, data, bytes, arrivalMs, rid, payload, sequenceNumberLength } = this;
    return { shardId, sequenceNumber, partitionKey, data, bytes, arrivalMs, rid, ...(payload === undefined ? {} : { payload }), sequenceNumberLength };
  }
}

/** How a stream treats its trim horizon. */
export interface TrimHorizonOption {
  /**
   * A deliberately broken stream, for mutation tests only (the `serve-trimmed`
   * mutation): iterators ignore the trim horizon, so reads return records
   * retention already trimmed (J-1), as an emulator that never enforces
   * retention does.
   */
  readonly servesTrimmed?: boolean;
}

/** A shard and its records. Positions are indexes into the log and never move. */
export class Shard {
  private readonly puts: PutEvent[] = [];
  /** Each position's sequence number length (at most 129 digits), kept apart from the strings (see `StreamRecord.sequenceNumberLength`). */
  private seqLengths: Uint8Array = new Uint8Array(64);
  /** Each position's data, kept only where it is not filler of the record's own size (most generated records are; see `dataAt`). */
  private readonly data: RecordData[] = [];
  /** The source's own record of each position (DynamoDB), when it has one. */
  private readonly payloads: unknown[] = [];
  /** Index of the first record still within retention. */
  trimIndex = 0;
  /** Set when the shard is closed by resharding. */
  endingSequenceNumber: string | undefined;
  /** The hash key range in decimal, once ListShards asked for it. */
  private rangeText: Readonly<{ StartingHashKey: string; EndingHashKey: string }> | undefined;

  constructor(
    readonly shardId: string,
    readonly hashKeyRange: HashKeyRange,
    readonly parentShardId?: string,
    readonly adjacentParentShardId?: string,
  ) {}

  /** The hash key range as ListShards gives it, in decimal (worked out once: a 128-bit BigInt prints slowly). */
  get hashKeyRangeText(): Readonly<{ StartingHashKey: string; EndingHashKey: string }> {
    return (this.rangeText ??= Object.freeze({ StartingHashKey: this.hashKeyRange.start.toString(), EndingHashKey: this.hashKeyRange.end.toString() }));
  }

  /** Records ever appended (trimmed ones included). */
  get length(): number {
    return this.puts.length;
  }

  /** Append a record: its put event (as traced), its data, and the source's own record if any. */
  append(put: PutEvent, data: RecordData, payload?: unknown): void {
    const i = this.puts.push(put) - 1;
    if (i === this.seqLengths.length) this.seqLengths = growBytes(this.seqLengths);
    this.seqLengths[i] = put.seq.length;
    if ('text' in data || data.size !== put.bytes) this.data[i] = data;
    if (payload !== undefined) this.payloads[i] = payload;
  }

  /** Sequence number at position `i`. */
  seqAt(i: number): string {
    return this.puts[i]!.seq;
  }

  /** Arrival time at position `i`, epoch ms. */
  arrivalAt(i: number): number {
    return this.puts[i]!.t;
  }

  /** The data at position `i`: as appended, or filler of the record's size when none was kept. */
  dataAt(i: number): RecordData {
    return this.data[i] ?? sizeOnly(this.puts[i]!.bytes);
  }

  /** The record at position `i`, made for the reader. */
  recordAt(i: number): StreamRecord {
    return new ShardRecord(this.puts[i]!, this.dataAt(i), this.payloads[i], this.seqLengths[i]!);
  }

  /**
   * Records from position `from` on: at most `max`, and only as many as fit
   * `maxBytes` of data, though always the first (GetRecords' limits). One pass:
   * each record's put event is read once, as its size is added.
   */
  read(from: number, max: number, maxBytes = Infinity): StreamRecord[] {
    const end = Math.min(this.puts.length, from + max);
    const out = new Array<StreamRecord>(Math.max(0, end - from));
    let bytes = 0;
    for (let i = from; i < end; i++) {
      bytes += this.puts[i]!.bytes;
      if (bytes > maxBytes && i > from) {
        out.length = i - from;
        break;
      }
      out[i - from] = this.recordAt(i);
    }
    return out;
  }

  /** First position whose sequence number is >= `seq` (E-3: compared as integers). */
  lowerBound(seq: string): number {
    let lo = 0;
    let hi = this.puts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareSeq(this.puts[mid]!.seq, seq) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Does this open shard own `hashKey`? */
  owns(hashKey: bigint): boolean {
    return this.endingSequenceNumber === undefined && hashKey >= this.hashKeyRange.start && hashKey <= this.hashKeyRange.end;
  }

  /** Index of the first live record at or after `index` (`index` itself for a stream that serves trimmed records: see TrimHorizonOption). */
  clamp(index: number, servesTrimmed = false): number {
    return servesTrimmed ? index : Math.max(index, this.trimIndex);
  }
}

/** A copy of `bytes` with twice the room. */
function growBytes(bytes: Uint8Array): Uint8Array {
  const grown = new Uint8Array(bytes.length * 2);
  grown.set(bytes);
  return grown;
}

/** Kinesis shard id for index `i`: `shardId-000000000000`. */
export function shardIdFor(i: number): string {
  return `shardId-${String(i).padStart(12, '0')}`;
}
