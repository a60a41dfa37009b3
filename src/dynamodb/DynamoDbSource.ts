/**
 * A DynamoDB stream as a mapping's source: the poller reads it through the
 * DynamoDB Streams API, adapted to the shard-reading interface the consumer
 * uses; events are K-2 records; on-failure records carry
 * `DDBStreamBatchInfo` with whole-second arrival times (F-2).
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { isoSeconds } from '../esm/OnFailureRecord.ts';
import type { StreamSource } from '../esm/StreamSource.ts';
import { MAX_HASH_KEY } from '../kinesis/HashKey.ts';
import { KinesisServiceError, type GetRecordsOutput, type GetShardIteratorInput, type KinesisReadApi, type ShardDescription } from '../kinesis/KinesisStream.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';
import { DdbServiceError, type DdbRecord, type DynamoDbStream } from './DynamoDbStream.ts';

/** One Lambda event record (K-2): the stream record plus the stream ARN. */
export function dynamoDbEventRecord(r: StreamRecord, streamArn: string): DynamoDBRecord {
  const { userIdentity, ...record } = r.payload as DdbRecord;
  return { ...record, eventSourceARN: streamArn, ...(userIdentity ? { userIdentity } : {}) } as DynamoDBRecord;
}

/** The source for a DynamoDB stream; `dropRemoves` is the `ddb-drops-remove` mutation. */
export function dynamoDbSource(stream: DynamoDbStream, dropRemoves = false): StreamSource {
  const sizes = new Map<string, number>();
  const recordBytes = (r: StreamRecord) => {
    let n = sizes.get(r.sequenceNumber);
    if (n === undefined) sizes.set(r.sequenceNumber, (n = Buffer.byteLength(JSON.stringify(dynamoDbEventRecord(r, stream.arn)), 'utf8')));
    return n;
  };
  return {
    kind: 'dynamodb',
    arn: stream.arn,
    retentionMs: stream.retentionMs,
    api: new DynamoDbReader(stream, dropRemoves),
    event: (records) => ({ Records: records.map((r) => dynamoDbEventRecord(r, stream.arn)) }),
    recordBytes,
    batchInfoKey: 'DDBStreamBatchInfo',
    arrivalTime: isoSeconds,
    filterView: (r) => dynamoDbEventRecord(r, stream.arn), // I-2: eventName, dynamodb.Keys, NewImage, ...
  };
}

/** DescribeStream / GetShardIterator / GetRecords behind the consumer's shard-reading interface. */
class DynamoDbReader implements KinesisReadApi {
  constructor(
    private readonly stream: DynamoDbStream,
    private readonly dropRemoves: boolean,
  ) {}

  listShards(): ShardDescription[] {
    return this.stream.describeStream().StreamDescription.Shards.map((s) => ({
      ...s,
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: MAX_HASH_KEY.toString() },
    }));
  }

  getShardIterator(input: GetShardIteratorInput): string {
    const type = input.ShardIteratorType;
    if (type === 'AT_TIMESTAMP') return this.iteratorAtTime(input.ShardId, input.Timestamp ?? 0);
    return this.stream.getShardIterator({ ShardId: input.ShardId, ShardIteratorType: type, ...(input.StartingSequenceNumber ? { SequenceNumber: input.StartingSequenceNumber } : {}) }).ShardIterator;
  }

  /**
   * DynamoDB Streams has no AT_TIMESTAMP (A-4 rejects it as a starting
   * position); the mapping uses it only to resume a LATEST start later
   * ("what arrived after the start"), so the reader scans from the trim horizon.
   */
  private iteratorAtTime(shardId: string, timestamp: number): string {
    let iterator: string | undefined = this.stream.getShardIterator({ ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
    while (iterator !== undefined) {
      const page = this.stream.getRecords({ ShardIterator: iterator, Limit: 1000 });
      const hit = page.Records.find((r) => r.arrivalMs >= timestamp);
      if (hit) return this.stream.getShardIterator({ ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: hit.sequenceNumber }).ShardIterator;
      if (page.Records.length === 0) return page.NextShardIterator ?? this.stream.getShardIterator({ ShardId: shardId, ShardIteratorType: 'LATEST' }).ShardIterator;
      iterator = page.NextShardIterator;
    }
    return this.stream.getShardIterator({ ShardId: shardId, ShardIteratorType: 'LATEST' }).ShardIterator;
  }

  /** DynamoDB has no MillisBehindLatest: a full page means there may be more to read now. */
  getRecords(iterator: string, limit = 1000): GetRecordsOutput {
    const asked = Math.min(limit, 1000);
    let out;
    try {
      out = this.stream.getRecords({ ShardIterator: iterator, Limit: asked });
    } catch (err) {
      if (err instanceof DdbServiceError) throw new KinesisServiceError(err.code, err.message);
      throw err;
    }
    const records = this.dropRemoves ? out.Records.filter((r) => (r.payload as DdbRecord).eventName !== 'REMOVE') : out.Records;
    return { Records: records, NextShardIterator: out.NextShardIterator ?? null, MillisBehindLatest: out.Records.length === asked ? 1 : 0 };
  }

  onNextPut(shardId: string, listener: () => void): void {
    this.stream.onNextPut(shardId, listener);
  }

  onReshard(listener: () => void): void {
    this.stream.onReshard(listener);
  }
}
