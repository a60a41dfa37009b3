/**
 * Real async handlers under the model: they receive the exact AWS event, run
 * on the virtual clock, and whatever they do (throw, hang, return garbage)
 * becomes a function outcome, never a crash of the harness.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { simulateKinesis } from '../run/simulateKinesis.ts';
import type { ResultEvent, TraceEvent } from '../trace/TraceEvent.ts';
import type { KinesisCase } from '../workload/Workload.ts';

const CASE: KinesisCase = {
  workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k', data: '{"n":1}' }, { at: 0, partitionKey: 'k', data: '{"n":2}' }] },
  mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0, FunctionResponseTypes: ['ReportBatchItemFailures'] },
  function: { behaviour: {}, timeoutSeconds: 3 },
};

const results = (trace: readonly TraceEvent[]) => trace.filter((e): e is ResultEvent => e.type === 'result');

describe('real handlers on the virtual clock', () => {
  it('receive the K-1 event and sleep in virtual time', async () => {
    const seen: KinesisStreamEvent[] = [];
    const out = await simulateKinesis(CASE, {
      seed: '1',
      handler: async (event) => {
        seen.push(event);
        await new Promise((r) => setTimeout(r, 2_500));
        return { batchItemFailures: [] };
      },
    });
    expect(seen[0]!.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString())).toEqual(['{"n":1}', '{"n":2}']);
    expect(seen[0]!.Records[0]!.eventSource).toBe('aws:kinesis');
    const [invoke] = out.trace.filter((e) => e.type === 'invoke');
    expect(results(out.trace)[0]!.t - invoke!.t).toBe(2_500);
  });

  it('the context counts the remaining time down in virtual time, and its methods work when taken off it', async () => {
    const remaining: number[] = [];
    await simulateKinesis(CASE, {
      seed: '1',
      handler: async (_event, context) => {
        const { getRemainingTimeInMillis, succeed } = context;
        remaining.push(context.getRemainingTimeInMillis());
        await new Promise((r) => setTimeout(r, 1_200));
        remaining.push(getRemainingTimeInMillis());
        succeed('ignored'); // the legacy callbacks do nothing under an async handler
        return { batchItemFailures: [] };
      },
    });
    expect(remaining).toEqual([3_000, 1_800]);
  });

  it('a handler that never settles times out at the function timeout', async () => {
    const out = await simulateKinesis(CASE, { seed: '1', handler: () => new Promise(() => undefined) });
    expect(results(out.trace)[0]).toMatchObject({ outcome: 'timeout', error: 'Task timed out after 3.00 seconds' });
    expect(out.trace.some((e) => e.type === 'discard')).toBe(true);
  });

  it('a thrown error (sync or async) is an Unhandled function error', async () => {
    for (const handler of [() => { throw new TypeError('bad'); }, async () => { throw new RangeError('worse'); }]) {
      const out = await simulateKinesis(CASE, { seed: '1', handler });
      expect(results(out.trace)[0]!.outcome).toBe('error');
    }
  });

  it('an unserialisable return value is a function error, as Lambda cannot marshal it', async () => {
    const out = await simulateKinesis(CASE, { seed: '1', handler: async () => ({ n: 10n }) });
    expect(results(out.trace)[0]).toMatchObject({ outcome: 'error' });
    expect(results(out.trace)[0]!.error).toMatch(/^Runtime.MarshalError/);
  });

  it('B-7: a return value whose JSON passes 6 MB is a function error, Function.ResponseSizeTooLarge, and is retried as one', async () => {
    const out = await simulateKinesis(CASE, { seed: '1', handler: async () => 'A'.repeat(7_000_000) });
    expect(results(out.trace)[0]).toMatchObject({ outcome: 'error', error: 'Function.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size (6291556 bytes).' });
    expect(results(out.trace).every((r) => r.outcome === 'error' && r.response === undefined)).toBe(true);
    expect(out.trace.find((e) => e.type === 'discard')).toMatchObject({ condition: 'RetryAttemptsExhausted' });
  });

  it('P-3: an async map without await serialises to {} items, a complete failure under E-5', async () => {
    const out = await simulateKinesis(CASE, {
      seed: '1',
      handler: async (event) => ({ batchItemFailures: event.Records.map(async (r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) }),
    });
    expect(results(out.trace)[0]!.response).toEqual({ batchItemFailures: [{}, {}] });
    expect(out.trace.find((e) => e.type === 'discard')).toMatchObject({ condition: 'RetryAttemptsExhausted' });
  });

  it('restores the real clock afterwards', async () => {
    await simulateKinesis(CASE, { seed: '1', handler: async () => null });
    expect(Date.now()).toBeGreaterThan(1_700_000_000_000);
  });
});
