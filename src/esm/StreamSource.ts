/**
 * What a mapping reads, and how the records it reads look to the function
 * and to the on-failure destination. The lanes, checkpoints and checkers are
 * source-agnostic; a source supplies the shard-reading interface and its
 * event format: Kinesis (K-1, F-1) or DynamoDB Streams (K-2, F-2).
 */
import type { KinesisReadApi } from '../kinesis/KinesisStream.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';

/** Which service a mapping reads. */
export type SourceKind = 'kinesis' | 'dynamodb';

/** A stream as a mapping reads it. */
export interface StreamSource {
  readonly kind: SourceKind;
  /** The stream ARN: the event's eventSourceARN and the batch info's streamArn. */
  readonly arn: string;
  readonly retentionMs: number;
  /** Shards, iterators and records, shaped like Kinesis's API (a DynamoDB stream is adapted to it). */
  readonly api: KinesisReadApi;
  /** The invocation event, `{"Records":[...]}`. */
  event(records: readonly StreamRecord[]): { Records: unknown[] };
  /** Serialised size of one record in the event, bytes (B-7). */
  recordBytes(r: StreamRecord): number;
  /** Key of the on-failure batch info (F-1). */
  readonly batchInfoKey: 'KinesisBatchInfo' | 'DDBStreamBatchInfo';
  /** A record's arrival as the on-failure batch info writes it (F-2: ms for Kinesis, whole seconds for DynamoDB). */
  arrivalTime(ms: number): string;
  /** What FilterCriteria patterns are matched against for a record (I-2, I-4). */
  filterView(r: StreamRecord): unknown;
}

/** The kind of source an event source ARN names: DynamoDB in any partition (`aws`, `aws-cn`, `aws-us-gov`, ...), read from the ARN's partition and service fields. */
export function sourceKindOf(arn: string): SourceKind {
  const [scheme, partition, service] = arn.split(':');
  return scheme === 'arn' && partition !== undefined && partition.startsWith('aws') && service === 'dynamodb' ? 'dynamodb' : 'kinesis';
}
