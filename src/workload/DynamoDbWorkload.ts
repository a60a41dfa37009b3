/**
 * A DynamoDB case: a table with a stream, timed item writes, when the
 * mapping starts, its configuration, the function and the model's decisions.
 * Plain JSON, like a Kinesis case.
 */
import type { AttributeMap } from '../dynamodb/AttributeValue.ts';
import type { StreamViewType } from '../dynamodb/DynamoDbStream.ts';
import type { WriteOp } from '../dynamodb/Table.ts';
import type { MappingCaseOf, MappingSchedule } from './Workload.ts';

/** The table and its stream. */
export interface TableSpec {
  readonly name?: string;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly streamViewType: StreamViewType;
  /** Table partitions, each with its own shard chain (default 1). */
  readonly partitions?: number;
  /** Shard roll-over period, ms (default 4 h, J-2). */
  readonly rolloverMs?: number;
}

/** One item write at a virtual time: `item` holds the key, and the attributes for put/update (typed, K-2). */
export interface WriteSpec {
  readonly at: number;
  readonly op: WriteOp;
  readonly item: AttributeMap;
  /** Name of the stream record the write makes; defaults to `r<index>`. */
  readonly rid?: string;
}

/** Writes to a table, and the mapping's schedule. */
export interface DynamoDbWorkload extends MappingSchedule {
  readonly table: TableSpec;
  readonly writes: readonly WriteSpec[];
}

/** Everything one run of the DynamoDB mapping model needs. */
export type DynamoDbCase = MappingCaseOf<DynamoDbWorkload>;

/** The name of the i-th write. */
export function writeRid(w: WriteSpec, index: number): string {
  return w.rid ?? `r${index}`;
}
