/**
 * Scenarios of the KDA output model with hand-worked expectations (L-1..L-6),
 * back-pressure under a destination failing forever (L-3), and determinism.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCheckers } from '../ack/IndexChecker.ts';
import { explain } from '../check/explain.ts';
import { DEFAULT_EPOCH_MS } from '../sim/Clock.ts';
import { kdaCaseArbitrary } from './arbitraries.ts';
import { KDA_CHECKERS } from './checkers/index.ts';
import type { KdaCase } from './KdaCase.ts';
import { KdaIndex } from './KdaIndex.ts';
import { kdaHits } from './kdaHits.ts';
import type { KdaInvokeEvent, KdaLagEvent, KdaTraceEvent } from './KdaTrace.ts';
import { outputEvent, outputRequestBytes } from './OutputRequest.ts';
import { simulateKda } from './simulateKda.ts';

const continuous = { kind: 'continuous' as const };

/** Invocations as [ms after epoch, destination, "rid@hint" ...]. */
function deliveries(trace: readonly KdaTraceEvent[]): Array<[number, string, string]> {
  return trace.filter((e): e is KdaInvokeEvent => e.type === 'invoke')
    .map((e) => [e.t - DEFAULT_EPOCH_MS, e.destination, e.records.map((r) => `${r.rid}@${r.retryHint}`).join(' ')]);
}

function findings(trace: readonly KdaTraceEvent[]) {
  return runCheckers(new KdaIndex(trace), KDA_CHECKERS);
}

describe('KDA output delivery', () => {
  it('L-3: re-sends only the failed record, same recordId, retryHint + 1 per failure', async () => {
    const trace = await simulateKda({
      seed: 'retry', query: continuous, rows: [{ at: 100, size: 10 }, { at: 200, size: 10 }],
      destinations: [{ name: 'd1', script: { rules: [{ match: { rids: ['o1'] }, action: 'fail', times: 2 }] } }],
    });
    expect(deliveries(trace)).toEqual([[1000, 'd1', 'o0@0 o1@0'], [2010, 'd1', 'o1@1'], [3020, 'd1', 'o1@2']]);
    const ids = trace.filter((e): e is KdaInvokeEvent => e.type === 'invoke').map((e) => e.records.find((r) => r.rid === 'o1')!.recordId);
    expect(new Set(ids).size).toBe(1);
    expect(trace[trace.length - 1]).toMatchObject({ type: 'end', reason: 'quiescent' });
    expect(findings(trace)).toEqual([]);
  });

  it('L-6: a restart resumes every destination from the slowest checkpoint, with retryHint reset', async () => {
    const trace = await simulateKda({
      seed: 'restart', query: continuous, rows: [{ at: 100, size: 10 }, { at: 200, size: 10 }],
      destinations: [{ name: 'd1', script: {} }, { name: 'd2', script: { rules: [{ match: { rids: ['o0'] }, action: 'fail', times: 2 }] } }],
      restarts: [{ at: 1500, downMs: 700 }],
    });
    expect(trace.filter((e) => e.type === 'resume')).toEqual([{ t: DEFAULT_EPOCH_MS + 2200, type: 'resume', fromRid: 'o0' }]);
    expect(deliveries(trace)).toEqual([
      [1000, 'd1', 'o0@0 o1@0'], [1000, 'd2', 'o0@0 o1@0'],
      [3000, 'd1', 'o0@0 o1@0'], [3000, 'd2', 'o0@0 o1@0'],
      [4010, 'd2', 'o0@1'],
    ]);
    expect(kdaHits(new KdaIndex(trace))['duplicate-after-restart']).toBe(3);
    expect(findings(trace)).toEqual([]);
  });

  it('L-4: a tumbling window delivers once per window, rows at the trigger instant included', async () => {
    const trace = await simulateKda({
      seed: 'tumbling', query: { kind: 'tumbling', windowSeconds: 5 },
      rows: [{ at: 100, size: 1 }, { at: 4999, size: 1 }, { at: 5000, size: 1 }, { at: 7000, size: 1 }], destinations: [{ name: 'd1', script: {} }],
    });
    expect(deliveries(trace)).toEqual([[5000, 'd1', 'o0@0 o1@0 o2@0'], [10_000, 'd1', 'o3@0']]);
  });

  it('L-5: output over 6 MB is split across invocations at one trigger', async () => {
    const trace = await simulateKda({ seed: 'split', query: continuous, rows: Array.from({ length: 13 }, () => ({ at: 0, size: 500_000 })), destinations: [{ name: 'd1', script: {} }] });
    const invokes = trace.filter((e): e is KdaInvokeEvent => e.type === 'invoke');
    expect(invokes.map((e) => [e.t - DEFAULT_EPOCH_MS, e.records.length])).toEqual([[1000, 9], [1000, 4]]);
    for (const e of invokes) expect(e.bytes).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(findings(trace)).toEqual([]);
  });

  it('L-3: a destination failing forever falls behind with growing lag, and the run ends at the horizon without loss', async () => {
    const trace = await simulateKda({
      seed: 'stuck', query: continuous, rows: [{ at: 0, size: 10 }, { at: 3000, size: 10 }],
      destinations: [{ name: 'stuck', script: { rules: [{ match: { all: true }, action: 'throw' }] } }, { name: 'healthy', script: {} }],
      horizonMs: 30_000,
    });
    const end = trace[trace.length - 1]!;
    expect(end).toEqual({ t: DEFAULT_EPOCH_MS + 33_000, type: 'end', reason: 'horizon' });
    const lags = trace.filter((e): e is KdaLagEvent => e.type === 'lag' && e.destination === 'stuck');
    expect(lags.length).toBeGreaterThan(25);
    expect(lags.slice(1).every((l, i) => l.oldestPendingMs > lags[i]!.oldestPendingMs)).toBe(true);
    expect(lags[lags.length - 1]).toMatchObject({ pendingRows: 2, oldestPendingMs: 33_000 });
    expect(trace.some((e) => e.type === 'lag' && e.destination === 'healthy' && e.t > DEFAULT_EPOCH_MS + 5000)).toBe(false);
    expect(kdaHits(new KdaIndex(trace))['lag-growing']).toBe(1);
    // Every row is still pending (re-sent forever) at the stuck destination: nothing was given up.
    const last = trace.filter((e): e is KdaInvokeEvent => e.type === 'invoke' && e.destination === 'stuck').pop()!;
    expect(last.records.map((r) => r.rid)).toEqual(['o0']);
    expect(findings(trace)).toEqual([]);
  });

  it('runs real async handlers on the virtual clock (their setTimeout and Date are virtual)', async () => {
    const seen: number[] = [];
    const trace = await simulateKda(
      { seed: 'handler', query: continuous, rows: [{ at: 0, size: 10 }, { at: 10, size: 20 }], destinations: [{ name: 'd1', script: {} }] },
      {
        handlers: {
          d1: async (event) => {
            seen.push(Date.now() - DEFAULT_EPOCH_MS);
            await new Promise((r) => setTimeout(r, 250));
            return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok' })) };
          },
        },
      },
    );
    expect(seen).toEqual([1000]);
    expect(trace.find((e) => e.type === 'result')?.t).toBe(DEFAULT_EPOCH_MS + 1250);
    expect(findings(trace)).toEqual([]);
  });

  it('P-3: a real handler mapping with an async callback and no await fails every record, forever', async () => {
    const trace = await simulateKda(
      { seed: 'p3', query: continuous, rows: [{ at: 0, size: 10 }], destinations: [{ name: 'd1', script: {} }], horizonMs: 5000 },
      { handlers: { d1: async (event) => ({ records: event.records.map(async (r) => ({ recordId: r.recordId, result: 'Ok' })) }) } },
    );
    const hits = kdaHits(new KdaIndex(trace));
    expect(hits['p3-empty-items']).toBeGreaterThanOrEqual(3);
    expect(trace[trace.length - 1]).toMatchObject({ type: 'end', reason: 'horizon' });
  });

  it('a finding tells its story', async () => {
    const c: KdaCase = { seed: 'story', query: continuous, rows: [{ at: 0, size: 5 }], destinations: [{ name: 'd1', script: { rules: [{ match: { rids: ['o0'] }, action: 'fail', times: 1 }] } }] };
    const f = findings(await simulateKda(c, { mutation: 'hint-not-incremented' }));
    expect(f.map((x) => x.checker)).toEqual(['retry-hint']);
    expect(explain(f[0]!)).toMatch(/^\[L-1\] retry-hint: d1\/o0 was sent with retryHint 0 where 1 was due\n {2}Let .*\n {2}Then .*the function answered "DeliveryFailed".*\n {2}But .*should be 1/);
  });
});

describe('request size (L-1, L-5)', () => {
  it('equals the serialised request', () => {
    const records = [{ rid: 'o0', recordId: 'a'.repeat(36), retryHint: 0, bytes: 7 }, { rid: 'o1', recordId: 'b'.repeat(36), retryHint: 12, bytes: 1000 }];
    const arn = 'arn:aws:kinesisanalytics:us-east-1:123456789012:application/x';
    expect(outputRequestBytes(arn, records)).toBe(JSON.stringify(outputEvent('c'.repeat(36), arn, records)).length);
  });
});

describe('determinism', () => {
  const [c] = fc.sample(kdaCaseArbitrary.filter((k) => k.rows.length > 2), { numRuns: 1, seed: 4 });

  it('the same case gives a byte-identical trace; another seed a different one', async () => {
    const once = JSON.stringify(await simulateKda(c!));
    const twice = JSON.stringify(await simulateKda(c!));
    const other = JSON.stringify(await simulateKda({ ...c!, seed: `${c!.seed}-other` }));
    expect(twice).toBe(once);
    expect(other).not.toBe(once);
  });
});
