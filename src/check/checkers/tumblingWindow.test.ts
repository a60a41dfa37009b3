import { describe, expect, it } from 'vitest';
import { simulateKinesis } from '../../run/simulateKinesis.ts';
import type { InvokeEvent, TraceEvent } from '../../trace/TraceEvent.ts';
import type { KinesisCase } from '../../workload/Workload.ts';
import { checkTrace } from '../index.ts';

/** Three records in the window [0 s, 2 s) of the run's epoch, one in [2 s, 4 s). */
const CASE: KinesisCase = {
  workload: { stream: { shards: 1 }, puts: [0, 500, 1500, 2500].map((at) => ({ at, partitionKey: 'k' })) },
  mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 2 },
  function: { behaviour: {} },
};
const EPOCH = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const invokes = (trace: readonly TraceEvent[]) => trace.filter((e): e is InvokeEvent => e.type === 'invoke');
const windowFindings = (trace: readonly TraceEvent[], config: Parameters<typeof checkTrace>[1]) => checkTrace(trace, config).filter((f) => f.checker === 'tumbling-window');

describe('tumbling windows in the model (H-2..H-5)', () => {
  it('carries the state from invocation to invocation and closes each window with a final invocation at its end', async () => {
    const { trace, config } = await simulateKinesis(CASE, { seed: '1' });
    const seen = invokes(trace).map((e) => [e.t - EPOCH, e.records.length, e.window!.start - EPOCH, e.window!.final, JSON.stringify(e.window!.state)]);
    expect(seen).toEqual([
      [0, 1, 0, false, '{}'],
      [1000, 1, 0, false, '{"records":1}'],
      [2000, 1, 0, false, '{"records":2}'], // arrived at 1.5 s: the first window's
      [2010, 0, 0, true, '{"records":3}'], // read through 2 s: the window closes
      [3000, 1, 2000, false, '{}'],
      [4000, 0, 2000, true, '{"records":1}'], // parked: closes at the window's end
    ]);
    expect(checkTrace(trace, config)).toEqual([]);
  });

  it('hands a real handler the H-9 fields, and retries an invocation that returns no state (H-3)', async () => {
    const events: Array<Record<string, unknown>> = [];
    const { trace } = await simulateKinesis({ ...CASE, workload: { ...CASE.workload, puts: [{ at: 0, partitionKey: 'k' }] } }, {
      seed: '1',
      handler: async (event) => {
        events.push(event as unknown as Record<string, unknown>);
        return events.length === 1 ? { batchItemFailures: [] } : { state: { seen: events.length } };
      },
    });
    const { Records, ...fields } = events[0]!;
    expect((Records as unknown[]).length).toBe(1);
    expect(fields).toEqual({
      window: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:00:02Z' }, state: {}, shardId: 'shardId-000000000000',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/stream-under-test', isFinalInvokeForWindow: false, isWindowTerminatedEarly: false,
    });
    expect(events[1]!['state']).toEqual({}); // the first return had no state: a failure, retried with the same state
    expect(events[2]).toMatchObject({ Records: [], state: { seen: 2 }, isFinalInvokeForWindow: true });
    expect(trace.filter((e) => e.type === 'checkpoint')).toHaveLength(1);
  });

  it('gives a handler its own copy of the state: one changed in place before a failure is not what the retry gets, nor what the trace shows (H-3)', async () => {
    const received: string[] = [];
    const { trace } = await simulateKinesis({ ...CASE, workload: { ...CASE.workload, puts: [{ at: 0, partitionKey: 'k' }] } }, {
      seed: '1',
      handler: async (event) => {
        const { state } = event as unknown as { state: { n?: number } };
        received.push(JSON.stringify(state));
        state.n = (state.n ?? 0) + 1; // the common handler idiom: update the state in place
        if (received.length === 1) throw new Error('first try fails');
        return { state };
      },
    });
    expect(received).toEqual(['{}', '{}', '{"n":1}']); // first try, its retry, the final invocation
    expect(invokes(trace).map((e) => JSON.stringify(e.window!.state))).toEqual(received);
  });

  it('counts the window fields in the payload exactly as the event a handler gets serialises (H-9, B-7)', async () => {
    const sizes: number[] = [];
    const { trace } = await simulateKinesis(CASE, {
      seed: '1',
      handler: async (event) => {
        sizes.push(Buffer.byteLength(JSON.stringify(event), 'utf8'));
        return { state: { seen: sizes.length, note: 'é'.repeat(sizes.length) } };
      },
    });
    expect(invokes(trace).map((e) => e.bytes)).toEqual(sizes);
    expect(sizes).toHaveLength(6);
  });

  it('never invokes a retry whose grown state takes its event past 6 MB: it waits, unbilled, until its records age out (B-7)', async () => {
    // The first event is 6,291,452 bytes with state {}; r0 is reported failed, and the retry of all six would carry {"records":5}.
    const puts = [{ at: 0, partitionKey: 'k' }, ...[1_048_576, 1_048_576, 1_048_576, 1_048_576, 521_673].map((size) => ({ at: 0, partitionKey: 'k', size }))];
    const c: KinesisCase = { workload: { stream: { shards: 1 }, puts }, mapping: { StartingPosition: 'TRIM_HORIZON', TumblingWindowInSeconds: 60, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] }, function: { behaviour: { rules: [{ match: { rids: ['r0'] }, action: 'reportFailure', times: 1 }] } } };
    const { trace, config } = await simulateKinesis(c, { seed: '1' });
    const batches = invokes(trace).filter((e) => e.records.length > 0);
    expect(batches.map((e) => [e.records.length, e.bytes])).toEqual([[6, 6_291_452]]);
    expect(trace.filter((e) => e.type === 'discard').map((e) => e.type === 'discard' && [e.records.length, e.condition])).toEqual([[6, 'RecordAgeExceeded']]);
    expect(checkTrace(trace, config)).toEqual([]);
  });

  it('ends a window early when its state passes 1 MB, then goes on with fresh state (H-5)', async () => {
    const big = 'x'.repeat(1024 * 1024);
    let calls = 0;
    const { trace, config } = await simulateKinesis({ ...CASE, workload: { ...CASE.workload, puts: [{ at: 0, partitionKey: 'k' }, { at: 1000, partitionKey: 'k' }] } }, {
      seed: '1',
      handler: async () => ({ state: ++calls === 1 ? { big } : { small: calls } }),
    });
    const seen = invokes(trace).map((e) => [e.records.length, e.window!.final, e.window!.terminatedEarly, Object.keys(e.window!.state as object).join()]);
    expect(seen[0]).toEqual([1, false, false, '']);
    expect(seen[1]).toEqual([0, true, true, 'big']);
    expect(seen[2]).toEqual([1, false, false, '']);
    expect(seen.at(-1)).toEqual([0, true, false, 'small']);
    expect(windowFindings(trace, config)).toEqual([]);
  });
});

describe('the tumbling-window checker catches broken traces', () => {
  it('a state that was not the last one returned (H-3)', async () => {
    const { trace, config } = await simulateKinesis(CASE, { seed: '1' });
    const broken = trace.map((e) => (e.type === 'invoke' && e.t - EPOCH === 1000 ? { ...e, window: { ...e.window!, state: {} } } : e));
    expect(windowFindings(broken, config).map((f) => [f.rule, f.summary])).toEqual([['H-3', 'an invocation received the state {}, not {"records":1}']]);
  });

  it('a window left without its final invocation (H-4)', async () => {
    const { trace, config } = await simulateKinesis(CASE, { seed: '1' });
    const finals = new Set(invokes(trace).filter((e) => e.window!.final).map((e) => e.id));
    const broken = trace.filter((e) => !((e.type === 'invoke' || e.type === 'result') && finals.has(e.id)));
    expect(windowFindings(broken, config).map((f) => f.rule)).toEqual(['H-4', 'H-4']); // the next window began; the last never closed
  });

  it('a record outside its window, and a window of the wrong length (H-2)', async () => {
    const { trace, config } = await simulateKinesis(CASE, { seed: '1' });
    const first = invokes(trace)[0]!;
    const broken = trace.map((e) => (e === first ? { ...first, window: { ...first.window!, start: EPOCH + 100, end: EPOCH + 2100 } } : e));
    expect(windowFindings(broken, config).map((f) => f.rule)).toContain('H-2');
    const longer = trace.map((e) => (e === first ? { ...first, window: { ...first.window!, end: EPOCH + 3000 } } : e));
    expect(windowFindings(longer, config)[0]!.summary).toBe('a window of 3s, not TumblingWindowInSeconds 2');
  });

  it('an invocation of a windowed mapping without window fields (H-9)', async () => {
    const { trace, config } = await simulateKinesis(CASE, { seed: '1' });
    const broken = trace.map((e) => (e.type === 'invoke' ? (({ window: _, ...rest }) => rest)(e) : e));
    expect(windowFindings(broken, config)[0]!.rule).toBe('H-9');
  });
});
