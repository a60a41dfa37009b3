/**
 * The records a trace names, each interned once as a dense integer (a `Rec`),
 * so that what checkers keep per record lives in plain arrays indexed by it
 * instead of maps keyed by freshly built `shardId:seq` strings. The string
 * form (the K-1 eventID) is built only when a finding names a record.
 */
import { PerShard } from './PerShard.ts';

/** `shardId:seq`, the K-1 eventID. */
export type RecordId = string;

/** A record's id. */
export function recordId(shardId: string, seq: string): RecordId {
  return `${shardId}:${seq}`;
}

/** A record of the trace, as an index into per-record arrays (0, 1, 2, ... in order of first mention). */
export type Rec = number;

/** Every record mentioned by a trace, by shard and sequence number. */
export class RecordTable {
  private readonly bySeq = new PerShard<string, Rec>();
  private readonly shardIds: string[] = [];
  private readonly seqs: string[] = [];

  /** How many records were interned. */
  get size(): number {
    return this.seqs.length;
  }

  /** The record `seq` of `shardId`, interned on first mention. */
  intern(shardId: string, seq: string): Rec {
    const shard = this.bySeq.of(shardId);
    const known = shard.get(seq);
    if (known !== undefined) return known;
    const rec = this.seqs.length;
    shard.set(seq, rec);
    this.shardIds.push(shardId);
    this.seqs.push(seq);
    return rec;
  }

  /** The record `seq` of `shardId`, if the trace mentions it. */
  find(shardId: string, seq: string): Rec | undefined {
    return this.bySeq.find(shardId)?.get(seq);
  }

  /** The shard a record belongs to. */
  shardId(rec: Rec): string {
    return this.shardIds[rec]!;
  }

  /** A record's sequence number. */
  seq(rec: Rec): string {
    return this.seqs[rec]!;
  }

  /** A record's eventID, `shardId:seq`. */
  id(rec: Rec): RecordId {
    return recordId(this.shardIds[rec]!, this.seqs[rec]!);
  }
}
