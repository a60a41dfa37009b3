/**
 * Throttling (D-1, P-7): reserved concurrency and account-wide spans decide
 * which invocations are refused; a throttled invocation never reaches the
 * function and counts as no retry.
 */
import { describe, expect, it } from 'vitest';
import { simulateKinesis } from '../run/simulateKinesis.ts';
import { parseTrace } from '../trace/readTrace.ts';
import { toJsonLines } from '../trace/Trace.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import type { KinesisCase } from '../workload/Workload.ts';
import { throttleProblem, Throttler } from './Throttler.ts';

describe('Throttler', () => {
  it('admits up to the reserved concurrency, and one more once one ends', () => {
    const t = new Throttler({ reservedConcurrency: 2 }, 0);
    expect([t.admit(0), t.admit(0), t.admit(0)]).toEqual([true, true, false]);
    t.release();
    expect([t.admit(1), t.admit(1)]).toEqual([true, false]);
  });

  it('refuses every invocation with reserved concurrency 0 (P-7)', () => {
    const t = new Throttler({ reservedConcurrency: 0 }, 0);
    expect([t.admit(0), t.admit(86_400_000)]).toEqual([false, false]);
  });

  it('refuses inside a span, counted from the epoch, from inclusive, to exclusive', () => {
    const t = new Throttler({ throttles: [{ from: 1_000, to: 2_000 }] }, 500);
    expect([1_499, 1_500, 2_499, 2_500].map((now) => t.admit(now))).toEqual([true, false, false, true]);
  });

  it('names what is wrong with a spec', () => {
    expect(throttleProblem({ throttles: [{ from: 0, to: 10 }, { from: 5, to: 5 }] })).toBe('throttles[1] ends (to 5) no later than it starts (from 5)');
    expect(throttleProblem({ reservedConcurrency: 1.5 })).toBe('reservedConcurrency must be a whole number of 0 or more, not 1.5');
    expect(throttleProblem({ reservedConcurrency: 0, throttles: [{ from: 0, to: 1 }] })).toBeUndefined();
  });
});

/** Two shards of one record each, a function that takes 10 s, and the given throttling. */
function twoShards(fn: Omit<KinesisCase['function'], 'behaviour'>): KinesisCase {
  return {
    workload: { stream: { shards: 2 }, puts: ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => ({ at: 0, partitionKey: k })) },
    mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0 },
    function: { behaviour: { baseMs: 10_000 }, timeoutSeconds: 60, ...fn },
  };
}

/** The most invocations the trace shows running at once (invoke to result). */
function peakConcurrency(trace: readonly TraceEvent[]): number {
  let running = 0;
  let peak = 0;
  for (const e of trace) {
    if (e.type === 'invoke') peak = Math.max(peak, ++running);
    if (e.type === 'result') running--;
  }
  return peak;
}

describe('a throttled mapping (D-1)', () => {
  it('runs no more invocations at once than the reserved concurrency, and delivers every record once', async () => {
    const free = await simulateKinesis(twoShards({}), { seed: '1' });
    expect(peakConcurrency(free.trace)).toBe(2);
    const { trace } = await simulateKinesis(twoShards({ reservedConcurrency: 1 }), { seed: '1' });
    expect(peakConcurrency(trace)).toBe(1);
    expect(trace.filter((e) => e.type === 'throttle').length).toBeGreaterThan(0);
    const delivered = trace.flatMap((e) => (e.type === 'invoke' ? e.records : []));
    expect(delivered).toHaveLength(6);
    expect(new Set(delivered).size).toBe(6);
    expect(trace.some((e) => e.type === 'discard')).toBe(false);
  });

  it('rejects a span that ends before it starts as bad input', async () => {
    await expect(simulateKinesis(twoShards({ throttles: [{ from: 10, to: 0 }] }), { seed: '1' })).rejects.toThrow("the function's throttles[0] ends (to 0) no later than it starts (from 10)");
  });
});

describe('a throttled tumbling window (D-1, H-4)', () => {
  const windowed = (fn: Omit<KinesisCase['function'], 'behaviour'>, maxAge = -1): KinesisCase => ({
    workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }] },
    mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 5, MaximumRecordAgeInSeconds: maxAge },
    function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'respond', response: { state: { n: 1 } } }] }, ...fn },
  });

  it('records a throttled final invocation with its window and no records, in a trace valid against the schema', async () => {
    const { trace } = await simulateKinesis(windowed({ throttles: [{ from: 4_000, to: 20_000 }] }), { seed: '1' });
    const finals = trace.filter((e) => e.type === 'throttle' && e.window?.final === true);
    expect(finals.length).toBeGreaterThan(0);
    expect(finals.every((e) => e.type === 'throttle' && e.records.length === 0)).toBe(true);
    expect(() => parseTrace(toJsonLines(trace))).not.toThrow();
    expect(trace.filter((e) => e.type === 'invoke' && e.window?.final === true)).toHaveLength(1);
  });

  it('opens no window for an invocation that never reached the function: reserved concurrency 0 owes no final invocation', async () => {
    const { trace } = await simulateKinesis(windowed({ reservedConcurrency: 0 }, 60), { seed: '1' });
    expect(trace.some((e) => e.type === 'invoke')).toBe(false);
    expect(trace.some((e) => e.type === 'throttle' && e.window?.final === true)).toBe(false);
    expect(trace.filter((e) => e.type === 'discard').map((e) => e.type === 'discard' && e.condition)).toEqual(['RecordAgeExceeded']);
    expect(trace.at(-1)).toMatchObject({ type: 'end', reason: 'quiescent' });
  });
});
