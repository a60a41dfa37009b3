import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../sim/Clock.ts';
import { Rng } from '../sim/Rng.ts';
import { TraceRecorder } from '../trace/Trace.ts';
import { evenRanges, hashKeyOf, MAX_HASH_KEY } from './HashKey.ts';
import { KinesisServiceError, KinesisStream } from './KinesisStream.ts';
import { compareSeq } from './SequenceNumber.ts';

/** Fire timers until virtual time reaches `t` (the stream's trim timer lies further ahead). */
function advanceTo(clock: VirtualClock, t: number): void {
  let reached = false;
  clock.at(t, () => (reached = true));
  while (!reached && clock.step());
}

const MIB = 1024 * 1024;

function stream(shardCount = 2, retentionHours = 24) {
  const clock = new VirtualClock({ startMs: 0 });
  const trace = new TraceRecorder();
  const s = new KinesisStream({ streamName: 's', shardCount, retentionHours, sequenceStyle: 'short' }, clock, new Rng('t'), trace);
  return { s, clock, trace };
}

describe('hash keys (J-3, MD5 as a 128-bit integer)', () => {
  it('matches the MD5 of the key', () => {
    expect(hashKeyOf('a')).toBe(0x0cc175b9c0f1b6a831c399e269772661n);
  });
  it('splits the key space evenly and completely', () => {
    const r = evenRanges(3);
    expect(r[0]!.start).toBe(0n);
    expect(r[2]!.end).toBe(MAX_HASH_KEY);
    expect(r[1]!.start).toBe(r[0]!.end + 1n);
  });
  it('routes a key to the shard whose range holds its hash', () => {
    const { s } = stream(2);
    // md5("a") = 0x0cc1...: lower half; md5("b") = 0x92eb...: upper half.
    expect(s.putRecord('a', { text: 'x' }, 'r0').shardId).toBe('shardId-000000000000');
    expect(s.putRecord('b', { text: 'x' }, 'r1').shardId).toBe('shardId-000000000001');
  });
});

describe('sequence numbers (E-3)', () => {
  it('compares as integers, not strings', () => {
    expect(compareSeq('99', '100')).toBeLessThan(0);
    expect(compareSeq('100', '99')).toBeGreaterThan(0);
    expect(compareSeq('49590338271490256608559692538361571095921575989136588898', '49590338271490256608559692538361571095921575989136588899')).toBeLessThan(0);
    expect(compareSeq('5', '5')).toBe(0);
  });
  it('strictly increase per shard', () => {
    const { s } = stream(1);
    const seqs = Array.from({ length: 50 }, (_, i) => s.putRecord('k', { size: 1 }, `r${i}`).seq);
    for (let i = 1; i < seqs.length; i++) expect(BigInt(seqs[i]!) > BigInt(seqs[i - 1]!)).toBe(true);
  });
});

describe('the Kinesis-shaped read API', () => {
  it('TRIM_HORIZON reads everything, LATEST nothing already there, AT_TIMESTAMP from the time on', () => {
    const { s, clock } = stream(1);
    s.putRecord('k', { size: 1 }, 'r0');
    clock.after(1000, () => s.putRecord('k', { size: 1 }, 'r1'));
    advanceTo(clock, 1000);
    const read = (type: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP', ts?: number) =>
      s.getRecords(s.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: type, ...(ts !== undefined ? { Timestamp: ts } : {}) })).Records.map((r) => r.rid);
    expect(read('TRIM_HORIZON')).toEqual(['r0', 'r1']);
    expect(read('LATEST')).toEqual([]);
    expect(read('AT_TIMESTAMP', 500)).toEqual(['r1']);
  });

  it('AFTER_SEQUENCE_NUMBER resumes after a record, and reports MillisBehindLatest', () => {
    const { s, clock } = stream(1);
    const first = s.putRecord('k', { size: 1 }, 'r0');
    s.putRecord('k', { size: 1 }, 'r1');
    s.putRecord('k', { size: 1 }, 'r2');
    advanceTo(clock, 2000);
    const it = s.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: first.seq });
    const out = s.getRecords(it, 1);
    expect(out.Records.map((r) => r.rid)).toEqual(['r1']);
    expect(out.MillisBehindLatest).toBe(2000);
    expect(s.getRecords(out.NextShardIterator!).MillisBehindLatest).toBe(0);
  });

  it('GetRecords returns at most 10 MiB of data (exactly 10 MiB fits) and at most 10,000 records (C-5)', () => {
    const clock = new VirtualClock({ startMs: 0 });
    const s = new KinesisStream({ streamName: 's', shardCount: 1, maxRecordBytes: 10 * MIB, sequenceStyle: 'short' }, clock, new Rng('t'), new TraceRecorder());
    const reads = (limit?: number) => {
      const sizes: number[][] = [];
      let it: string | null = s.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
      while (it !== null && sizes.length < 10) {
        const out = s.getRecords(it, limit);
        if (out.Records.length === 0) break;
        sizes.push(out.Records.map((r) => r.bytes));
        it = out.NextShardIterator;
      }
      return sizes.map((b) => (b.length > 3 ? `${b.length} records of ${b.reduce((x, y) => x + y, 0)} bytes` : b.join('+')));
    };
    for (let i = 0; i < 11; i++) s.putRecord('k', { size: MIB }, `m${i}`);
    s.putRecord('k', { size: 10 * MIB }, 'big');
    s.putRecord('k', { size: 1 }, 'tiny');
    expect(reads()).toEqual([`10 records of ${10 * MIB} bytes`, `${MIB}`, `${10 * MIB}`, '1']);
    expect(reads(4)).toEqual([`4 records of ${4 * MIB} bytes`, `4 records of ${4 * MIB} bytes`, `${MIB}+${MIB}+${MIB}`, `${10 * MIB}`, '1']);
    for (let i = 0; i < 10_000; i++) s.putRecord('k', { size: 1 }, `s${i}`);
    expect(reads().slice(3)).toEqual(['10000 records of 10000 bytes', '1']); // 'tiny' and 9,999 more, then the last
  });

  it('hands out each record as it was put, data included, with its sequence number length (past the log\'s first growth)', () => {
    // Short-style numbers gain digits as they grow, so a length kept at the wrong position shows.
    const { s } = stream(1);
    const puts = Array.from({ length: 300 }, (_, i) => s.putRecord(`k${i % 7}`, i % 3 === 0 ? { text: `t${i}` } : { size: i }, `r${i}`));
    const read = s.getRecords(s.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).Records;
    expect(new Set(read.map((r) => r.sequenceNumber.length)).size).toBeGreaterThan(1);
    read.forEach((r, i) => {
      expect([r.rid, r.sequenceNumber, r.partitionKey, r.arrivalMs, r.shardId]).toEqual([puts[i]!.rid, puts[i]!.seq, puts[i]!.partitionKey, puts[i]!.t, puts[i]!.shardId]);
      expect(r.data).toEqual(i % 3 === 0 ? { text: `t${i}` } : { size: i });
      expect(r.bytes).toBe(i % 3 === 0 ? `t${i}`.length : i);
      expect(r.sequenceNumberLength).toBe(r.sequenceNumber.length);
      expect(JSON.parse(JSON.stringify(r))).toEqual({ shardId: r.shardId, sequenceNumber: r.sequenceNumber, partitionKey: r.partitionKey, data: r.data, bytes: r.bytes, arrivalMs: r.arrivalMs, rid: r.rid, sequenceNumberLength: r.sequenceNumberLength });
    });
  });

  it('expires iterators after 5 minutes and rejects reuse', () => {
    const { s, clock } = stream(1);
    const it = s.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    advanceTo(clock, 300_001);
    expect(() => s.getRecords(it)).toThrow(KinesisServiceError);
    expect(() => s.getRecords(it)).toThrow(/Invalid ShardIterator/);
  });

  it('trims records at arrival + retention and records the trim (J-1)', () => {
    const { s, clock, trace } = stream(1, 24);
    s.putRecord('k', { size: 1 }, 'r0');
    clock.after(3_600_000, () => s.putRecord('k', { size: 1 }, 'r1'));
    advanceTo(clock, 24 * 3_600_000 + 1);
    const trims = trace.events.filter((e) => e.type === 'trim');
    expect(trims.map((e) => e.t)).toEqual([24 * 3_600_000]);
    const left = s.getRecords(s.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).Records;
    expect(left.map((r) => r.rid)).toEqual(['r1']);
  });

  it('rejects records over the size limit and bad partition keys (J-3)', () => {
    const { s } = stream(1);
    expect(() => s.putRecord('k', { size: 1024 * 1024 + 1 }, 'big')).toThrow(/less than or equal to 1048576/);
    expect(() => s.putRecord('', { size: 1 }, 'r')).toThrow(/between 1 and 256/);
    expect(() => s.putRecord('x'.repeat(257), { size: 1 }, 'r')).toThrow(/between 1 and 256/);
  });
});

describe('filler data', () => {
  it('repeats "<rid>;" to the requested size', async () => {
    const { dataBase64 } = await import('./RecordData.ts');
    expect(Buffer.from(dataBase64({ size: 7 }, 'r12'), 'base64').toString()).toBe('r12;r12');
    expect(Buffer.from(dataBase64({ size: 0 }, 'r1'), 'base64').toString()).toBe('');
    expect(dataBase64({ text: '<script>' }, 'x')).toBe(Buffer.from('<script>').toString('base64'));
  });
});

describe('resharding (J-4)', () => {
  const S0 = 'shardId-000000000000';
  it('SplitShard closes the parent at its last record and opens two children that name it', () => {
    const { s, trace } = stream(1);
    const last = s.putRecord('a', { size: 1 }, 'r0');
    const [low, high] = s.splitShard(S0, 1n << 127n);
    expect([low, high]).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    const shards = s.listShards();
    expect(shards[0]!.SequenceNumberRange.EndingSequenceNumber).toBe(last.seq);
    expect(shards[1]).toMatchObject({ ShardId: low, ParentShardId: S0, HashKeyRange: { StartingHashKey: '0', EndingHashKey: String((1n << 127n) - 1n) } });
    expect(shards[2]).toMatchObject({ ShardId: high, ParentShardId: S0, HashKeyRange: { StartingHashKey: String(1n << 127n), EndingHashKey: String(MAX_HASH_KEY) } });
    expect(trace.events.filter((e) => e.type === 'shard')).toEqual([
      { t: 0, type: 'shard', shardId: low, parentShardId: S0 },
      { t: 0, type: 'shard', shardId: high, parentShardId: S0 },
    ]);
  });

  it('routes puts to the open children by hash key', () => {
    const { s } = stream(1);
    s.splitShard(S0, 1n << 127n);
    // md5("a") = 0x0cc1...: lower half; md5("b") = 0x92eb...: upper half.
    expect(s.putRecord('a', { size: 1 }, 'r0').shardId).toBe('shardId-000000000001');
    expect(s.putRecord('b', { size: 1 }, 'r1').shardId).toBe('shardId-000000000002');
  });

  it('GetRecords on a closed shard returns its records, then no next iterator and the child shards', () => {
    const { s } = stream(1);
    s.putRecord('a', { size: 1 }, 'r0');
    s.putRecord('a', { size: 1 }, 'r1');
    s.splitShard(S0, 1n << 127n);
    const first = s.getRecords(s.getShardIterator({ ShardId: S0, ShardIteratorType: 'TRIM_HORIZON' }), 1);
    expect(first.Records.map((r) => r.rid)).toEqual(['r0']);
    expect(first.NextShardIterator).not.toBeNull();
    const end = s.getRecords(first.NextShardIterator!);
    expect(end.Records.map((r) => r.rid)).toEqual(['r1']);
    expect(end.NextShardIterator).toBeNull();
    expect(end.ChildShards).toEqual(['shardId-000000000001', 'shardId-000000000002']);
  });

  it('MergeShards closes two adjacent shards into one child with both parents', () => {
    const { s, trace } = stream(2);
    const child = s.mergeShards(S0, 'shardId-000000000001');
    expect(child).toBe('shardId-000000000002');
    expect(s.listShards()[2]).toMatchObject({ ParentShardId: S0, AdjacentParentShardId: 'shardId-000000000001', HashKeyRange: { StartingHashKey: '0', EndingHashKey: String(MAX_HASH_KEY) } });
    expect(trace.events.filter((e) => e.type === 'shard')).toEqual([{ t: 0, type: 'shard', shardId: child, parentShardId: S0, adjacentParentShardId: 'shardId-000000000001' }]);
    expect(s.putRecord('b', { size: 1 }, 'r0').shardId).toBe(child);
  });

  it('rejects merging shards that are not adjacent, and resharding a closed shard', () => {
    const { s } = stream(3);
    expect(() => s.mergeShards(S0, 'shardId-000000000002')).toThrow(/not adjacent/);
    s.splitShard(S0, 1n);
    expect(() => s.splitShard(S0, 2n)).toThrow(/is closed/);
  });

  it('UpdateShardCount doubles by splits and halves by merges, within [open/2, 2*open]', () => {
    const { s } = stream(2);
    s.updateShardCount(4);
    expect(s.openShards().map((x) => x.shardId)).toEqual(['shardId-000000000002', 'shardId-000000000003', 'shardId-000000000004', 'shardId-000000000005']);
    s.updateShardCount(2);
    expect(s.openShards()).toHaveLength(2);
    expect(() => s.updateShardCount(5)).toThrow(/between 1 and 4/);
  });

  it('wakes a poller parked on a shard when it closes', () => {
    const { s } = stream(1);
    let woke = 0;
    s.onNextPut(S0, () => woke++);
    s.splitShard(S0, 1n << 127n);
    expect(woke).toBe(1);
  });
});
