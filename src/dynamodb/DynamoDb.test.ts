import { describe, expect, it } from 'vitest';
import { isoSeconds } from '../esm/OnFailureRecord.ts';
import { simulateDynamoDb } from '../run/simulateDynamoDb.ts';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { Rng } from '../sim/Rng.ts';
import { TraceRecorder } from '../trace/Trace.ts';
import type { DynamoDbCase } from '../workload/DynamoDbWorkload.ts';
import { dynamoDbEventRecord } from './DynamoDbSource.ts';
import { DynamoDbStream, type DdbRecord, type StreamViewType } from './DynamoDbStream.ts';
import { Table } from './Table.ts';

const schema = { hashKey: 'pk' };
const a = { pk: { S: 'a' } };

describe('item writes become changes (J-2, K-2)', () => {
  it('put of a new key is INSERT, of an existing one MODIFY; an identical put changes nothing', () => {
    const t = new Table(schema);
    expect(t.write('put', { ...a, n: { N: '1' } })).toEqual({ eventName: 'INSERT', keys: a, newImage: { ...a, n: { N: '1' } }, ttl: false });
    expect(t.write('put', { ...a, n: { N: '2' } })).toEqual({ eventName: 'MODIFY', keys: a, newImage: { ...a, n: { N: '2' } }, oldImage: { ...a, n: { N: '1' } }, ttl: false });
    expect(t.write('put', { ...a, n: { N: '2' } })).toBeUndefined();
  });
  it('update sets the given attributes; delete removes an existing item only; TTL deletes are marked', () => {
    const t = new Table(schema);
    t.write('put', { ...a, n: { N: '1' } });
    expect(t.write('update', { ...a, f: { BOOL: true } })?.newImage).toEqual({ ...a, n: { N: '1' }, f: { BOOL: true } });
    expect(t.write('delete', { pk: { S: 'zz' } })).toBeUndefined();
    expect(t.write('ttlDelete', a)).toEqual({ eventName: 'REMOVE', keys: a, oldImage: { ...a, n: { N: '1' }, f: { BOOL: true } }, ttl: true });
  });
});

function stream(view: StreamViewType, rolloverMs?: number) {
  const clock = new VirtualClock({});
  const trace = new TraceRecorder();
  const s = new DynamoDbStream({ tableName: 'T', keySchema: schema, streamViewType: view, region: 'us-east-1', accountId: '123456789012', ...(rolloverMs ? { rolloverMs } : {}) }, clock, new Rng('d'), trace);
  return { s, clock, trace, table: new Table(schema) };
}

function advanceTo(clock: VirtualClock, t: number): void {
  let reached = false;
  clock.at(t, () => (reached = true));
  while (!reached && clock.step());
}

describe('the stream record (K-2)', () => {
  it('has the AWS shape: eventVersion 1.1, a 32-hex eventID, 21-40 digit sequence number, whole-second creation time', () => {
    const { s, clock, table } = stream('NEW_AND_OLD_IMAGES');
    advanceTo(clock, DEFAULT_EPOCH_MS + 1500);
    const r = s.append(table.write('put', { ...a, n: { N: '1' } })!, 'r0');
    const p = r.payload as DdbRecord;
    expect(p).toMatchObject({ eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1' });
    expect(p.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(p.dynamodb.SequenceNumber).toMatch(/^\d{21,40}$/);
    expect(p.dynamodb.ApproximateCreationDateTime).toBe(1767225601);
    expect(p.dynamodb).toMatchObject({ Keys: a, NewImage: { ...a, n: { N: '1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(p.dynamodb.SizeBytes).toBeGreaterThanOrEqual(1);
    expect(r.partitionKey).toBe('{"pk":{"S":"a"}}');
    const event = dynamoDbEventRecord(r, s.arn);
    expect(event.eventSourceARN).toBe('arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026-01-01T00:00:00.000');
    expect(Object.keys(event)).toEqual(['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
  });

  it.each([
    ['KEYS_ONLY', [false, false], [false, false]],
    ['NEW_IMAGE', [true, false], [false, false]],
    ['OLD_IMAGE', [false, false], [false, true]],
    ['NEW_AND_OLD_IMAGES', [true, false], [false, true]],
  ] as const)('%s: which images INSERT and REMOVE carry', (view, insert, remove) => {
    const { s, table } = stream(view);
    const ins = (s.append(table.write('put', { ...a, n: { N: '1' } })!, 'r0').payload as DdbRecord).dynamodb;
    const rem = (s.append(table.write('delete', a)!, 'r1').payload as DdbRecord).dynamodb;
    expect(['NewImage' in ins, 'OldImage' in ins]).toEqual(insert);
    expect(['NewImage' in rem, 'OldImage' in rem]).toEqual(remove);
  });

  it('TTL deletes carry userIdentity', () => {
    const { s, table } = stream('KEYS_ONLY');
    table.write('put', a);
    const r = s.append(table.write('ttlDelete', a)!, 'r0');
    expect(dynamoDbEventRecord(r, s.arn).userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });
});

describe('the DynamoDB Streams API: lineage and retention (J-2)', () => {
  it('rolls a shard over: the child names its parent, the parent reads to its end without a next iterator', () => {
    const { s, clock, table, trace } = stream('KEYS_ONLY', 1000);
    s.append(table.write('put', a)!, 'r0');
    advanceTo(clock, DEFAULT_EPOCH_MS + 1000);
    const r1 = s.append(table.write('put', { ...a, n: { N: '1' } })!, 'r1');
    const shards = s.describeStream().StreamDescription.Shards;
    expect(shards).toHaveLength(2);
    expect(shards[1]!.ParentShardId).toBe(shards[0]!.ShardId);
    expect(shards[0]!.ShardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
    expect(r1.shardId).toBe(shards[1]!.ShardId);
    const out = s.getRecords({ ShardIterator: s.getShardIterator({ ShardId: shards[0]!.ShardId, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator });
    expect(out.Records.map((r) => r.rid)).toEqual(['r0']);
    expect(out.NextShardIterator).toBeUndefined();
    expect(trace.events.filter((e) => e.type === 'shard')).toEqual([{ t: DEFAULT_EPOCH_MS + 1000, type: 'shard', shardId: shards[1]!.ShardId, parentShardId: shards[0]!.ShardId }]);
  });

  it('keeps records 24 hours', () => {
    const { s, clock, table, trace } = stream('KEYS_ONLY');
    s.append(table.write('put', a)!, 'r0');
    advanceTo(clock, DEFAULT_EPOCH_MS + 24 * 3_600_000 + 1);
    expect(trace.events.filter((e) => e.type === 'trim').map((e) => e.t)).toEqual([DEFAULT_EPOCH_MS + 24 * 3_600_000]);
  });
});

describe('the DynamoDB mapping', () => {
  const base: DynamoDbCase = {
    workload: { table: { hashKey: 'pk', streamViewType: 'NEW_IMAGE' }, writes: [{ at: 100, op: 'put', item: a }] },
    mapping: { StartingPosition: 'TRIM_HORIZON' },
    function: { behaviour: {} },
  };
  it('polls 4 times a second (B-2): a record written at 100 ms is invoked at the 250 ms poll', async () => {
    const { trace } = await simulateDynamoDb(base, { seed: '1' });
    expect(trace.filter((e) => e.type === 'invoke').map((e) => e.t - DEFAULT_EPOCH_MS)).toEqual([250]);
  });
  it('rejects AT_TIMESTAMP with AWS message (A-4)', async () => {
    const c = { ...base, mapping: { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1767225600 } };
    await expect(simulateDynamoDb(c, { seed: '1' })).rejects.toThrow(
      'InvalidParameterValueException: Unsupported starting position for arn type: arn:aws:dynamodb:us-east-1:123456789012:table/table-under-test/stream/2026-01-01T00:00:00.000',
    );
  });
  it('writes whole-second arrival times in on-failure batch info (F-2)', () => {
    expect(isoSeconds(Date.UTC(2019, 10, 14, 0, 13, 19, 835))).toBe('2019-11-14T00:13:19Z');
  });
});
