/**
 * Conformance of another implementation, driven: generated cases run through
 * an in-house poller (src/conformance/examples/simplePoller.ts) and judged by the
 * checkers the reference model is judged by. The honest poller holds; the
 * same poller with a familiar bug is caught and shrunk; a poller that throws,
 * answers garbage or stalls gets a clear message or a finding, never a hang.
 */
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../src/check/index.ts';
import * as fc from 'fast-check';
import { checkPoller, pollerCaseArb, type CaseProgress } from '../src/conformance/checkPoller.ts';
import type { PollerContext, PollerUnderTest } from '../src/conformance/PollerUnderTest.ts';
import { PollerFault, simulatePoller } from '../src/conformance/simulatePoller.ts';
import { simulateKinesis } from '../src/run/simulateKinesis.ts';
import { toJsonLines } from '../src/trace/Trace.ts';
import type { KinesisCase } from '../src/workload/Workload.ts';
import type { TraceEvent } from '../src/trace/TraceEvent.ts';
import { simplePoller } from '../src/conformance/examples/simplePoller.ts';

/** The sequence number the trace gave the record `rid`. */
function putSeq(trace: readonly TraceEvent[], rid: string): string {
  const put = trace.find((e) => e.type === 'put' && e.rid === rid);
  return put?.type === 'put' ? put.seq : '';
}

/** The first shard, as a hand-made poller reads it once from TRIM_HORIZON; its records as an event names them. */
async function readFirstShard(ctx: PollerContext): Promise<{ shard: string; seqs: string[]; records: Array<{ kinesis: { sequenceNumber: string } }> }> {
  const shard = 'shardId-000000000000';
  const it = await ctx.kinesis.getShardIterator({ ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' });
  const { Records } = await ctx.kinesis.getRecords({ ShardIterator: it.ShardIterator });
  const seqs = Records.map((r) => r.SequenceNumber);
  return { shard, seqs, records: seqs.map((sequenceNumber) => ({ kinesis: { sequenceNumber } })) };
}

/** The run's epoch: virtual time 0 of a case. */
const EPOCH = 1_767_225_600_000;

/** Two shards, five records, r1 a poison record; two retries allowed. */
const CASE: KinesisCase = {
  workload: { stream: { shards: 2 }, puts: [0, 10, 20, 30, 40].map((at, i) => ({ at, partitionKey: `k${i % 3}` })) },
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 2, MaximumRetryAttempts: 2 },
  function: { behaviour: { rules: [{ match: { rids: ['r1'] }, action: 'throw' }] } },
};

describe('a poller driven by the harness', () => {
  it('an honest in-house poller holds on a hand-written case: retried twice, given up, checkpointed', async () => {
    const { trace, config } = await simulatePoller(CASE, () => simplePoller(), { seed: '1' });
    expect(checkTrace(trace, config)).toEqual([]);
    const poison = trace.filter((e) => e.type === 'invoke' && e.shardId === 'shardId-000000000001');
    expect(poison).toHaveLength(3); // the first attempt and MaximumRetryAttempts 2 (D-3)
    expect(trace.filter((e) => e.type === 'discard').map((e) => e.type === 'discard' && e.condition)).toEqual(['RetryAttemptsExhausted']);
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'quiescent' });
  });

  it('the same seed gives the same trace, byte for byte', async () => {
    const once = await simulatePoller(CASE, () => simplePoller(), { seed: '9' });
    const twice = await simulatePoller(CASE, () => simplePoller(), { seed: '9' });
    expect(toJsonLines(twice.trace)).toBe(toJsonLines(once.trace));
  });

  it('holds over generated cases (starting positions, batch sizes, retries, record age, errors and timeouts)', async () => {
    const verdict = await checkPoller(() => simplePoller(), { seed: 11, runs: 60 });
    expect(verdict.failure?.findings ?? verdict.failure?.fault).toBeUndefined();
    expect(verdict.ok).toBe(true);
  });

  it('catches a poller that checkpoints past a failed batch, shrinks it, and replays it from seed and path', async () => {
    const verdict = await checkPoller(() => simplePoller('skip-failed'), { seed: 11, runs: 100 });
    expect(verdict.ok).toBe(false);
    const failure = verdict.failure!;
    expect(failure.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['B-8']));
    expect(failure.counterexample.workload.puts.length).toBeLessThanOrEqual(2);
    const replay = await checkPoller(() => simplePoller('skip-failed'), { seed: failure.replay.seed, path: failure.replay.path });
    expect(replay.failure!.counterexample).toEqual(failure.counterexample);
    expect(replay.failure!.findings).toEqual(failure.findings);
  });

  it('announces each case before driving it, and from the first failure on, that it is shrinking that failure', async () => {
    const seen: CaseProgress[] = [];
    const verdict = await checkPoller(() => simplePoller('skip-failed'), { seed: 11, runs: 100, onCase: (p) => seen.push(p) });
    expect(seen.map((p) => p.index)).toEqual(seen.map((_, i) => i));
    const firstFailure = Number(verdict.failure!.replay.path.split(':')[0]); // fast-check's path starts at the failing run
    expect(seen.findIndex((p) => p.failedAt !== undefined)).toBe(firstFailure + 1);
    expect(new Set(seen.slice(firstFailure + 1).map((p) => p.failedAt))).toEqual(new Set([firstFailure]));
  });

  it('with throttling claimed, holds over generated cases, many of which Lambda throttles (D-1)', async () => {
    let throttles = 0;
    for (const c of fc.sample(pollerCaseArb({ throttling: true }), { numRuns: 60, seed: 12 })) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: c.seed });
      throttles += trace.filter((e) => e.type === 'throttle').length;
      expect(checkTrace(trace, config)).toEqual([]);
    }
    expect(throttles).toBeGreaterThan(20);
  });

  it('catches a poller that spends a retry on each throttle: given up without ever reaching the function (D-1)', async () => {
    const throttled: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }] },
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 1 },
      function: { behaviour: {}, throttles: [{ from: 0, to: 30_000 }] },
    };
    const buggy = await simulatePoller(throttled, () => simplePoller('count-throttles'), { seed: '1' });
    expect(buggy.trace.filter((e) => e.type === 'throttle')).toHaveLength(2);
    expect(checkTrace(buggy.trace, buggy.config).map((f) => `${f.checker} ${f.rule}`)).toContain('retry-limit D-1');
    const honest = await simulatePoller(throttled, () => simplePoller(), { seed: '1' });
    expect(checkTrace(honest.trace, honest.config)).toEqual([]);
    expect(honest.trace.filter((e) => e.type === 'invoke')).toHaveLength(1);
    const verdict = await checkPoller(() => simplePoller('count-throttles'), { seed: 12, runs: 200, features: { throttling: true } });
    expect(verdict.failure?.findings.map((f) => f.checker)).toEqual(expect.arrayContaining(['retry-limit']));
  });

  it('with restarts claimed, holds over generated cases that disable and re-enable the mapping (C-2)', async () => {
    let restarts = 0;
    // Cases that restart, with record age capped at two minutes: a poison record retried for a day makes a poller that polls every second slow to drive.
    const restarting = pollerCaseArb({ restarts: true, throttling: true })
      .filter((c) => (c.workload.lifecycle?.length ?? 0) > 0)
      .map((c) => ({ ...c, mapping: { ...c.mapping, MaximumRecordAgeInSeconds: 120 } }));
    for (const c of fc.sample(restarting, { numRuns: 30, seed: 13 })) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: c.seed });
      restarts += trace.filter((e) => e.type === 'state' && e.state === 'Enabled').length;
      expect(checkTrace(trace, config)).toEqual([]);
    }
    expect(restarts).toBeGreaterThan(10);
  });

  it('with resharding claimed, holds over generated cases that split and merge shards, reading each child after its parents (J-4)', async () => {
    let childBatches = 0;
    const resharded = pollerCaseArb({ resharding: true, tumblingWindows: true }).filter((c) => (c.workload.reshards?.length ?? 0) > 0);
    for (const c of fc.sample(resharded, { numRuns: 40, seed: 21 })) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: c.seed });
      const children = new Set(trace.flatMap((e) => (e.type === 'shard' ? [e.shardId] : [])));
      childBatches += trace.filter((e) => e.type === 'invoke' && children.has(e.shardId)).length;
      expect(checkTrace(trace, config)).toEqual([]);
    }
    expect(childBatches).toBeGreaterThan(20);
  });

  it('catches a poller that reads a child shard beside its parent: a key\'s newer record goes out first (per-key-order, J-4)', async () => {
    // r0 fails twice (back-off 1 s, 2 s) on the parent; the split at 500 ms sends the same key's r1 to a child, which the eager poller reads at once.
    const c: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }, { at: 1_000, partitionKey: 'k' }], reshards: [{ at: 500, split: 0 }] },
      mapping: { StartingPosition: 'TRIM_HORIZON' },
      function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'throw', times: 2 }] } },
    };
    const eager = await simulatePoller(c, () => simplePoller('eager-children'), { seed: '1' });
    expect(checkTrace(eager.trace, eager.config).map((f) => `${f.checker} ${f.rule}`)).toContain('per-key-order Q-2');
    const honest = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    expect(checkTrace(honest.trace, honest.config)).toEqual([]);
  });

  it('with partial responses claimed, holds over generated cases whose functions report failed records (E-1..E-7)', async () => {
    let partials = 0;
    const reporting = pollerCaseArb({ partialResponses: true, tumblingWindows: true }).filter((c) => c.mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures') === true);
    for (const c of fc.sample(reporting, { numRuns: 20, seed: 23 })) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: c.seed });
      partials += trace.filter((e) => e.type === 'result' && Array.isArray((e.response as { batchItemFailures?: unknown } | null)?.batchItemFailures)).length;
      expect(checkTrace(trace, config)).toEqual([]);
    }
    expect(partials).toBeGreaterThan(5);
  });

  it('checkpoints before the lowest failure a response reports and retries from there; a poller that retries the whole batch is caught (E-3)', async () => {
    // r1 of the batch r0..r2 is reported failed once: r0 is checkpointed, and the retry is r1, r2.
    const c: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [0, 0, 0].map((at) => ({ at, partitionKey: 'k' })) },
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { behaviour: { rules: [{ match: { rids: ['r1'] }, action: 'reportFailure', times: 1 }] } },
    };
    const names = (trace: readonly TraceEvent[]) => {
      const rid = new Map(trace.flatMap((e) => (e.type === 'put' ? [[e.seq, e.rid] as const] : [])));
      return trace.flatMap((e) => (e.type === 'invoke' ? [e.records.map((seq) => rid.get(seq)).join()] : []));
    };
    const honest = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    expect(names(honest.trace)).toEqual(['r0,r1,r2', 'r1,r2']);
    expect(checkTrace(honest.trace, honest.config)).toEqual([]);
    const whole = await simulatePoller(c, () => simplePoller('retry-whole-batch'), { seed: '1' });
    expect(names(whole.trace)).toEqual(['r0,r1,r2', 'r0,r1,r2']);
    expect(checkTrace(whole.trace, whole.config).map((f) => `${f.checker} ${f.rule}`)).toContain('partial-response E-3');
  });

  it('keeps no window state from a response that fails the batch outright, though it carries one (E-5, H-3; the first draft kept it)', async () => {
    const c: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }] },
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 2, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'respond', times: 1, response: { state: { n: 1 }, batchItemFailures: [{ itemIdentifier: '' }] } }] } },
    };
    const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    const states = trace.flatMap((e) => (e.type === 'invoke' && e.window && !e.window.final ? [JSON.stringify(e.window.state)] : []));
    expect(states).toEqual(['{}', '{}']);
    expect(checkTrace(trace, config)).toEqual([]);
  });

  it('checkpoints past records given up for age at the front of a batch, so a restart does not give them up again (D-6, C-2)', async () => {
    // r0 is too old when first tried (70 s); r1, retried, is still held when the mapping is disabled at 75 s and enabled at 140 s.
    const c: KinesisCase = {
      workload: { stream: { shards: 1 }, startAt: 70_000, puts: [{ at: 0, partitionKey: 'k' }, { at: 65_000, partitionKey: 'k' }], lifecycle: [{ at: 75_000, enabled: false }, { at: 140_000, enabled: true }] },
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRecordAgeInSeconds: 60 },
      function: { behaviour: { rules: [{ match: { rids: ['r1'] }, action: 'throw' }] } },
    };
    const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    const givenUp = trace.flatMap((e) => (e.type === 'discard' ? e.records : []));
    expect(givenUp.filter((seq) => seq === putSeq(trace, 'r0'))).toHaveLength(1);
    expect(checkTrace(trace, config)).toEqual([]);
  });

  it('gives a failing record up when the stream\'s retention ends, read from DescribeStreamSummary, not after a day (D-7, J-1)', async () => {
    const c: KinesisCase = { workload: { stream: { shards: 1, retentionHours: 48 }, puts: [{ at: 0, partitionKey: 'k' }] }, mapping: { StartingPosition: 'TRIM_HORIZON' }, function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'throw' }] } } };
    const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    const givenUp = trace.find((e) => e.type === 'discard');
    expect(givenUp?.t).toBeGreaterThanOrEqual(EPOCH + 48 * 3_600_000);
    expect(checkTrace(trace, config)).toEqual([]);
  });

  /** r0 before a disable from 5 s to 65 s, r1 while disabled, r2 after: each must be delivered once the mapping is enabled again. */
  const restarted = (position: 'LATEST' | 'TRIM_HORIZON'): KinesisCase => ({
    workload: {
      stream: { shards: 1 }, puts: [{ at: 1_000, partitionKey: 'k' }, { at: 30_000, partitionKey: 'k' }, { at: 70_000, partitionKey: 'k' }],
      lifecycle: [{ at: 5_000, enabled: false }, { at: 65_000, enabled: true }],
    },
    mapping: { StartingPosition: position },
    function: { behaviour: {} },
  });

  it('restarts a fresh poller after a disable, told its checkpoints: nothing is lost or read twice (C-2)', async () => {
    const pollers: string[] = [];
    const { trace, config } = await simulatePoller(restarted('LATEST'), () => (pollers.push(`p${pollers.length}`), simplePoller()), { seed: '1' });
    expect(checkTrace(trace, config)).toEqual([]);
    expect(pollers).toEqual(['p0', 'p1']);
    expect(trace.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.state)).toEqual(['Disabling', 'Disabled', 'Enabling', 'Enabled']);
    expect(trace.filter((e) => e.type === 'invoke').map((e) => e.type === 'invoke' && e.records.length)).toEqual([1, 1, 1]);
  });

  it('writes the states in the model\'s order when the mapping is disabled and enabled at one instant, and restarts once', async () => {
    const c = restarted('TRIM_HORIZON');
    const sameInstant: KinesisCase = { ...c, workload: { ...c.workload, lifecycle: [{ at: 5_000, enabled: false }, { at: 5_000, enabled: true }] } };
    const pollers: number[] = [];
    const { trace, config } = await simulatePoller(sameInstant, () => (pollers.push(pollers.length), simplePoller()), { seed: '1' });
    expect(trace.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.state)).toEqual(['Disabling', 'Disabled', 'Enabling', 'Enabled']);
    expect(pollers).toHaveLength(2);
    expect(checkTrace(trace, config)).toEqual([]);
  });

  it('faults a factory that hands back the stopped poller on a restart (C-2)', async () => {
    const only = simplePoller();
    await expect(simulatePoller(restarted('TRIM_HORIZON'), () => only, { seed: '1' })).rejects.toThrow(/returned the poller it had already made and stopped/);
  });

  it('catches a restart from LATEST that ignores the checkpoints: what arrived while stopped is lost (conservation)', async () => {
    const { trace, config } = await simulatePoller(restarted('LATEST'), () => simplePoller('restart-ignores-checkpoint'), { seed: '1' });
    expect(checkTrace(trace, config).map((f) => `${f.checker} ${f.records.join()}`)).toContain(`conservation shardId-000000000000:${putSeq(trace, 'r1')}`);
  });

  it('catches a restart from TRIM_HORIZON that ignores the checkpoints: what was processed is delivered again (resume, C-2)', async () => {
    const { trace, config } = await simulatePoller(restarted('TRIM_HORIZON'), () => simplePoller('restart-ignores-checkpoint'), { seed: '1' });
    expect(checkTrace(trace, config).map((f) => `${f.checker} ${f.rule} ${f.records.join()}`)).toEqual([`resume C-2 shardId-000000000000:${putSeq(trace, 'r0')}`]);
  });

  it('catches a poller that keeps retrying after it was stopped (lifecycle, C-2)', async () => {
    const poison: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }], lifecycle: [{ at: 2_000, enabled: false }, { at: 600_000, enabled: true }] },
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 3 },
      function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'throw' }] } },
    };
    const buggy = await simulatePoller(poison, () => simplePoller('retry-after-stop'), { seed: '1' });
    expect(checkTrace(buggy.trace, buggy.config).map((f) => `${f.checker} ${f.rule}`)).toContain('lifecycle C-2');
    const honest = await simulatePoller(poison, () => simplePoller(), { seed: '1' });
    expect(checkTrace(honest.trace, honest.config)).toEqual([]);
  });

  it.each([
    ['stale-iterator', -1, /^the poller under test rejected in start\(\): ExpiredIteratorException: Iterator expired/],
    ['age-past-retention', 604_800, /^the poller under test left 1 record\(s\) neither checkpointed, given up nor filtered out, the first r0 .*by retention plus an hour/],
  ] as const)("finds the %s bug of the poller's first draft behind a poison record retried for a day", async (bug, maxAge, message) => {
    const poison: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }, { at: 60_000, partitionKey: 'k' }] }, // r1 waits behind r0, and outlives it
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: maxAge },
      function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'throw' }] } },
    };
    await expect(simulatePoller(poison, () => simplePoller(bug), { seed: '1' })).rejects.toThrow(message);
    const fixed = await simulatePoller(poison, () => simplePoller(), { seed: '1' });
    expect(checkTrace(fixed.trace, fixed.config)).toEqual([]);
  });
});

describe('a poller that filters (I-1, I-3, I-4)', () => {
  /** One shard, six records; the filter keeps `kind` "late" and drops the rest, r5's data is not JSON (filler). */
  const FILTERED: KinesisCase = {
    workload: { stream: { shards: 1 }, puts: [...['shipped', 'late', 'lost', 'late', 'shipped'].map((kind, i) => ({ at: i * 10, partitionKey: 'k', data: JSON.stringify({ kind, n: i }) })), { at: 50, partitionKey: 'k', size: 20 }] },
    mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, FilterCriteria: { Filters: [{ Pattern: '{"data":{"kind":["late"]}}' }] } },
    function: { behaviour: {} },
  };
  const names = (trace: readonly TraceEvent[], seqs: readonly string[]) => seqs.map((seq) => trace.flatMap((e) => (e.type === 'put' && e.seq === seq ? [e.rid] : []))[0] ?? seq);

  it('an honest poller delivers only what matches, reports the rest as filtered, and checkpoints past them', async () => {
    const { trace, config } = await simulatePoller(FILTERED, () => simplePoller(), { seed: '1' });
    expect(checkTrace(trace, config)).toEqual([]);
    const delivered = trace.flatMap((e) => (e.type === 'invoke' ? names(trace, e.records) : []));
    const filtered = trace.flatMap((e) => (e.type === 'filter' ? names(trace, e.records) : []));
    expect(delivered).toEqual(['r1', 'r3']);
    expect(filtered).toEqual(['r0', 'r2', 'r4', 'r5']);
    expect(trace.filter((e) => e.type === 'checkpoint').at(-1)).toMatchObject({ seq: putSeq(trace, 'r5') });
  });

  it('with filtering claimed, holds over generated cases with one to three patterns over JSON data', async () => {
    const verdict = await checkPoller(() => simplePoller(), { seed: 11, runs: 100, features: { filtering: true } });
    expect(verdict.failure?.findings ?? verdict.failure?.fault).toBeUndefined();
    const filtered = fc.sample(pollerCaseArb({ filtering: true }), { seed: 11, numRuns: 100 }).filter((c) => c.mapping.FilterCriteria !== undefined);
    expect(filtered.length).toBeGreaterThan(5); // the run above judged some
    expect(fc.sample(pollerCaseArb({}), { seed: 11, numRuns: 100 }).some((c) => c.mapping.FilterCriteria !== undefined)).toBe(false);
  });

  it.each([
    ['filter-encoded-data', 'filtering I-1'],
    ['filter-unreported', 'conservation Q-3'],
  ] as const)('catches the %s bug, shrunk to one record', async (bug, caught) => {
    const verdict = await checkPoller(() => simplePoller(bug), { seed: 11, runs: 100, features: { filtering: true } });
    expect(verdict.ok).toBe(false);
    expect(verdict.failure!.findings.map((f) => `${f.checker} ${f.rule}`)).toContain(caught);
    expect(verdict.failure!.counterexample.workload.puts).toHaveLength(1);
  });

  it('counts a record reported as filtered as resolved, checkpointed or not: the run ends, and nothing is owed', async () => {
    const dropAll: PollerUnderTest = {
      async start(ctx) {
        const { shard, seqs } = await readFirstShard(ctx);
        ctx.filter(shard, seqs);
      },
    };
    // Every record put at once, so that the one read takes all six; a filter none of them matches.
    const matchesNone: KinesisCase = {
      ...FILTERED,
      workload: { ...FILTERED.workload, puts: FILTERED.workload.puts.map((p) => ({ ...p, at: 0 })) },
      mapping: { ...FILTERED.mapping, FilterCriteria: { Filters: [{ Pattern: '{"data":{"kind":["none"]}}' }] } },
    };
    const { trace, config } = await simulatePoller(matchesNone, () => dropAll, { seed: '1' });
    expect(trace.filter((e) => e.type === 'filter').map((e) => (e.type === 'filter' ? e.records.length : 0))).toEqual([6]);
    expect(trace.some((e) => e.type === 'trim')).toBe(false); // ended because all six were resolved, not when retention took them
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'quiescent' });
    expect(checkTrace(trace, config)).toEqual([]);
  });

  it('faults a poller that reports a record it never read, or an empty list, as filtered', async () => {
    const reporting = (seqs: readonly string[]): PollerUnderTest => ({ start: (ctx) => ctx.filter('shardId-000000000000', seqs) });
    await expect(simulatePoller(FILTERED, () => reporting(['42']), { seed: '1' })).rejects.toThrow('the poller under test reported shardId-000000000000:42 as filtered out, a record it never read');
    await expect(simulatePoller(FILTERED, () => reporting([]), { seed: '1' })).rejects.toThrow('the poller under test reported an empty or malformed list of filtered records ([])');
  });
});

describe('a poller with tumbling windows (H-2..H-5, H-9)', () => {
  /** One shard, windows of 2 s: r0 and r1 in [0 s, 2 s), r2 in [4 s, 6 s). r0 fails its first two deliveries, so the window is still open, r1 not yet read, when the clock passes its end. */
  const WINDOWED: KinesisCase = {
    workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'a' }, { at: 1_500, partitionKey: 'b' }, { at: 4_000, partitionKey: 'a' }] },
    mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 2 },
    function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'throw', times: 2 }] } },
  };
  const windowed = (trace: readonly TraceEvent[]) => trace.flatMap((e) => (e.type === 'invoke' && e.window ? [{ records: e.records.map((s) => names(trace, s)), start: e.window.start - EPOCH, state: e.window.state, final: e.window.final }] : []));
  const names = (trace: readonly TraceEvent[], seq: string) => trace.flatMap((e) => (e.type === 'put' && e.seq === seq ? [e.rid] : []))[0] ?? seq;
  /** Well-formed window fields (H-9) for the window [0 s, 2 s) of the first shard. */
  const fieldsOf = (ctx: PollerContext) => ({ window: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:00:02Z' }, state: {}, shardId: 'shardId-000000000000', eventSourceARN: ctx.streamArn, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false });

  it('an honest poller passes the state on, and closes each window with a final invocation that names no records', async () => {
    const { trace, config } = await simulatePoller(WINDOWED, () => simplePoller(), { seed: '1' });
    expect(checkTrace(trace, config)).toEqual([]);
    expect(windowed(trace)).toEqual([
      { records: ['r0'], start: 0, state: {}, final: false }, // fails: the window is open, its state still {}
      { records: ['r0'], start: 0, state: {}, final: false },
      { records: ['r0'], start: 0, state: {}, final: false },
      { records: ['r1'], start: 0, state: { records: 1 }, final: false },
      { records: [], start: 0, state: { records: 2 }, final: true },
      { records: ['r2'], start: 4_000, state: {}, final: false },
      { records: [], start: 4_000, state: { records: 1 }, final: true },
    ]);
  });

  it('with tumbling windows claimed, holds over generated cases, a fifth of them windowed', async () => {
    let windowedTraces = 0;
    let finals = 0;
    for (const c of fc.sample(pollerCaseArb({ tumblingWindows: true, throttling: true }), { seed: 14, numRuns: 100 })) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: c.seed });
      expect(checkTrace(trace, config)).toEqual([]);
      if (trace.some((e) => e.type === 'invoke' && e.window !== undefined)) windowedTraces++;
      finals += trace.filter((e) => e.type === 'invoke' && e.window?.final).length;
    }
    expect(windowedTraces).toBeGreaterThan(10);
    expect(finals).toBeGreaterThan(windowedTraces);
    expect(fc.sample(pollerCaseArb({}), { seed: 14, numRuns: 100 }).some((c) => c.mapping.TumblingWindowInSeconds !== undefined)).toBe(false);
  });

  it('drops a stopped poller\'s open window: a mapping disabled mid-window ends the run at once, with no final invocation owed', async () => {
    const disabled: KinesisCase = { ...WINDOWED, workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'a' }], lifecycle: [{ at: 500, enabled: false }] }, function: { behaviour: {} } };
    const { trace, config } = await simulatePoller(disabled, () => simplePoller(), { seed: '1' });
    expect(checkTrace(trace, config)).toEqual([]);
    expect(windowed(trace)).toEqual([{ records: ['r0'], start: 0, state: {}, final: false }]);
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'quiescent', t: EPOCH + 500 });
  });

  it('waits for a final invocation while the poller retries it through a throttle, past two minutes after the window ends', async () => {
    // r0 and r1 are processed before the throttle begins at 1.5 s; only the final invocation (due at 2 s) is throttled, until 400 s.
    const throttled: KinesisCase = { ...WINDOWED, workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'a' }, { at: 500, partitionKey: 'b' }] }, function: { behaviour: {}, throttles: [{ from: 1_500, to: 400_000 }] } };
    const { trace, config } = await simulatePoller(throttled, () => simplePoller(), { seed: '1' });
    expect(checkTrace(trace, config)).toEqual([]);
    expect(trace.filter((e) => e.type === 'throttle').length).toBeGreaterThan(5);
    expect(trace.filter((e) => e.type === 'invoke' && e.window?.final).map((e) => e.t - EPOCH >= 400_000)).toEqual([true]);
  });

  it('leaves a window a poller never closes to the checker: no fault, the trace ends, and tumbling-window tells the story (H-4)', async () => {
    const once: PollerUnderTest = {
      async start(ctx) {
        const { shard, seqs, records } = await readFirstShard(ctx);
        const result = await ctx.invoke(shard, { Records: records, ...fieldsOf(ctx) } as never);
        if (result.outcome === 'return') ctx.checkpoint(shard, seqs.at(-1)!);
      },
    };
    const oneRecord: KinesisCase = { ...WINDOWED, workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'a' }] }, function: { behaviour: {} } };
    const { trace, config } = await simulatePoller(oneRecord, () => once, { seed: '1' });
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'quiescent' });
    expect(checkTrace(trace, config).map((f) => `${f.checker} ${f.rule} ${f.summary}`)).toEqual(['tumbling-window H-4 the window [2026-01-01T00:00:00Z, 2026-01-01T00:00:02Z) never had a successful final invocation']);
  });

  it('ends at the horizon without a fault when only a window is open: a lane that keeps invoking is judged by the checkers', async () => {
    const finalsForever: PollerUnderTest = {
      async start(ctx) {
        const { shard, seqs, records } = await readFirstShard(ctx);
        await ctx.invoke(shard, { Records: records, ...fieldsOf(ctx) } as never);
        ctx.checkpoint(shard, seqs.at(-1)!);
        // Ends the window early (H-5) every minute, so that it goes on, and never stops.
        setInterval(() => void ctx.invoke(shard, { Records: [], ...fieldsOf(ctx), state: { records: 1 }, isFinalInvokeForWindow: true, isWindowTerminatedEarly: true } as never), 60_000);
      },
    };
    const oneRecord: KinesisCase = { ...WINDOWED, workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'a' }] }, function: { behaviour: {} } };
    const { trace, config } = await simulatePoller(oneRecord, () => finalsForever, { seed: '1' });
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'horizon' });
    // Judged all the same: after an early end the window goes on with {} (H-5), which these finals never pass on.
    const findings = checkTrace(trace, config);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => `${f.checker} ${f.rule}`))).toEqual(new Set(['tumbling-window H-3']));
  });

  it('closes a window only after a read past its end reached the shard\'s tip: GetRecords returns at most 10 MiB', async () => {
    // 25 records of about 1 MB in the window [0 s, 1 s): the read at 0 s and the one after the window's end each stop at 10 MiB.
    const heavy: KinesisCase = { ...WINDOWED, workload: { stream: { shards: 1 }, puts: Array.from({ length: 25 }, () => ({ at: 0, partitionKey: 'a', size: 1_000_000 })) }, mapping: { ...WINDOWED.mapping, TumblingWindowInSeconds: 1, BatchSize: 1 }, function: { behaviour: {} } };
    const { trace, config } = await simulatePoller(heavy, () => simplePoller(), { seed: '1' });
    expect(trace.filter((e) => e.type === 'poll').map((e) => e.type === 'poll' && e.count)).toEqual([10, 10, 5]);
    expect(checkTrace(trace, config)).toEqual([]);
    expect(windowed(trace).filter((w) => w.final)).toEqual([{ records: [], start: 0, state: { records: 25 }, final: true }]);
  });

  it('fits each batch, window fields included, in Lambda\'s 6 MB payload (B-7); a poller that fills batches to BatchSize is caught', async () => {
    // 943,299 bytes of data make about 1.26 MB of JSON a record: five fill all but 118 bytes of 6 MB, which a window's fields (about 270 bytes) overrun.
    const heavy = (mapping: Partial<KinesisCase['mapping']>): KinesisCase => ({ workload: { stream: { shards: 1 }, puts: Array.from({ length: 10 }, () => ({ at: 0, partitionKey: 'a', size: 943_299 })) }, mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, ...mapping }, function: { behaviour: {} } });
    for (const [c, sizes] of [[heavy({}), [5, 5]], [heavy({ TumblingWindowInSeconds: 1 }), [4, 4, 2]]] as const) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
      const batches = trace.flatMap((e) => (e.type === 'invoke' && e.records.length > 0 ? [e] : []));
      expect(batches.map((e) => e.records.length)).toEqual(sizes);
      expect(Math.max(...batches.map((e) => e.bytes))).toBeLessThanOrEqual(6 * 1024 * 1024);
      expect(checkTrace(trace, config)).toEqual([]);
      const buggy = await simulatePoller(c, () => simplePoller('ignore-payload'), { seed: '1' });
      expect(new Set(checkTrace(buggy.trace, buggy.config).map((f) => `${f.checker} ${f.rule}`))).toEqual(new Set(['batch-bounds B-7']));
    }
  });

  it('never sends an event past 6 MB: a retry whose window state grew, or a record too large alone, waits until it ages out (B-7)', async () => {
    // The first event is 6,291,452 bytes with state {}; the retry of all six after r0 is reported failed would carry {"records":5}.
    const grown: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }, ...[1_048_576, 1_048_576, 1_048_576, 1_048_576, 521_673].map((size) => ({ at: 0, partitionKey: 'k', size }))] },
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 60, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'reportFailure', times: 1 }] } },
    };
    // A stream that takes 10 MiB records: 5 MiB of data is about 7 MB of JSON.
    const huge: KinesisCase = { workload: { stream: { shards: 1, maxRecordBytes: 10_485_760 }, puts: [{ at: 0, partitionKey: 'k', size: 5_242_880 }] }, mapping: { StartingPosition: 'TRIM_HORIZON' }, function: { behaviour: {} } };
    for (const [c, batches] of [[grown, [6]], [huge, []]] as const) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
      expect(trace.flatMap((e) => (e.type === 'invoke' && e.records.length > 0 ? [e.records.length] : []))).toEqual(batches);
      expect(trace.filter((e) => e.type === 'discard').map((e) => e.type === 'discard' && e.condition)).toEqual(['RecordAgeExceeded']);
      expect(checkTrace(trace, config)).toEqual([]);
    }
  });

  it('catches the close-unread bug of the windows\' first draft: a record of the window delivered after its final invocation (H-4)', async () => {
    const buggy = await simulatePoller(WINDOWED, () => simplePoller('close-unread'), { seed: '1' });
    const findings = checkTrace(buggy.trace, buggy.config);
    expect(findings.map((f) => `${f.checker} ${f.rule} ${f.records.map((r) => names(buggy.trace, r.split(':')[1]!)).join()}`)).toEqual(['tumbling-window H-4 r1']);
  });

  it('catches a poller that starts the next window without the final invocation, shrunk to a record or two', async () => {
    const verdict = await checkPoller(() => simplePoller('no-final-invoke'), { seed: 14, runs: 200, features: { tumblingWindows: true } });
    expect(verdict.ok).toBe(false);
    expect(verdict.failure!.findings.map((f) => `${f.checker} ${f.rule}`)).toContain('tumbling-window H-4');
    expect(verdict.failure!.counterexample.workload.puts.length).toBeLessThanOrEqual(2);
  });

  it('faults a windowed event with malformed window fields, or a final one that is not final yet names no records', async () => {
    const once = (event: (ctx: PollerContext, records: unknown[]) => object): PollerUnderTest => ({
      async start(ctx) {
        const { shard, records } = await readFirstShard(ctx);
        await ctx.invoke(shard, event(ctx, records) as never);
      },
    });
    const run = (event: (ctx: PollerContext, records: unknown[]) => object) => simulatePoller(WINDOWED, () => once(event), { seed: '1' });
    await expect(run((ctx, Records) => ({ Records, ...fieldsOf(ctx), state: null }))).rejects.toThrow('the poller under test invoked the function with a tumbling-window event (H-9) whose state null, not an object (the first invocation of a window gets {})');
    await expect(run((ctx, Records) => ({ Records, ...fieldsOf(ctx), window: { start: '2026-02-30T00:00:00Z', end: '2026-03-01T00:00:00Z' } }))).rejects.toThrow(/whose window .* not \{start, end\} as ISO-8601 UTC times$/);
    await expect(run((ctx, Records) => ({ Records, ...fieldsOf(ctx), shardId: 'shardId-000000000001' }))).rejects.toThrow('whose shardId "shardId-000000000001", though it invoked for shardId-000000000000');
    await expect(run((ctx) => ({ Records: [], ...fieldsOf(ctx) }))).rejects.toThrow(/invoked the function with an event without records/);
  });
});

describe('a poller whose mapping is updated while it runs (A-20)', () => {
  /** One shard: three records at 0 s, BatchSize 10 changed to 1 at 5 s, three more at 10 s. */
  const UPDATED: KinesisCase = {
    workload: { stream: { shards: 1 }, puts: [0, 0, 0, 10_000, 10_000, 10_000].map((at) => ({ at, partitionKey: 'k' })), updates: [{ at: 5_000, mapping: { BatchSize: 1 } }] },
    mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 },
    function: { behaviour: {} },
  };

  /** The mapping's state changes, configuration changes and end, as `ms event`. */
  const control = (trace: readonly TraceEvent[]) => trace.flatMap((e) => {
    const at = e.t - EPOCH;
    if (e.type === 'state') return [`${at} ${e.state}`];
    if (e.type === 'config') return [`${at} config ${JSON.stringify(e.changes)}`];
    if (e.type === 'discard') return [`${at} discard ${e.condition}`];
    return e.type === 'end' ? [`${at} end`] : [];
  });
  const batchSizes = (trace: readonly TraceEvent[]) => trace.flatMap((e) => (e.type === 'invoke' ? [e.records.length] : []));

  it('stops the poller, and after the update lag starts a fresh one with the new configuration, resuming after the checkpoint', async () => {
    const pollers: number[] = [];
    const { trace, config } = await simulatePoller(UPDATED, () => (pollers.push(pollers.length), simplePoller()), { seed: '1' });
    expect(checkTrace(trace, config)).toEqual([]);
    expect(pollers).toHaveLength(2);
    expect(control(trace)).toEqual(['5000 Updating', '6000 config {"BatchSize":1}', '6000 Enabled', '10030 end']);
    expect(batchSizes(trace)).toEqual([3, 1, 1, 1]);
  });

  it('applies an update only once the invocation in flight has ended, and ends no run before it has applied', async () => {
    const slow: KinesisCase = { ...UPDATED, workload: { ...UPDATED.workload, updates: [{ at: 500, mapping: { BatchSize: 1 } }] }, function: { behaviour: { baseMs: 3_000 } } };
    expect(control((await simulatePoller(slow, () => simplePoller(), { seed: '1' })).trace).slice(0, 3)).toEqual(['500 Updating', '3000 config {"BatchSize":1}', '3000 Enabled']);
    const early: KinesisCase = { ...UPDATED, workload: { ...UPDATED.workload, puts: UPDATED.workload.puts.slice(0, 3) } };
    expect(control((await simulatePoller(early, () => simplePoller(), { seed: '1' })).trace)).toEqual(['5000 Updating', '6000 config {"BatchSize":1}', '6000 Enabled', '6000 end']);
  });

  it('keeps a disabled mapping disabled through an update, and starts no poller before a pending update applies (C-2)', async () => {
    // Updated while disabled; r0, put then, is trimmed before the re-enable, so nothing is owed for it.
    const whileOff: KinesisCase = { ...UPDATED, workload: { stream: { shards: 1 }, puts: [{ at: 2_000, partitionKey: 'k' }], lifecycle: [{ at: 1_000, enabled: false }, { at: 90_000_000, enabled: true }], updates: [{ at: 3_000, mapping: { BatchSize: 1 } }] } };
    const off = await simulatePoller(whileOff, () => simplePoller(), { seed: '1' });
    expect(checkTrace(off.trace, off.config)).toEqual([]);
    // Enabled again at 5 s, while the update of 4.5 s is pending: the fresh poller starts at 5.5 s, with BatchSize 1, and only then is the mapping `Enabled`.
    const reEnabled: KinesisCase = { ...UPDATED, workload: { stream: { shards: 1 }, puts: [0, 7_000, 7_000, 7_000].map((at) => ({ at, partitionKey: 'k' })), lifecycle: [{ at: 1_000, enabled: false }, { at: 5_000, enabled: true }], updates: [{ at: 4_500, mapping: { BatchSize: 1 } }] } };
    const on = await simulatePoller(reEnabled, () => simplePoller(), { seed: '1' });
    expect(checkTrace(on.trace, on.config)).toEqual([]);
    expect(batchSizes(on.trace)).toEqual([1, 1, 1, 1]);
    expect(control(on.trace).slice(0, 6)).toEqual(['1000 Disabling', '1000 Disabled', '4500 Updating', '5000 Enabling', '5500 config {"BatchSize":1}', '5500 Enabled']);
  });

  /** Interleavings of an update with an invocation in flight and a re-enable, each driven through the model too. */
  const INTERLEAVINGS: Record<string, KinesisCase> = {
    'a failing invocation outlasts the update lag: its give-up comes under the old MaximumRetryAttempts, before the change': {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }], updates: [{ at: 500, mapping: { MaximumRetryAttempts: 3 } }] },
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0 },
      function: { behaviour: { baseMs: 3_000, rules: [{ match: { rids: ['r0'] }, action: 'throw' }] } },
    },
    'the mapping is enabled again while an invocation is in flight, then updated': {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }, { at: 8_000, partitionKey: 'k' }], lifecycle: [{ at: 500, enabled: false }, { at: 1_000, enabled: true }], updates: [{ at: 1_500, mapping: { BatchSize: 1 } }] },
      mapping: { StartingPosition: 'TRIM_HORIZON' },
      function: { behaviour: { baseMs: 3_000 } },
    },
    'the mapping is enabled and updated at one instant': {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }, { at: 8_000, partitionKey: 'k' }], lifecycle: [{ at: 1_000, enabled: false }, { at: 5_000, enabled: true }], updates: [{ at: 5_000, mapping: { BatchSize: 1 } }] },
      mapping: { StartingPosition: 'TRIM_HORIZON' },
      function: { behaviour: {} },
    },
  };

  it.each(Object.entries(INTERLEAVINGS))('writes the model\'s states, changes and give-ups in the model\'s order when %s', async (_, c) => {
    const model = await simulateKinesis(c, { seed: '1' });
    const driven = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    expect(checkTrace(driven.trace, driven.config)).toEqual([]);
    expect(control(driven.trace).slice(0, -1)).toEqual(control(model.trace).slice(0, -1)); // the end differs: the poller polls once a second
    expect(control(model.trace).length).toBeGreaterThan(3);
  });

  it('with updates claimed, holds over generated cases that change batch sizes, retries and record age mid-run', async () => {
    let updates = 0;
    for (const c of fc.sample(pollerCaseArb({ updates: true, restarts: true, throttling: true }), { seed: 15, numRuns: 100 })) {
      const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: c.seed });
      expect(checkTrace(trace, config)).toEqual([]);
      updates += trace.filter((e) => e.type === 'config').length;
    }
    expect(updates).toBeGreaterThan(10);
    const unclaimed = fc.sample(pollerCaseArb({ updates: true }), { seed: 15, numRuns: 200 }).flatMap((c) => c.workload.updates ?? []);
    expect(new Set(unclaimed.flatMap((u) => Object.keys(u.mapping)))).toEqual(new Set(['BatchSize', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds'])); // nothing the poller did not claim
    expect(fc.sample(pollerCaseArb({}), { seed: 15, numRuns: 100 }).some((c) => c.workload.updates !== undefined)).toBe(false);
  });

  it('catches a poller that keeps the configuration it first started with: batches past the new BatchSize (A-1)', async () => {
    let first: PollerContext['config'] | undefined;
    const stale = (): PollerUnderTest => {
      const inner = simplePoller();
      return { start: (ctx) => inner.start({ ...ctx, config: (first ??= ctx.config) }), stop: () => inner.stop?.() };
    };
    const { trace, config } = await simulatePoller(UPDATED, stale, { seed: '1' });
    expect(checkTrace(trace, config).map((f) => `${f.checker} ${f.rule}`)).toEqual(['batch-bounds A-1']);
  });

  it('catches a restart after an update that starts from LATEST again: what arrived during the update is lost (conservation)', async () => {
    // r2, after the restart, lets the run end before retention trims r1 (a record trimmed unread is excused as fallen behind: docs/checkers.md).
    const latest: KinesisCase = { ...UPDATED, workload: { stream: { shards: 1 }, puts: [{ at: 1_000, partitionKey: 'k' }, { at: 5_500, partitionKey: 'k' }, { at: 20_000, partitionKey: 'k' }], updates: [{ at: 5_000, mapping: { BatchSize: 1 } }] }, mapping: { StartingPosition: 'LATEST' } };
    const buggy = await simulatePoller(latest, () => simplePoller('restart-ignores-checkpoint'), { seed: '1' });
    expect(checkTrace(buggy.trace, buggy.config).map((f) => `${f.checker} ${f.records.join()}`)).toContain(`conservation shardId-000000000000:${putSeq(buggy.trace, 'r1')}`);
    const honest = await simulatePoller(latest, () => simplePoller(), { seed: '1' });
    expect(checkTrace(honest.trace, honest.config)).toEqual([]);
  });
});

describe('records retention trims while no poller runs (J-1, C-2, A-20)', () => {
  /** r0, the shard's only record, is trimmed at 86,401 s, before any poller could read it: no checkpoint will ever pass it. */
  const trimmedUnread = (workload: Partial<KinesisCase['workload']>): KinesisCase => ({
    workload: { stream: { shards: 1 }, puts: [{ at: 1_000, partitionKey: 'k' }], ...workload },
    mapping: { StartingPosition: 'TRIM_HORIZON' },
    function: { behaviour: {} },
  });
  const CASES: Record<string, KinesisCase> = {
    'before the mapping starts': trimmedUnread({ startAt: 86_450_000 }),
    'in the millisecond the mapping starts (its retention ran out as the poller began)': trimmedUnread({ startAt: 86_401_000 }),
    'while the mapping is disabled': trimmedUnread({ lifecycle: [{ at: 500, enabled: false }, { at: 86_450_000, enabled: true }] }),
    'after a re-enable, while the update of the same instant waits to apply': trimmedUnread({ lifecycle: [{ at: 500, enabled: false }, { at: 86_400_500, enabled: true }], updates: [{ at: 86_400_500, mapping: { BatchSize: 5 } }] }),
  };

  it('owes a running poller a record of a shard it never read, trimmed in the millisecond of an update but before it', async () => {
    // shard 1's only record goes at 86,401 s, just before the update of that instant stops the poller, which reads shard 0 alone.
    const firstShardOnly = (): PollerUnderTest => {
      let stopped = false;
      return {
        async start(ctx) {
          let it: string | null = (await ctx.kinesis.getShardIterator({ ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
          while (!stopped && it !== null) {
            it = (await ctx.kinesis.getRecords({ ShardIterator: it })).NextShardIterator;
            await new Promise((resolve) => setTimeout(resolve, 1000));
          }
        },
        stop() {
          stopped = true;
        },
      };
    };
    const c: KinesisCase = { workload: { stream: { shards: 2 }, puts: [{ at: 1_000, partitionKey: 'b' }], updates: [{ at: 86_401_000, mapping: { BatchSize: 5 } }] }, mapping: { StartingPosition: 'TRIM_HORIZON' }, function: { behaviour: {} } };
    await expect(simulatePoller(c, firstShardOnly, { seed: '1' })).rejects.toThrow(/^the poller under test left 1 record\(s\) neither checkpointed, given up nor filtered out, the first r0 \(shardId-000000000001:/);
  });

  it('owes nothing for a child shard\'s record trimmed while its parent\'s window awaits a final invocation that never succeeds (J-4, H-6)', async () => {
    // Every invocation times out: r0's window on the parent never closes, so the child, and r1 on it, are never read.
    const c: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 500, partitionKey: 'a' }, { at: 2_000, partitionKey: 'a' }], reshards: [{ at: 1_000, split: 0 }] },
      mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 1, MaximumRetryAttempts: 0 },
      function: { behaviour: { baseMs: 5_000 }, timeoutSeconds: 1 },
    };
    const { trace } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    expect(trace.some((e) => e.type === 'trim' && e.seq === putSeq(trace, 'r1'))).toBe(true);
    expect(trace.some((e) => e.type === 'invoke' && e.shardId !== 'shardId-000000000000')).toBe(false);
    expect(trace.at(-1)).toMatchObject({ type: 'end' });
  });

  it('owes nothing for a child shard\'s record trimmed while its parent still holds a poison record: the child is read after (J-4)', async () => {
    // r0 fails until it ages out with retention, a day later; the split comes at 10 ms, and r1, on a child, expires before r0 is given up.
    const c: KinesisCase = {
      workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }, { at: 30, partitionKey: 'k' }], reshards: [{ at: 10, split: 0 }] },
      mapping: { StartingPosition: 'TRIM_HORIZON' },
      function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'throw' }] } },
    };
    const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    const trimmed = trace.find((e) => e.type === 'trim' && e.seq === putSeq(trace, 'r1'));
    const givenUp = trace.find((e) => e.type === 'discard' && e.records.includes(putSeq(trace, 'r0')));
    expect(trimmed!.t - EPOCH).toBe(86_400_030);
    expect(givenUp!.t - EPOCH).toBeGreaterThan(86_400_030);
    expect(trace.some((e) => e.type === 'poll' && e.shardId !== 'shardId-000000000000')).toBe(false); // the children were read only after r1 had gone
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'quiescent' });
    expect(checkTrace(trace, config)).toEqual([]);
  });

  it.each(Object.entries(CASES))('owes the poller nothing for a record trimmed %s: the run ends once the rest is checkpointed', async (_, c) => {
    const { trace, config } = await simulatePoller(c, () => simplePoller(), { seed: '1' });
    const trimmed = trace.filter((e) => e.type === 'trim');
    expect(trimmed.map((e) => e.t - EPOCH)).toEqual([86_401_000]);
    expect(trace.some((e) => e.type === 'invoke')).toBe(false);
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'quiescent' });
    expect(trace.at(-1)!.t - EPOCH).toBeLessThan(86_600_000);
    expect(checkTrace(trace, config)).toEqual([]);
  });
});

describe('a poller that breaks the harness contract', () => {
  const faultOf = async (poller: PollerUnderTest) => {
    try {
      await simulatePoller(CASE, () => poller, { seed: '1' });
    } catch (err) {
      return err;
    }
    return undefined;
  };

  it('retries a throttle without backing off: a PollerFault naming D-1, not a hang', async () => {
    const throttled: KinesisCase = { ...CASE, function: { behaviour: {}, reservedConcurrency: 0 } };
    const eager: PollerUnderTest = {
      async start(ctx) {
        const { shard, records } = await readFirstShard(ctx);
        while ((await ctx.invoke(shard, { Records: records } as never)).outcome === 'throttled');
      },
    };
    await expect(simulatePoller(throttled, () => eager, { seed: '1' })).rejects.toThrow(/retried throttled invocations 1000 times without letting any time pass.*\(D-1\)/);
  });

  it('throws from start: a PollerFault naming what it threw', async () => {
    const err = await faultOf({ start: () => { throw new TypeError('no credentials'); } });
    expect(err).toBeInstanceOf(PollerFault);
    expect((err as Error).message).toBe('the poller under test threw from start(): TypeError: no credentials');
  });

  it('invokes with a record it never read: a PollerFault, not a verdict', async () => {
    const err = await faultOf({
      async start(ctx) {
        await ctx.invoke('shardId-000000000000', { Records: [{ kinesis: { sequenceNumber: '42' } }] } as never);
      },
    });
    expect((err as Error).message).toMatch(/^the poller under test invoked the function for shardId-000000000000 with a record it never read from that shard \(kinesis.sequenceNumber "42"\)$/);
  });

  it('stalls (awaits what never comes): a PollerFault naming the records left, not a hang', async () => {
    const err = await faultOf({ start: () => new Promise<void>(() => {}) });
    expect((err as Error).message).toMatch(/^the poller under test stalled: no timer was pending and no invocation running, with 5 record\(s\) neither checkpointed, given up nor filtered out, the first r0 \(shardId-00000000000\d:\d+\)$/);
  });

  it('polls forever without resolving a record: a PollerFault at retention plus an hour', async () => {
    const err = await faultOf({
      start() {
        setInterval(() => {}, 1000);
      },
    });
    expect((err as Error).message).toMatch(/^the poller under test left 5 record\(s\) neither checkpointed, given up nor filtered out, the first r0 .*by retention plus an hour/);
  });

  it('comes from a factory that throws, or makes something that is not a poller: a PollerFault', async () => {
    const thrown = simulatePoller(CASE, () => { throw new Error('no region'); }, { seed: '1' });
    await expect(thrown).rejects.toBeInstanceOf(PollerFault);
    await expect(thrown).rejects.toThrow('the poller under test could not be made: its factory threw Error: no region');
    await expect(simulatePoller(CASE, () => ({ begin() {} }) as never, { seed: '1' })).rejects.toThrow('the poller under test could not be made: its factory returned an object with begin but no start, not a poller (an object with start(ctx))');
  });

  it('throws from a timer it set: a PollerFault, not an internal error', async () => {
    const err = await faultOf({
      start() {
        setTimeout(() => { throw new RangeError('tick'); }, 1500);
      },
    });
    expect(err).toBeInstanceOf(PollerFault);
    expect((err as Error).message).toBe('the poller under test threw from a timer callback: RangeError: tick');
  });

  it('a case the harness cannot drive is refused with the reason', async () => {
    const two: KinesisCase = { ...CASE, mappings: [{ StartingPosition: 'TRIM_HORIZON', FunctionName: 'second' }] };
    await expect(simulatePoller(two, () => simplePoller(), { seed: '1' })).rejects.toThrow(/does not drive several mappings/);
  });
});
