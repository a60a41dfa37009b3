/**
 * One shard: an append-only log of records with a hash-key range, a lineage,
 * and a trim horizon that retention moves forward.
 */
import type { HashKeyRange } from './HashKey.ts';
import type { RecordData } from './RecordData.ts';

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
}

/** A shard and its records. Positions are indexes into `records` and never move. */
export class Shard {
  readonly records: StreamRecord[] = [];
  /** Index of the first record still within retention. */
  trimIndex = 0;
  /** Set when the shard is closed by resharding. */
  endingSequenceNumber: string | undefined;

  constructor(
    readonly shardId: string,
    readonly hashKeyRange: HashKeyRange,
    readonly parentShardId?: string,
    readonly adjacentParentShardId?: string,
  ) {}

  /** Does this open shard own `hashKey`? */
  owns(hashKey: bigint): boolean {
    return this.endingSequenceNumber === undefined && hashKey >= this.hashKeyRange.start && hashKey <= this.hashKeyRange.end;
  }

  /** Index of the first live record at or after `index`. */
  clamp(index: number): number {
    return Math.max(index, this.trimIndex);
  }
}

/** Kinesis shard id for index `i`: `shardId-000000000000`. */
export function shardIdFor(i: number): string {
  return `shardId-${String(i).padStart(12, '0')}`;
}
