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
    const seqs = Array.from({ length: 50 }, (_, i) => s.putRecord('k', { size: 1 }, `r${i}`).sequenceNumber);
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
    const it = s.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: first.sequenceNumber });
    const out = s.getRecords(it, 1);
    expect(out.Records.map((r) => r.rid)).toEqual(['r1']);
    expect(out.MillisBehindLatest).toBe(2000);
    expect(s.getRecords(out.NextShardIterator!).MillisBehindLatest).toBe(0);
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
