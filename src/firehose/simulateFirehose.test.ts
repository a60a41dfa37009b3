/**
 * Scenarios of the Firehose transformation model with hand-worked
 * expectations (M-1..M-4), and determinism.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCheckers } from '../ack/IndexChecker.ts';
import { DEFAULT_EPOCH_MS } from '../sim/Clock.ts';
import { firehoseCaseArbitrary } from './arbitraries.ts';
import { FIREHOSE_CHECKERS } from './checkers/index.ts';
import { FirehoseIndex } from './FirehoseIndex.ts';
import type { FirehoseDeliverEvent, FirehoseFailedEvent, FirehoseInvokeEvent, FirehoseTraceEvent } from './FirehoseTrace.ts';
import { simulateFirehose } from './simulateFirehose.ts';
import { transformEvent, transformRequestBytes } from './TransformRequest.ts';

const ms = (e: { t: number }) => e.t - DEFAULT_EPOCH_MS;
const invokes = (trace: readonly FirehoseTraceEvent[]) => trace.filter((e): e is FirehoseInvokeEvent => e.type === 'invoke');
const failedDocs = (trace: readonly FirehoseTraceEvent[]) => trace.filter((e): e is FirehoseFailedEvent => e.type === 'processing-failed');
const findings = (trace: readonly FirehoseTraceEvent[]) => runCheckers(new FirehoseIndex(trace), FIREHOSE_CHECKERS);

describe('Firehose data transformation', () => {
  it('M-4: an invocation failing every time is tried 1 + 3 times, then each record goes to processing-failed', async () => {
    const trace = await simulateFirehose({
      seed: 'retries', records: [{ at: 0, size: 3 }, { at: 100, size: 4 }],
      processor: { script: { rules: [{ match: { all: true }, action: 'throw' }] }, bufferIntervalInSeconds: 1 },
    });
    expect(invokes(trace).map((e) => [ms(e), e.records.map((r) => r.rid).join(' ')])).toEqual([[1000, 'f0 f1'], [2010, 'f0 f1'], [3020, 'f0 f1'], [4030, 'f0 f1']]);
    expect(new Set(invokes(trace).map((e) => e.records[0]!.recordId)).size).toBe(1);
    const docs = failedDocs(trace);
    expect(docs.map((d) => d.rid)).toEqual(['f0', 'f1']);
    expect(docs[1]!.document).toEqual({
      attemptsMade: 4, arrivalTimestamp: DEFAULT_EPOCH_MS + 100, errorCode: 'Lambda.FunctionError',
      errorMessage: expect.stringContaining('Error: poison record f0'), attemptEndingTimestamp: DEFAULT_EPOCH_MS + 4040,
      rawData: Buffer.from('f1;f', 'utf8').toString('base64'), lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:transform',
    });
    expect(findings(trace)).toEqual([]);
  });

  it('M-2: a duplicated recordId fails the whole batch with Lambda.DuplicatedRecordId, not retried', async () => {
    const trace = await simulateFirehose({
      seed: 'dup', records: [{ at: 0, size: 3 }, { at: 0, size: 3 }],
      processor: { script: { rules: [{ match: { rids: ['f1'] }, action: 'duplicate' }] }, bufferIntervalInSeconds: 1 },
    });
    expect(invokes(trace)).toHaveLength(1);
    expect(failedDocs(trace).map((d) => [d.rid, d.document.errorCode, d.document.attemptsMade])).toEqual([['f0', 'Lambda.DuplicatedRecordId', 1], ['f1', 'Lambda.DuplicatedRecordId', 1]]);
    expect(trace.some((e) => e.type === 'deliver')).toBe(false);
    expect(findings(trace)).toEqual([]);
  });

  it('M-2: Ok is delivered, Dropped goes nowhere, ProcessingFailed goes to processing-failed', async () => {
    const trace = await simulateFirehose({
      seed: 'mixed', records: [{ at: 0, size: 3 }, { at: 0, size: 3 }, { at: 0, size: 3 }],
      processor: { script: { rules: [{ match: { rids: ['f1'] }, action: 'drop' }, { match: { rids: ['f2'] }, action: 'fail' }] }, bufferIntervalInSeconds: 0 },
    });
    expect(trace.filter((e) => e.type === 'deliver').map((e) => (e as FirehoseDeliverEvent).records.map((r) => r.rid))).toEqual([['f0']]);
    expect(failedDocs(trace).map((d) => [d.rid, d.document.errorCode])).toEqual([['f2', 'Lambda.ProcessingFailedStatus']]);
    expect(findings(trace)).toEqual([]);
  });

  it('M-3: the buffer is flushed when it reaches the size hint, else when the interval passes', async () => {
    const trace = await simulateFirehose({
      seed: 'size', records: [{ at: 0, size: 100_000 }, { at: 10, size: 100_000 }, { at: 20, size: 100_000 }, { at: 30, size: 5 }],
      processor: { script: {}, bufferSizeInMBs: 0.2, bufferIntervalInSeconds: 60 },
    });
    expect(invokes(trace).map((e) => [ms(e), e.records.map((r) => r.rid).join(' ')])).toEqual([[20, 'f0 f1 f2'], [60_030, 'f3']]);
    expect(findings(trace)).toEqual([]);
  });

  it('runs a real transformation handler (the blueprint) on the virtual clock', async () => {
    const trace = await simulateFirehose(
      { seed: 'handler', records: [{ at: 0, size: 10 }, { at: 5, size: 10 }], processor: { script: {}, bufferIntervalInSeconds: 1 } },
      {
        handler: async (event) => {
          await new Promise((r) => setTimeout(r, 300));
          return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: Buffer.from(Buffer.from(r.data, 'base64').toString().toUpperCase()).toString('base64') })) };
        },
      },
    );
    expect(trace.filter((e) => e.type === 'deliver').map(ms)).toEqual([1300]);
    expect(findings(trace)).toEqual([]);
  });

  it('request size equals the serialised request (M-1)', () => {
    const records = [{ rid: 'f0', recordId: 'x'.repeat(36), bytes: 5, arrivalMs: DEFAULT_EPOCH_MS }, { rid: 'f1', recordId: 'y'.repeat(36), bytes: 1001, arrivalMs: DEFAULT_EPOCH_MS + 7 }];
    const arn = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s';
    expect(transformRequestBytes(arn, records)).toBe(JSON.stringify(transformEvent('z'.repeat(36), arn, records)).length);
  });
});

describe('determinism', () => {
  const [c] = fc.sample(firehoseCaseArbitrary.filter((k) => k.records.length > 2), { numRuns: 1, seed: 9 });

  it('the same case gives a byte-identical trace; another seed a different one', async () => {
    const once = JSON.stringify(await simulateFirehose(c!));
    expect(JSON.stringify(await simulateFirehose(c!))).toBe(once);
    expect(JSON.stringify(await simulateFirehose({ ...c!, seed: `${c!.seed}-other` }))).not.toBe(once);
  });
});

describe('record data', () => {
  it('is the same filler the Kinesis model makes', async () => {
    const { dataBase64 } = await import('../kinesis/RecordData.ts');
    const { recordData } = await import('./TransformRequest.ts');
    for (const bytes of [0, 1, 3, 4, 5, 1000]) expect(recordData({ rid: 'f12', bytes })).toBe(dataBase64({ size: bytes }, 'f12'));
  });
});
