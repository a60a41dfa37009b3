/**
 * A DynamoDB stream (J-2, K-2), read through an interface shaped like the
 * DynamoDB Streams API: DescribeStream (shards with their ParentShardId),
 * GetShardIterator and GetRecords. Each write that changes an item becomes
 * exactly one stream record, in modification order per item; records stay
 * 24 hours; shards roll over (a closed shard's child names it as parent).
 *
 * Model decisions: an item's records go to one shard chain (its table
 * partition: FNV-1a of the key modulo `partitions`); a partition's shard rolls
 * over at the first write `rolloverMs` after it opened (AWS: about every 4 h,
 * [C]); sequence numbers are 21-digit strings increasing across the stream.
 */
import { fnvLane } from '../esm/EventSourceMapping.ts';
import { Retention } from '../kinesis/Retention.ts';
import { sizeOnly } from '../kinesis/RecordData.ts';
import { Shard, type StreamRecord, type TrimHorizonOption } from '../kinesis/Shard.ts';
import { Wakeups } from '../kinesis/Wakeups.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import type { Rng } from '../sim/Rng.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import { canonicalKey, mapBytes, type AttributeMap, type KeySchema } from './AttributeValue.ts';
import type { ItemChange } from './Table.ts';
import { createHash } from 'node:crypto';

/** Which images a record carries (K-2). */
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/** A DynamoDB Streams record, as GetRecords returns it (K-2, without eventSourceARN). */
export interface DdbRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion: '1.1';
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime: number;
    readonly Keys: AttributeMap;
    readonly NewImage?: AttributeMap;
    readonly OldImage?: AttributeMap;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: StreamViewType;
  };
  readonly userIdentity?: { readonly type: 'Service'; readonly principalId: 'dynamodb.amazonaws.com' };
}

/** Configuration of a table's stream. */
export interface DdbStreamConfig extends TrimHorizonOption {
  readonly tableName: string;
  readonly keySchema: KeySchema;
  readonly streamViewType: StreamViewType;
  /** Table partitions, each with its own shard chain (default 1). */
  readonly partitions?: number;
  /** A shard rolls over at the first write this long after it opened (default 4 h). */
  readonly rolloverMs?: number;
  readonly region: string;
  readonly accountId: string;
}

/** An error with the DynamoDB Streams error code as `code`. */
export class DdbServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** DescribeStream's shard. */
export interface DdbShardDescription {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly SequenceNumberRange: { readonly StartingSequenceNumber?: string; readonly EndingSequenceNumber?: string };
}

/** GetShardIterator request. */
export interface DdbGetShardIteratorInput {
  readonly ShardId: string;
  readonly ShardIteratorType: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';
  readonly SequenceNumber?: string;
}

/** GetRecords response: each record also carries the model's bookkeeping (workload name, exact arrival). */
export interface DdbGetRecordsOutput {
  readonly Records: readonly StreamRecord[];
  /** Absent once a closed shard is read to its end. */
  readonly NextShardIterator?: string;
}

/** Retention of DynamoDB streams: 24 hours (J-2). */
export const DDB_RETENTION_MS = 24 * 3600 * 1000;
const ITERATOR_TTL_MS = 15 * 60 * 1000;
const GET_RECORDS_MAX = 1000;

/** A simulated DynamoDB stream. */
export class DynamoDbStream {
  readonly arn: string;
  readonly retentionMs = DDB_RETENTION_MS;
  private readonly shards = new Map<string, Shard>();
  private readonly openedAt = new Map<string, number>();
  private readonly current: string[] = [];
  private readonly iterators = new Map<string, { shardId: string; index: number; issuedAt: number }>();
  private readonly wakeups = new Wakeups();
  private readonly retention: Retention;
  private seq: number;
  private iteratorCounter = 0;

  constructor(
    readonly config: DdbStreamConfig,
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
    private readonly trace: TraceRecorder,
  ) {
    const label = new Date(clock.now).toISOString().replace('Z', '');
    this.arn = `arn:aws:dynamodb:${config.region}:${config.accountId}:table/${config.tableName}/stream/${label}`;
    this.retention = new Retention(this.retentionMs, () => this.shards.values(), clock, trace);
    this.seq = rng.int(1_000_000, 9_999_999);
    for (let p = 0; p < (config.partitions ?? 1); p++) this.current.push(this.openShard());
  }

  /** Record one item change (J-2: once, in modification order per item). */
  append(change: ItemChange, rid: string): StreamRecord {
    const partitionKey = canonicalKey(change.keys, this.config.keySchema);
    const shard = this.shardFor(partitionKey);
    const sequenceNumber = this.nextSeq();
    const payload = this.recordOf(change, sequenceNumber);
    const put = { t: this.clock.now, type: 'put', rid, shardId: shard.shardId, seq: sequenceNumber, partitionKey, bytes: payload.dynamodb.SizeBytes } as const;
    shard.append(put, sizeOnly(0), payload);
    this.trace.emit(put);
    this.retention.arm();
    this.wakeups.shardWoke(shard.shardId);
    return shard.recordAt(shard.length - 1);
  }

  /** The images the view type keeps (K-2: INSERT has no OldImage, REMOVE no NewImage). */
  private recordOf(change: ItemChange, sequenceNumber: string): DdbRecord {
    const view = this.config.streamViewType;
    const newImage = (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES') && change.newImage ? { NewImage: change.newImage } : {};
    const oldImage = (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES') && change.oldImage ? { OldImage: change.oldImage } : {};
    const size = mapBytes(change.keys) + mapBytes(newImage.NewImage ?? {}) + mapBytes(oldImage.OldImage ?? {});
    return {
      eventID: createHash('md5').update(`${this.arn}/${sequenceNumber}`).digest('hex'),
      eventName: change.eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.config.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(this.clock.now / 1000),
        Keys: change.keys, ...newImage, ...oldImage,
        SequenceNumber: sequenceNumber, SizeBytes: Math.max(1, size), StreamViewType: view,
      },
      ...(change.ttl ? { userIdentity: { type: 'Service' as const, principalId: 'dynamodb.amazonaws.com' as const } } : {}),
    };
  }

  /** The open shard of the item's partition, rolled over if it is due (J-2). */
  private shardFor(partitionKey: string): Shard {
    const p = fnvLane(partitionKey, this.current.length);
    const id = this.current[p]!;
    if (this.clock.now - this.openedAt.get(id)! < (this.config.rolloverMs ?? 4 * 3600 * 1000)) return this.shards.get(id)!;
    const parent = this.shards.get(id)!;
    parent.endingSequenceNumber = parent.length > 0 ? parent.seqAt(parent.length - 1) : this.nextSeq();
    this.current[p] = this.openShard(id);
    this.wakeups.shardWoke(id);
    this.wakeups.resharded();
    return this.shards.get(this.current[p]!)!;
  }

  private openShard(parentShardId?: string): string {
    const shardId = `shardId-${String(this.clock.now).padStart(20, '0')}-${this.rng.hex(8)}`;
    this.shards.set(shardId, new Shard(shardId, { start: 0n, end: 0n }, parentShardId));
    this.openedAt.set(shardId, this.clock.now);
    if (parentShardId) this.trace.emit({ t: this.clock.now, type: 'shard', shardId, parentShardId });
    return shardId;
  }

  private nextSeq(): string {
    this.seq += this.rng.int(1, 100);
    return '4' + String(this.seq).padStart(20, '0');
  }

  /** DescribeStream's shards, with lineage. */
  describeStream(): { StreamDescription: { StreamArn: string; StreamViewType: StreamViewType; Shards: DdbShardDescription[] } } {
    const Shards = [...this.shards.values()].map((s) => ({
      ShardId: s.shardId,
      ...(s.parentShardId ? { ParentShardId: s.parentShardId } : {}),
      SequenceNumberRange: {
        ...(s.length > 0 ? { StartingSequenceNumber: s.seqAt(0) } : {}),
        ...(s.endingSequenceNumber ? { EndingSequenceNumber: s.endingSequenceNumber } : {}),
      },
    }));
    return { StreamDescription: { StreamArn: this.arn, StreamViewType: this.config.streamViewType, Shards } };
  }

  getShardIterator(input: DdbGetShardIteratorInput): { ShardIterator: string } {
    const shard = this.shards.get(input.ShardId);
    if (!shard) throw new DdbServiceError('ResourceNotFoundException', `Requested resource not found: Shard does not exist`);
    this.retention.trimDue();
    let index = shard.length;
    if (input.ShardIteratorType === 'TRIM_HORIZON') index = shard.trimIndex;
    else if (input.ShardIteratorType !== 'LATEST') {
      if (input.SequenceNumber === undefined) throw new DdbServiceError('ValidationException', 'SequenceNumber is required');
      index = shard.lowerBound(input.SequenceNumber);
      if (input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER' && index < shard.length && shard.seqAt(index) === input.SequenceNumber) index++;
    }
    return { ShardIterator: this.iteratorAt(shard, shard.clamp(index, this.config.servesTrimmed)) };
  }

  getRecords(input: { ShardIterator: string; Limit?: number }): DdbGetRecordsOutput {
    const state = this.iterators.get(input.ShardIterator);
    if (!state) throw new DdbServiceError('ValidationException', 'Invalid ShardIterator');
    this.iterators.delete(input.ShardIterator);
    if (this.clock.now - state.issuedAt > ITERATOR_TTL_MS) throw new DdbServiceError('ExpiredIteratorException', 'Iterator expired');
    this.retention.trimDue();
    const shard = this.shards.get(state.shardId)!;
    const from = shard.clamp(state.index, this.config.servesTrimmed);
    const Records = shard.read(from, Math.min(input.Limit ?? GET_RECORDS_MAX, GET_RECORDS_MAX));
    const to = from + Records.length;
    if (shard.endingSequenceNumber !== undefined && to >= shard.length) return { Records };
    return { Records, NextShardIterator: this.iteratorAt(shard, to) };
  }

  private iteratorAt(shard: Shard, index: number): string {
    const token = `${shard.shardId}#${index}#${++this.iteratorCounter}`;
    this.iterators.set(token, { shardId: shard.shardId, index, issuedAt: this.clock.now });
    return token;
  }


  /** Long-poll wake-up: `listener` runs once at the next record in (or closing of) `shardId`. */
  onNextPut(shardId: string, listener: () => void): void {
    this.wakeups.nextPut(shardId, listener);
  }

  /** `listener` runs once at the next roll-over. */
  onReshard(listener: () => void): void {
    this.wakeups.nextReshard(listener);
  }
}
