/**
 * Each checker against small hand-written traces: one an implementation
 * could really produce when broken, and its correct counterpart.
 */
import { describe, expect, it } from 'vitest';
import type { EsmRequest } from '../../esm/EsmConfig.ts';
import { handConfig } from '../../testing/handConfig.ts';
import type { TraceEvent } from '../../trace/TraceEvent.ts';
import { checkRun, checkTrace } from '../index.ts';

const STREAM = 'arn:aws:kinesis:us-east-1:123456789012:stream/s';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:dlq';
const S = 'shardId-000000000000';

const config = (patch: EsmRequest = {}) => handConfig(STREAM, patch);

/** A tiny trace builder: puts r0..rn on one shard with seq 10, 20, 30, ... */
function trace(puts: Array<[string, number]>, steps: TraceEvent[]): TraceEvent[] {
  const events: TraceEvent[] = [{ t: 0, type: 'start', streamArn: STREAM, functionArn: FN, startingPosition: 'TRIM_HORIZON' }];
  puts.forEach(([key, t], i) => events.push({ t, type: 'put', rid: `r${i}`, shardId: S, seq: String((i + 1) * 10), partitionKey: key, bytes: 1 }));
  events.push(...steps);
  events.push({ t: (steps[steps.length - 1]?.t ?? 0) + 1, type: 'end', reason: 'quiescent' });
  return events.sort((a, b) => a.t - b.t);
}
const inv = (t: number, id: string, records: string[], lane = 0): TraceEvent => ({ t, type: 'invoke', id, shardId: S, lane, records, bytes: 500 * records.length });
const ok = (t: number, id: string, response: unknown = null): TraceEvent => ({ t, type: 'result', id, outcome: 'return', response });
const err = (t: number, id: string): TraceEvent => ({ t, type: 'result', id, outcome: 'error', error: 'boom' });
const cp = (t: number, seq: string): TraceEvent => ({ t, type: 'checkpoint', shardId: S, seq });
const checkers = (events: TraceEvent[], patch?: EsmRequest) => [...new Set(checkTrace(events, config(patch)).map((f) => f.checker))];

describe('per-key-order (Q-2, G-2)', () => {
  it('accepts records of a key delivered in order, and different keys in parallel lanes', () => {
    const events = trace([['a', 1], ['b', 2], ['a', 3]], [inv(10, 'i1', ['10'], 0), inv(10, 'i2', ['20'], 1), ok(11, 'i1'), ok(11, 'i2'), inv(12, 'i3', ['30'], 0), ok(13, 'i3'), cp(13, '30')]);
    expect(checkers(events, { ParallelizationFactor: 2 })).toEqual([]);
  });
  it('catches a later record of a key delivered while the earlier one is being retried', () => {
    const events = trace([['a', 1], ['a', 2]], [inv(10, 'i1', ['10'], 0), err(11, 'i1'), inv(12, 'i2', ['20'], 1), ok(13, 'i2'), inv(20, 'i3', ['10'], 0), ok(21, 'i3'), cp(21, '20')]);
    expect(checkers(events, { ParallelizationFactor: 2 })).toContain('per-key-order');
  });
});

describe('conservation (Q-3)', () => {
  it('catches a record checkpointed after failing, never succeeded nor given up', () => {
    const events = trace([['a', 1]], [inv(10, 'i1', ['10']), err(11, 'i1'), cp(11, '10')]);
    expect(checkers(events)).toEqual(expect.arrayContaining(['conservation', 'checkpoint']));
  });
  it('accepts a record given up and reported', () => {
    const events = trace([['a', 1]], [inv(10, 'i1', ['10']), err(11, 'i1'), { t: 11, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' }, cp(11, '10')]);
    expect(checkers(events, { MaximumRetryAttempts: 0 })).toEqual([]);
  });
  it('catches a throttled record dropped at retention without a give-up (D-1, P-7), and accepts one never attempted', () => {
    const trim: TraceEvent = { t: 86_400_001, type: 'trim', shardId: S, seq: '10' };
    const throttled: TraceEvent = { t: 10, type: 'throttle', shardId: S, lane: 0, records: ['10'] };
    expect(checkers(trace([['a', 1]], [throttled, trim, cp(86_400_001, '10')]))).toContain('conservation');
    expect(checkers(trace([['a', 1]], [trim]))).toEqual([]);
  });
});

describe('retry-limit (D-3, E-7)', () => {
  const failTwice = [inv(10, 'i1', ['10']), err(11, 'i1'), inv(12, 'i2', ['10']), err(13, 'i2')];
  it('catches a retry past MaximumRetryAttempts', () => {
    expect(checkers(trace([['a', 1]], [...failTwice, { t: 13, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' }, cp(13, '10')]), { MaximumRetryAttempts: 0 })).toContain('retry-limit');
  });
  it('catches giving up before MaximumRetryAttempts + 1 failures', () => {
    expect(checkers(trace([['a', 1]], [...failTwice, { t: 13, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' }, cp(13, '10')]), { MaximumRetryAttempts: 2 })).toContain('retry-limit');
  });
  it('accepts exactly MaximumRetryAttempts + 1 invocations', () => {
    expect(checkers(trace([['a', 1]], [...failTwice, { t: 13, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' }, cp(13, '10')]), { MaximumRetryAttempts: 1 })).toEqual([]);
  });
  it('catches a retry past the limit, whether it fails or succeeds, that a later success does not excuse', () => {
    const failThenSucceed = [inv(14, 'i3', ['10']), err(15, 'i3'), inv(16, 'i4', ['10']), ok(17, 'i4'), cp(17, '10')];
    const succeed = [inv(14, 'i3', ['10']), ok(15, 'i3'), cp(15, '10')];
    for (const extra of [failThenSucceed, succeed]) {
      const findings = checkTrace(trace([['a', 1]], [...failTwice, ...extra]), config({ MaximumRetryAttempts: 1 }));
      expect(findings.map((f) => [f.checker, f.rule, f.at])).toEqual([['retry-limit', 'D-3', 14]]);
    }
  });
  const giveUp = (t: number, records: string[]): TraceEvent => ({ t, type: 'discard', shardId: S, records, condition: 'RetryAttemptsExhausted' });
  const throttle = (t: number): TraceEvent => ({ t, type: 'throttle', shardId: S, lane: 0, records: ['10'] });
  const ageOut = (t: number): TraceEvent => ({ t, type: 'discard', shardId: S, records: ['10'], condition: 'RecordAgeExceeded' });
  it('catches an attempt past the limit that Lambda throttled, the record then given up for age (D-3, D-1)', () => {
    const findings = checkTrace(trace([['a', 1]], [...failTwice, throttle(20), throttle(40), ageOut(61_002), cp(61_002, '10')]), config({ MaximumRetryAttempts: 1, MaximumRecordAgeInSeconds: 60 }));
    expect(findings.map((f) => [f.checker, f.rule, f.at])).toEqual([['retry-limit', 'D-3', 20]]);
  });
  it('tells only of throttles since the record last succeeded', () => {
    const storyOf = (steps: TraceEvent[]) => checkTrace(trace([['a', 1]], steps), config({ MaximumRetryAttempts: 1 })).filter((f) => f.checker === 'retry-limit').map((f) => f.story.map((s) => s.what).join(' / '));
    const [before] = storyOf([throttle(5), inv(10, 'i1', ['10']), ok(11, 'i1'), giveUp(12, ['10']), cp(12, '10')]);
    expect(before).toContain('its last delivery before the give-up succeeded');
    expect(before).not.toContain('throttled');
    const [after] = storyOf([throttle(5), inv(10, 'i1', ['10']), ok(11, 'i1'), throttle(11), giveUp(12, ['10']), cp(12, '10')]);
    expect(after).toContain('Lambda throttled 1 invocation(s) of it');
    // A delivery that never ended neither failed nor succeeded: the throttles after it still count.
    const [unended] = storyOf([inv(10, 'i1', ['10']), throttle(11), giveUp(12, ['10']), cp(12, '10')]);
    expect(unended).toContain('Lambda throttled 1 invocation(s) of it');
  });
  it('accepts throttles before the limit is reached, and one after a re-enable restarted the count (C-2)', () => {
    const state = (t: number, s: 'Disabled' | 'Enabled'): TraceEvent => ({ t, type: 'state', state: s });
    expect(checkers(trace([['a', 1]], [throttle(5), inv(10, 'i1', ['10']), err(11, 'i1'), throttle(12), inv(12, 'i2', ['10']), err(13, 'i2'), giveUp(13, ['10']), cp(13, '10')]), { MaximumRetryAttempts: 1 })).toEqual([]);
    // The same at one instant: the throttle came before the last invocation, as the trace's order says.
    expect(checkers(trace([['a', 1]], [throttle(5), inv(10, 'i1', ['10']), err(11, 'i1'), throttle(12), inv(12, 'i2', ['10']), err(12, 'i2'), giveUp(12, ['10']), cp(12, '10')]), { MaximumRetryAttempts: 1 })).toEqual([]);
    expect(checkers(trace([['a', 1]], [...failTwice, state(15, 'Disabled'), state(18, 'Enabled'), throttle(20), inv(30, 'i3', ['10']), ok(31, 'i3'), cp(31, '10')]), { MaximumRetryAttempts: 1 })).toEqual([]);
  });
  it('catches a give-up that takes along a record never delivered (D-5)', () => {
    const events = trace([['a', 1], ['a', 2]], [...failTwice, giveUp(13, ['10', '20']), cp(13, '20')]);
    const findings = checkTrace(events, config({ MaximumRetryAttempts: 1 })).filter((f) => f.checker === 'retry-limit');
    expect(findings.map((f) => [f.rule, f.records])).toEqual([['D-5', [`${S}:20`]]]);
  });
  it('catches a record delivered again after it was given up, even at the same instant (D-5)', () => {
    for (const t of [13, 20]) {
      const events = trace([['a', 1]], [...failTwice, giveUp(13, ['10']), cp(13, '10'), inv(t, 'i3', ['10']), ok(t + 1, 'i3')]);
      const findings = checkTrace(events, config({ MaximumRetryAttempts: 1 }));
      expect(findings.map((f) => [f.checker, f.rule, f.at])).toEqual([['retry-limit', 'D-5', t]]);
    }
  });
  it('catches a record tried again after it was given up, though Lambda throttled the attempt (D-5, D-1), unless the mapping was re-enabled', () => {
    const findings = checkTrace(trace([['a', 1]], [...failTwice, giveUp(13, ['10']), cp(13, '10'), throttle(20)]), config({ MaximumRetryAttempts: 1 }));
    expect(findings.map((f) => [f.checker, f.rule, f.at, f.summary])).toEqual([['retry-limit', 'D-5', 20, 'r0 was tried again (Lambda throttled the attempt) after it was given up (RetryAttemptsExhausted)']]);
    const state = (t: number, s: 'Disabled' | 'Enabled'): TraceEvent => ({ t, type: 'state', state: s });
    expect(checkers(trace([['a', 1]], [...failTwice, giveUp(13, ['10']), state(14, 'Disabled'), state(18, 'Enabled'), throttle(20), inv(30, 'i3', ['10']), ok(31, 'i3'), cp(31, '10')]), { MaximumRetryAttempts: 1 })).toEqual([]);
  });
  it('accepts a record given up and delivered again after a re-enable (C-2: the new poller resumes from the checkpoint)', () => {
    const state = (t: number, s: 'Disabled' | 'Enabled'): TraceEvent => ({ t, type: 'state', state: s });
    const events = trace([['a', 1]], [...failTwice, giveUp(13, ['10']), state(14, 'Disabled'), state(30, 'Enabled'), inv(31, 'i3', ['10']), ok(32, 'i3'), cp(32, '10')]);
    expect(checkers(events, { MaximumRetryAttempts: 1 })).toEqual([]);
  });
});

describe('record-age (D-6)', () => {
  it('catches a record invoked after MaximumRecordAgeInSeconds', () => {
    expect(checkers(trace([['a', 1]], [inv(61_002, 'i1', ['10']), ok(61_003, 'i1'), cp(61_003, '10')]), { MaximumRecordAgeInSeconds: 60 })).toContain('record-age');
  });
  it('catches a fresh record given up for RecordAgeExceeded', () => {
    expect(checkers(trace([['a', 1]], [{ t: 30_000, type: 'discard', shardId: S, records: ['10'], condition: 'RecordAgeExceeded' }, cp(30_000, '10')]), { MaximumRecordAgeInSeconds: 60 })).toContain('record-age');
  });
});

describe('batch-bounds (Q-5, B-4, B-6)', () => {
  it('catches a batch larger than BatchSize', () => {
    expect(checkers(trace([['a', 1], ['b', 2]], [inv(10, 'i1', ['10', '20']), ok(11, 'i1'), cp(11, '20')]), { BatchSize: 1 })).toContain('batch-bounds');
  });
  it('catches two batches in flight on one shard with ParallelizationFactor 1', () => {
    expect(checkers(trace([['a', 1], ['b', 2]], [inv(10, 'i1', ['10']), inv(10, 'i2', ['20']), ok(11, 'i1'), ok(11, 'i2'), cp(11, '20')]))).toContain('batch-bounds');
  });
  it('catches a half-empty batch invoked before the batching window closed', () => {
    expect(checkers(trace([['a', 1]], [inv(1000, 'i1', ['10']), ok(1001, 'i1'), cp(1001, '10')]), { MaximumBatchingWindowInSeconds: 5, BatchSize: 10 })).toContain('batch-bounds');
  });
  it('takes a batch tried again after a throttle (D-1) as the batch it was, not a new one inside the window', () => {
    // At the start, [r0, r1] is full (BatchSize 2); r0 is too old and given up (D-6), and Lambda throttles [r1].
    const before: TraceEvent[] = [{ t: 0, type: 'discard', shardId: S, records: ['10'], condition: 'RecordAgeExceeded' }, { t: 0, type: 'throttle', shardId: S, lane: 0, records: ['20'] }];
    const after = [inv(500, 'i1', ['20']), ok(501, 'i1'), inv(5501, 'i2', ['30']), ok(5502, 'i2'), cp(5502, '30')];
    const patch = { BatchSize: 2, MaximumBatchingWindowInSeconds: 5, MaximumRecordAgeInSeconds: 60 };
    const puts: Array<[string, number]> = [['a', -61_000], ['a', -1000], ['a', -500]];
    expect(checkTrace(trace(puts, [...before, ...after]), config(patch)).filter((f) => f.rule === 'B-4')).toEqual([]);
    // Without the throttled attempt, [r1] alone at 0.5 s is a new batch that did not wait for the window.
    expect(checkTrace(trace(puts, [before[0]!, ...after]), config(patch)).filter((f) => f.rule === 'B-4')).toHaveLength(1);
  });
  it('judges a batch by its first attempt: one throttled inside the window, invoked after it, is caught', () => {
    const events = trace([['a', 1], ['a', 2]], [{ t: 100, type: 'throttle', shardId: S, lane: 0, records: ['10', '20'] }, inv(6000, 'i1', ['10', '20']), ok(6001, 'i1'), cp(6001, '20')]);
    const found = checkTrace(events, config({ BatchSize: 3, MaximumBatchingWindowInSeconds: 5 })).filter((f) => f.rule === 'B-4');
    expect(found.map((f) => f.summary)).toEqual(['a batch of 2 was first tried (and throttled, D-1) 0.100s into a 5s batching window']);
  });
  it('accepts a full batch throttled, then shrunk by an age give-up at a later throttled attempt (D-6, D-1)', () => {
    const throttle = (t: number, records: string[]): TraceEvent => ({ t, type: 'throttle', shardId: S, lane: 0, records });
    const events = trace([['a', -59_900], ['a', -1000], ['a', -500]], [
      throttle(0, ['10', '20']), { t: 500, type: 'discard', shardId: S, records: ['10'], condition: 'RecordAgeExceeded' }, throttle(500, ['20']),
      inv(1000, 'i1', ['20']), ok(1001, 'i1'), inv(6001, 'i2', ['30']), ok(6002, 'i2'), cp(6002, '30'),
    ]);
    expect(checkTrace(events, config({ BatchSize: 2, MaximumBatchingWindowInSeconds: 5, MaximumRecordAgeInSeconds: 60 })).filter((f) => f.rule === 'B-4')).toEqual([]);
  });
  it('reports an empty batch inside a batching window as a finding, not a crash', () => {
    const events = trace([['a', 1]], [inv(1000, 'i0', []), ok(1001, 'i0'), inv(6000, 'i1', ['10']), ok(6001, 'i1'), cp(6001, '10')]);
    const findings = checkTrace(events, config({ MaximumBatchingWindowInSeconds: 5, BatchSize: 10 }));
    expect(findings.filter((f) => f.checker === 'batch-bounds').map((f) => f.summary).join('\n')).toMatch(/carried no records/);
  });
});

describe('checkpoint (Q-1)', () => {
  it('catches a checkpoint moving backward', () => {
    const events = trace([['a', 1], ['b', 2]], [inv(10, 'i1', ['10', '20']), ok(11, 'i1'), cp(11, '20'), cp(12, '10')]);
    expect(checkers(events)).toContain('checkpoint');
  });
  it('accepts the same checkpoint committed twice', () => {
    const events = trace([['a', 1], ['b', 2]], [inv(10, 'i1', ['10', '20']), ok(11, 'i1'), cp(11, '20'), cp(12, '20')]);
    expect(checkers(events)).toEqual([]);
  });
});

describe('on-failure (F-1..F-4)', () => {
  const message = (patch: Record<string, unknown> = {}) => ({
    requestContext: { requestId: 'i1', functionArn: FN, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0', timestamp: '1970-01-01T00:00:00.011Z',
    KinesisBatchInfo: { shardId: S, startSequenceNumber: '10', endSequenceNumber: '10', approximateArrivalOfFirstRecord: '1970-01-01T00:00:00.001Z', approximateArrivalOfLastRecord: '1970-01-01T00:00:00.001Z', batchSize: 1, streamArn: STREAM },
    ...patch,
  });
  const run = (m: Record<string, unknown> | undefined, patch: EsmRequest = { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: DLQ } } }) => checkers(trace([['a', 1]], [
    inv(10, 'i1', ['10']), err(11, 'i1'), { t: 11, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' },
    ...(m ? [{ t: 11, type: 'destination', arn: DLQ, kind: 'sqs', message: m } as TraceEvent] : []), cp(11, '10'),
  ]), patch);
  const context = (approximateInvokeCount: number) => ({ requestContext: { requestId: 'i1', functionArn: FN, condition: 'RetryAttemptsExhausted', approximateInvokeCount } });
  it('accepts the documented record', () => expect(run(message())).toEqual([]));
  it('catches a missing record', () => expect(run(undefined)).toContain('on-failure'));
  it('catches a wrong condition name (P-6: async RetriesExhausted)', () => expect(run(message({ requestContext: { requestId: 'i1', functionArn: FN, condition: 'RetriesExhausted', approximateInvokeCount: 1 } }))).toContain('on-failure'));
  it('catches a timestamp without milliseconds (F-2)', () => expect(run(message({ timestamp: '1970-01-01T00:00:00Z' }))).toContain('on-failure'));
  it('catches an approximateInvokeCount that is not the number of failed invocations (Q-4, D-3)', () => expect(run(message(context(2)))).toContain('on-failure'));
  it('accepts null or Unhandled after a malformed response (E-5: the function returned; F-4 is silent)', () => {
    const malformed = (functionError: string | null) => checkers(trace([['a', 1]], [
      inv(10, 'i1', ['10']), ok(11, 'i1', { batchItemFailures: [{ itemIdentifier: '' }] }), { t: 11, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' },
      { t: 11, type: 'destination', arn: DLQ, kind: 'sqs', message: message({ responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError } }) } as TraceEvent, cp(11, '10'),
    ]), { MaximumRetryAttempts: 0, FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: DLQ } } });
    expect(malformed(null)).toEqual([]);
    expect(malformed('Unhandled')).toEqual([]);
    expect(malformed('Handled')).toContain('on-failure');
  });
  it('catches a record written although the mapping has no destination (D-5)', () => expect(run(message(), { MaximumRetryAttempts: 0 })).toContain('on-failure'));
  it('places a re-enable in the instant of a failure by trace order: after the failure, the fresh poller counts afresh (C-2, D-7)', () => {
    // r0 fails twice; the mapping is disabled and enabled again while the second attempt runs, and
    // resumes in the instant it fails: the fresh poller finds r0 too old and counts 0 invocations + 1.
    const end = 61_002;
    const aged = { t: end, type: 'destination', arn: DLQ, kind: 'sqs', message: {
      requestContext: { requestId: 'i2', functionArn: FN, condition: 'RecordAgeExceeded', approximateInvokeCount: 1 },
      version: '1.0', timestamp: '1970-01-01T00:01:01.002Z', KinesisBatchInfo: message().KinesisBatchInfo,
    } } as TraceEvent;
    const steps = (enabledBeforeGiveUp: boolean): TraceEvent[] => {
      const enabled: TraceEvent = { t: end, type: 'state', state: 'Enabled' };
      const giveUp: TraceEvent = { t: end, type: 'discard', shardId: S, records: ['10'], condition: 'RecordAgeExceeded' };
      return [
        inv(10, 'i1', ['10']), err(11, 'i1'), inv(12, 'i2', ['10']), { t: 13, type: 'state', state: 'Disabling' }, { t: 14, type: 'state', state: 'Enabling' },
        err(end, 'i2'), ...(enabledBeforeGiveUp ? [enabled, giveUp] : [giveUp, enabled]), aged, cp(end, '10'),
      ];
    };
    const patch = { MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: DLQ } } };
    expect(checkers(trace([['a', 1]], steps(true)), patch)).toEqual([]);
    expect(checkers(trace([['a', 1]], steps(false)), patch)).toEqual(['on-failure']); // given up before the re-enable: both failures are the run, so 2 or 3
  });
});

describe('on-failure to S3 (F-5)', () => {
  const BUCKET = 'arn:aws:s3:::bucket';
  const UUID = '2fd64af6-c918-47eb-b486-5ed630f2c9e5';
  const KEY = `aws/lambda/${UUID}/${S}/1970/01/01/1970-01-01T00.00.00-ec75a2cf-539a-4972-9b0c-242928a686f6`;
  const record = (seq: string) => ({ kinesis: { sequenceNumber: seq, partitionKey: 'a', data: 'eA==' }, eventID: `${S}:${seq}` });
  const message = (seqs: string[]) => ({
    requestContext: { requestId: 'i1', functionArn: FN, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0', timestamp: '1970-01-01T00:00:00.011Z',
    KinesisBatchInfo: { shardId: S, startSequenceNumber: '10', endSequenceNumber: '20', approximateArrivalOfFirstRecord: '1970-01-01T00:00:00.001Z', approximateArrivalOfLastRecord: '1970-01-01T00:00:00.002Z', batchSize: 2, streamArn: STREAM },
    payload: { Records: seqs.map(record) },
  });
  /** Two records failed together and given up, written to S3 with `key` and a payload of `seqs`. */
  const run = (key: string | undefined, seqs = ['10', '20'], extra: TraceEvent[] = []) => checkers(trace([['a', 1], ['a', 2]], [
    inv(10, 'i1', ['10', '20']), err(11, 'i1'), { t: 11, type: 'discard', shardId: S, records: ['10', '20'], condition: 'RetryAttemptsExhausted' },
    { t: 11, type: 'destination', arn: BUCKET, kind: 's3', ...(key === undefined ? {} : { key }), message: message(seqs) } as TraceEvent, cp(11, '20'), ...extra,
  ]), { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: BUCKET } } });
  it('accepts the documented object', () => expect(run(KEY)).toEqual([]));
  it('catches a payload that is not the records given up', () => {
    expect(run(KEY, ['10'])).toContain('on-failure');
    expect(run(KEY, ['20', '10'])).toContain('on-failure');
  });
  it('catches an object without a key, or with a key of the wrong form', () => {
    expect(run(undefined)).toContain('on-failure');
    expect(run(`aws/lambda/${UUID}/${S}/1970-01-01T00.00.00-x`)).toContain('on-failure');
  });
  it('catches a key naming another shard or another moment', () => {
    expect(run(KEY.replace(S, 'shardId-000000000001'))).toContain('on-failure');
    expect(run(KEY.replace('T00.00.00', 'T00.00.01'))).toContain('on-failure');
    expect(run(KEY.replace('1970/01/01', '1970/01/02'))).toContain('on-failure');
  });
  it('catches keys of one mapping naming two mapping UUIDs', () => {
    const second: TraceEvent[] = [
      { t: 12, type: 'put', rid: 'r2', shardId: S, seq: '30', partitionKey: 'a', bytes: 1 }, inv(20, 'i2', ['30']), err(21, 'i2'),
      { t: 21, type: 'discard', shardId: S, records: ['30'], condition: 'RetryAttemptsExhausted' },
      { t: 21, type: 'destination', arn: BUCKET, kind: 's3', key: KEY.replace(UUID.slice(0, 8), 'aaaaaaaa'), message: { ...message(['30']), timestamp: '1970-01-01T00:00:00.021Z', KinesisBatchInfo: { shardId: S, startSequenceNumber: '30', endSequenceNumber: '30', approximateArrivalOfFirstRecord: '1970-01-01T00:00:00.012Z', approximateArrivalOfLastRecord: '1970-01-01T00:00:00.012Z', batchSize: 1, streamArn: STREAM } } } as TraceEvent,
      cp(21, '30'),
    ];
    expect(run(KEY, ['10', '20'], second)).toContain('on-failure');
    expect(run(KEY, ['10', '20'], second.map((e) => (e.type === 'destination' ? { ...e, key: KEY } : e)))).toEqual([]);
  });
  it('catches a key on an SQS message', () => {
    const { payload: _none, ...body } = message(['10']);
    const sqs = (key: string | undefined) => checkers(trace([['a', 1]], [
      inv(10, 'i1', ['10']), err(11, 'i1'), { t: 11, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' },
      { t: 11, type: 'destination', arn: DLQ, kind: 'sqs', ...(key === undefined ? {} : { key }), message: { ...body, KinesisBatchInfo: { shardId: S, startSequenceNumber: '10', endSequenceNumber: '10', approximateArrivalOfFirstRecord: '1970-01-01T00:00:00.001Z', approximateArrivalOfLastRecord: '1970-01-01T00:00:00.001Z', batchSize: 1, streamArn: STREAM } } } as TraceEvent, cp(11, '10'),
    ]), { MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: DLQ } } });
    expect(sqs(undefined)).toEqual([]);
    expect(sqs(KEY)).toContain('on-failure');
  });
});

describe('partial-response (E-3, E-4)', () => {
  it('catches a retry that skips the lowest reported failure', () => {
    const events = trace([['a', 1], ['b', 2], ['c', 3]], [
      inv(10, 'i1', ['10', '20', '30']), ok(11, 'i1', { batchItemFailures: [{ itemIdentifier: '30' }, { itemIdentifier: '20' }] }), cp(11, '20'),
      inv(12, 'i2', ['30']), ok(13, 'i2'), cp(13, '30'),
    ]);
    expect(checkers(events, { FunctionResponseTypes: ['ReportBatchItemFailures'] })).toContain('partial-response');
  });
  it('accepts a retry that starts past a head given up for age at an attempt Lambda throttled (D-6, D-1), and catches one without the give-up', () => {
    // [r0, r1] fails; 60 s on, the retry gives r0 up for age and is throttled; then [r1] is delivered.
    const aged: TraceEvent[] = [inv(10, 'i1', ['10', '20']), err(11, 'i1'), { t: 60_500, type: 'discard', shardId: S, records: ['10'], condition: 'RecordAgeExceeded' }];
    const rest: TraceEvent[] = [{ t: 60_500, type: 'throttle', shardId: S, lane: 0, records: ['20'] }, inv(61_000, 'i2', ['20']), ok(61_001, 'i2'), cp(61_001, '20')];
    const judged = (events: TraceEvent[]) => checkTrace(events, config({ MaximumRecordAgeInSeconds: 60 })).filter((f) => f.checker === 'partial-response');
    expect(judged(trace([['a', 1], ['a', 2]], [...aged, ...rest]))).toEqual([]);
    expect(judged(trace([['a', 1], ['a', 2]], [...aged.slice(0, 2), ...rest]))).toHaveLength(1);
  });
  it('does not take another lane\'s age give-up for one that shrank the throttled retry (PF 2)', () => {
    // Lane 1 gives r2 up for age at 60.5 s; lane 0's throttled retry then still holds [r0, r1], and lane 0 retries [r1], skipping r0.
    const events = trace([['a', 1], ['a', 2], ['b', 3]], [
      inv(10, 'i1', ['10', '20'], 0), err(11, 'i1'),
      { t: 60_500, type: 'discard', shardId: S, records: ['30'], condition: 'RecordAgeExceeded' }, { t: 60_500, type: 'throttle', shardId: S, lane: 0, records: ['10', '20'] },
      inv(61_000, 'i2', ['20'], 0), ok(61_001, 'i2'),
    ]);
    expect(checkTrace(events, config({ MaximumRecordAgeInSeconds: 60, ParallelizationFactor: 2 })).filter((f) => f.checker === 'partial-response')).toHaveLength(1);
  });
  it('catches a success response ({}) retried as if it failed', () => {
    const events = trace([['a', 1]], [inv(10, 'i1', ['10']), ok(11, 'i1', {}), inv(12, 'i2', ['10']), ok(13, 'i2'), cp(13, '10')]);
    expect(checkers(events, { FunctionResponseTypes: ['ReportBatchItemFailures'] })).toContain('partial-response');
  });
  it('catches batchItemFailures honoured without ReportBatchItemFailures (E-1): the suffix retried', () => {
    const events = trace([['a', 1], ['b', 2], ['c', 3]], [
      inv(10, 'i1', ['10', '20', '30']), ok(11, 'i1', { batchItemFailures: [{ itemIdentifier: '20' }] }), cp(11, '10'),
      inv(12, 'i2', ['20', '30']), ok(13, 'i2'), cp(13, '30'),
    ]);
    expect(checkers(events, { FunctionResponseTypes: [] })).toContain('partial-response');
    expect(checkers(events, { FunctionResponseTypes: ['ReportBatchItemFailures'] })).toEqual([]);
  });
});

describe('bisect (D-8)', () => {
  it('owes a record given up anew when a restarted poller reads it again (A-20, C-2), and bisects the batch from it', () => {
    // r0 is given up; an update restarts the pollers from the checkpoint (none yet), so [r0, r1] comes
    // again, fails, and its lower half [r0] is tried first: r0's earlier give-up does not resolve it for this batch.
    const events = trace([['a', 1], ['a', 2]], [
      inv(10, 'i1', ['10', '20']), err(11, 'i1'), inv(11, 'i2', ['10']), { t: 11, type: 'state', state: 'Updating' }, err(12, 'i2'),
      { t: 12, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' }, { t: 12, type: 'config', changes: { BatchSize: 10 } }, { t: 12, type: 'state', state: 'Enabled' },
      inv(12, 'i3', ['10', '20']), err(13, 'i3'), inv(13, 'i4', ['10']), err(14, 'i4'), { t: 14, type: 'discard', shardId: S, records: ['10'], condition: 'RetryAttemptsExhausted' },
      inv(14, 'i5', ['20']), ok(15, 'i5'), cp(15, '20'),
    ]);
    expect(checkers(events, { BisectBatchOnFunctionError: true, MaximumRetryAttempts: 0 })).toEqual([]);
  });
  it('does not call a batch given up whole when a restart came in between (A-20: bisect turned off, the key in another lane)', () => {
    const events = trace([['a', 1], ['a', 2]], [
      inv(10, 'i1', ['10', '20']), { t: 10, type: 'state', state: 'Updating' }, err(11, 'i1'), { t: 11, type: 'config', changes: { BisectBatchOnFunctionError: false, ParallelizationFactor: 2 } }, { t: 11, type: 'state', state: 'Enabled' },
      inv(11, 'i2', ['10', '20'], 1), err(12, 'i2'), { t: 12, type: 'discard', shardId: S, records: ['10', '20'], condition: 'RetryAttemptsExhausted' }, cp(12, '20'),
    ]);
    expect(checkers(events, { BisectBatchOnFunctionError: true, MaximumRetryAttempts: 0 })).toEqual([]);
  });
  it('catches a failed batch retried whole with bisect on', () => {
    const events = trace([['a', 1], ['b', 2]], [inv(10, 'i1', ['10', '20']), err(11, 'i1'), inv(12, 'i2', ['10', '20']), ok(13, 'i2'), cp(13, '20')]);
    expect(checkers(events, { BisectBatchOnFunctionError: true })).toContain('bisect');
  });
  it('accepts the lower half first', () => {
    const events = trace([['a', 1], ['b', 2]], [inv(10, 'i1', ['10', '20']), err(11, 'i1'), inv(11, 'i2', ['10']), ok(12, 'i2'), cp(12, '10'), inv(12, 'i3', ['20']), ok(13, 'i3'), cp(13, '20')]);
    expect(checkers(events, { BisectBatchOnFunctionError: true })).toEqual([]);
  });
  const bisected = (steps: TraceEvent[], patch: EsmRequest = {}) =>
    checkers(trace([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5]], [inv(10, 'i1', ['10', '20', '30', '40']), err(11, 'i1'), ...steps]), { BisectBatchOnFunctionError: true, BatchSize: 4, ...patch });
  const lower = [inv(11, 'i2', ['10', '20']), ok(12, 'i2'), cp(12, '20')];
  it('accepts both halves in order, then the next batch', () =>
    expect(bisected([...lower, inv(12, 'i3', ['30', '40']), ok(13, 'i3'), cp(13, '40'), inv(13, 'i4', ['50']), ok(14, 'i4'), cp(14, '50')])).toEqual([]));
  it('catches an upper half merged with a record from outside the failed batch', () =>
    expect(bisected([...lower, inv(12, 'i3', ['30', '40', '50']), ok(13, 'i3'), cp(13, '50')])).toContain('bisect'));
  it('catches the upper half split with its upper record first', () =>
    expect(bisected([...lower, inv(12, 'i3', ['40']), ok(13, 'i3'), inv(13, 'i4', ['30']), ok(14, 'i4'), cp(14, '40'), inv(14, 'i5', ['50']), ok(15, 'i5'), cp(15, '50')])).toContain('bisect'));
  it('catches a half that grows back to the whole batch while it is unresolved', () =>
    expect(bisected([inv(11, 'i2', ['10', '20']), err(12, 'i2'), inv(12, 'i3', ['10']), err(13, 'i3'), inv(13, 'i4', ['10', '20', '30', '40']), ok(14, 'i4'), cp(14, '40'), inv(14, 'i5', ['50']), ok(15, 'i5'), cp(15, '50')])).toContain('bisect'));
  it('catches a failed batch given up whole, never split (MaximumRetryAttempts 0)', () =>
    expect(bisected([{ t: 11, type: 'discard', shardId: S, records: ['10', '20', '30', '40'], condition: 'RetryAttemptsExhausted' }, cp(11, '40'), inv(12, 'i2', ['50']), ok(13, 'i2'), cp(13, '50')], { MaximumRetryAttempts: 0 })).toContain('bisect'));
});

describe('per-key-order across lineage (J-4)', () => {
  const C = 'shardId-000000000001';
  // r0 (key a) on the parent S; the shard splits at 5; r1 (key a, seq 5) lands in child C.
  const lineage = (steps: TraceEvent[]) =>
    trace([['a', 1]], [
      { t: 5, type: 'shard', shardId: C, parentShardId: S },
      { t: 6, type: 'put', rid: 'r1', shardId: C, seq: '5', partitionKey: 'a', bytes: 1 },
      ...steps,
    ]);
  const childInv = (t: number, id: string): TraceEvent => ({ t, type: 'invoke', id, shardId: C, lane: 0, records: ['5'], bytes: 500 });
  it("catches a child's first record of a key delivered while the parent's last record of that key is unresolved", () => {
    const events = lineage([inv(10, 'i1', ['10']), err(11, 'i1'), childInv(12, 'i2'), ok(13, 'i2'), inv(20, 'i3', ['10']), ok(21, 'i3'), cp(21, '10')]);
    expect(checkers(events)).toContain('per-key-order');
  });
  it('accepts the child once the parent record is resolved', () => {
    const events = lineage([inv(10, 'i1', ['10']), err(11, 'i1'), inv(20, 'i3', ['10']), ok(21, 'i3'), cp(21, '10'), childInv(22, 'i2'), ok(23, 'i2')]);
    expect(checkers(events)).toEqual([]);
  });
  it("catches a merged shard's record of a key delivered while the key's last record in either parent is unresolved", () => {
    // S splits into C (which gets key a) and D; C and D merge into M. D's last record of key a is r0, inherited from S.
    const [D, M] = ['shardId-000000000002', 'shardId-000000000003'];
    for (const [parentShardId, adjacentParentShardId] of [[C, D], [D, C]] as const) {
      const events = trace([['a', 1]], [
        inv(2, 'i0', ['10']), ok(3, 'i0'), cp(3, '10'),
        { t: 5, type: 'shard', shardId: C, parentShardId: S },
        { t: 5, type: 'shard', shardId: D, parentShardId: S },
        { t: 6, type: 'put', rid: 'r1', shardId: C, seq: '5', partitionKey: 'a', bytes: 1 },
        { t: 7, type: 'invoke', id: 'i1', shardId: C, lane: 0, records: ['5'], bytes: 500 }, err(8, 'i1'),
        { t: 20, type: 'shard', shardId: M, parentShardId, adjacentParentShardId },
        { t: 21, type: 'put', rid: 'r2', shardId: M, seq: '7', partitionKey: 'a', bytes: 1 },
        { t: 25, type: 'invoke', id: 'i2', shardId: M, lane: 0, records: ['7'], bytes: 500 }, ok(26, 'i2'),
        { t: 30, type: 'invoke', id: 'i3', shardId: C, lane: 0, records: ['5'], bytes: 500 }, ok(31, 'i3'),
      ]);
      const order = checkTrace(events, config()).filter((f) => f.checker === 'per-key-order');
      expect(order.map((f) => f.records), `parents ${parentShardId}, ${adjacentParentShardId}`).toEqual([[`${C}:5`, `${M}:7`]]);
    }
  });
  it('does not relate keys across unrelated shards', () => {
    const events = trace([['a', 1]], [
      { t: 6, type: 'put', rid: 'r1', shardId: C, seq: '5', partitionKey: 'a', bytes: 1 },
      inv(10, 'i1', ['10']), err(11, 'i1'), childInv(12, 'i2'), ok(13, 'i2'), inv(20, 'i3', ['10']), ok(21, 'i3'), cp(21, '10'),
    ]);
    expect(checkers(events)).toEqual([]);
  });
});

describe('retention (J-1)', () => {
  const poll = (t: number, first: string, last: string): TraceEvent => ({ t, type: 'poll', shardId: S, count: 1, first, last, millisBehindLatest: 0 });
  const trim = (t: number, seq: string): TraceEvent => ({ t, type: 'trim', shardId: S, seq });
  const retention = (events: TraceEvent[]) => checkTrace(events, config()).filter((f) => f.checker === 'retention');
  it('catches a record delivered after retention trimmed it, which no read had returned before', () => {
    const events = trace([['a', 1], ['b', 2]], [trim(100, '10'), poll(150, '20', '20'), inv(150, 'i1', ['10', '20']), ok(151, 'i1'), cp(151, '20')]);
    expect(retention(events).map((f) => [f.rule, f.records, f.at])).toEqual([['J-1', [`${S}:10`], 150]]);
  });
  it('accepts a batch read before the trim and retried after it (the poller holds what it read)', () => {
    const events = trace([['a', 1]], [poll(5, '10', '10'), inv(5, 'i1', ['10']), err(6, 'i1'), trim(100, '10'), inv(150, 'i2', ['10']), ok(151, 'i2'), cp(151, '10')]);
    expect(retention(events)).toEqual([]);
  });
  it('has nothing to judge in a trace without reads', () => {
    const events = trace([['a', 1]], [trim(100, '10'), inv(150, 'i1', ['10']), ok(151, 'i1'), cp(151, '10')]);
    expect(retention(events)).toEqual([]);
  });
  it('catches a read that returned a record after its trim, and tells it once though the record was then delivered', () => {
    for (const at of [101, 150]) {
      const events = trace([['a', 1], ['b', 2]], [trim(100, '10'), poll(at, '10', '20'), inv(at, 'i1', ['10', '20']), ok(at + 1, 'i1'), cp(at + 1, '20')]);
      const found = retention(events);
      expect(found.map((f) => [f.rule, f.records, f.at]), `read at ${at}`).toEqual([['J-1', [`${S}:10`], at]]);
      expect(found[0]!.story.map((s) => s.what).join(' / ')).toMatch(/retention trimmed it .* a read of .* returned it \(seqs 10\.\.20\)/);
    }
  });
  it('accepts a read before the trim, or in its millisecond (which may come first)', () => {
    for (const at of [99, 100]) {
      const events = trace([['a', 1]], [poll(at, '10', '10'), inv(at, 'i1', ['10']), ok(at + 1, 'i1'), cp(at + 1, '10'), trim(100, '10')]);
      expect(retention(events), `read at ${at}`).toEqual([]);
    }
  });
});

describe('lifecycle and conservation across a disable period (C-2)', () => {
  const off = (t: number): TraceEvent => ({ t, type: 'state', state: 'Disabling' });
  const on = (t: number): TraceEvent => ({ t, type: 'state', state: 'Enabled' });
  it('catches an invocation started while the mapping is disabled', () => {
    expect(checkers(trace([['a', 1]], [off(5), inv(10, 'i1', ['10']), ok(11, 'i1'), cp(11, '10'), on(20)]))).toContain('lifecycle');
  });
  it('catches an invocation attempted while the mapping is disabled, even one Lambda throttled (D-1)', () => {
    const throttled: TraceEvent = { t: 10, type: 'throttle', shardId: S, lane: 0, records: ['10'] };
    expect(checkers(trace([['a', 1]], [off(5), throttled, on(20), inv(21, 'i1', ['10']), ok(22, 'i1'), cp(22, '10')]))).toEqual(['lifecycle']);
    expect(checkers(trace([['a', 1]], [off(5), on(20), throttled, inv(21, 'i1', ['10']), ok(22, 'i1'), cp(22, '10')].map((e) => (e === throttled ? { ...e, t: 20 } : e))))).toEqual([]);
  });
  it('accepts a record trimmed while disabled as lost to retention, not lost silently', () => {
    const events = trace([['a', 1]], [inv(2, 'i1', ['10']), err(3, 'i1'), off(4), { t: 8, type: 'trim', shardId: S, seq: '10' }, on(20)]);
    expect(checkers(events)).toEqual([]);
  });
  it('accepts a record trimmed in the instant of the re-enable, before it in the trace (while still stopped)', () => {
    const T = 86_400_000;
    const events = trace([['a', 1]], [inv(10, 'i1', ['10']), err(11, 'i1'), off(20), { t: 20, type: 'state', state: 'Disabled' }, { t: T, type: 'trim', shardId: S, seq: '10' }, { t: T, type: 'state', state: 'Enabling' }, on(T)]);
    expect(checkers(events)).toEqual([]);
  });
  it('accepts a failing record trimmed in back-off when the mapping stops before its lane tries again, and catches one dropped at that try', () => {
    const T = 86_400_000;
    const trim: TraceEvent = { t: T + 1, type: 'trim', shardId: S, seq: '10' };
    const held = [inv(10, 'i1', ['10']), err(11, 'i1'), trim];
    // C-2: the restart resumes from the checkpoint, where retention has taken r0; nothing owed a give-up.
    expect(checkers(trace([['a', 1]], [...held, off(T + 500), { t: T + 500, type: 'state', state: 'Disabled' }, on(T + 60_000)]))).toEqual([]);
    // The lane tried again (with r1) while the mapping ran: r0 was due its give-up then (D-7), not a silent drop.
    const dropped = [...held, inv(T + 200, 'i2', ['20']), ok(T + 201, 'i2'), cp(T + 201, '20'), off(T + 500), on(T + 60_000)];
    expect(checkers(trace([['a', 1], ['a', 2]], dropped))).toContain('conservation');
  });
  it('catches a held record whose checkpoint moved past it while the mapping ran, however late the disable comes', () => {
    const T = 86_400_000;
    const throttled: TraceEvent = { t: 10, type: 'throttle', shardId: S, lane: 0, records: ['10'] };
    const trim: TraceEvent = { t: T + 1, type: 'trim', shardId: S, seq: '10' };
    expect(checkers(trace([['a', 1]], [throttled, trim, off(T + 500), on(T + 60_000)]))).toEqual([]);
    expect(checkers(trace([['a', 1]], [throttled, trim, cp(T + 2, '10'), off(T + 36_000_000), on(T + 36_060_000)]))).toContain('conservation');
  });
  it('takes any lane\'s next attempt as the holder\'s when the holder did not say its lane (PF 2)', () => {
    const T = 86_400_000;
    const held: TraceEvent[] = [{ t: 10, type: 'throttle', shardId: S, records: ['10'] }, { t: T + 1, type: 'trim', shardId: S, seq: '10' }];
    const other = [inv(T + 100, 'i1', ['20'], 1), ok(T + 101, 'i1')];
    const patch = { ParallelizationFactor: 2 };
    expect(checkers(trace([['a', 1], ['b', 2]], [...held, ...other, off(T + 500), on(T + 60_000)]), patch)).toContain('conservation');
    expect(checkers(trace([['a', 1], ['b', T + 200]], [...held, off(T + 500), on(T + 60_000), inv(T + 60_001, 'i1', ['20'], 1), ok(T + 60_002, 'i1'), cp(T + 60_002, '20')]), patch)).toEqual([]);
  });
  it('accepts a record trimmed while an update stops the pollers (A-20), or trimmed in back-off before one begins', () => {
    const T = 86_400_000;
    const updating = (t: number): TraceEvent => ({ t, type: 'state', state: 'Updating' });
    const trim: TraceEvent = { t: T + 1, type: 'trim', shardId: S, seq: '10' };
    const held = [inv(10, 'i1', ['10']), err(11, 'i1')];
    expect(checkers(trace([['a', 1]], [...held, updating(T - 500), trim, { t: T + 500, type: 'config', changes: { BatchSize: 5 } }, on(T + 500)]))).toEqual([]);
    expect(checkers(trace([['a', 1]], [...held, trim, updating(T + 500), { t: T + 1500, type: 'config', changes: { BatchSize: 5 } }, on(T + 1500)]))).toEqual([]);
  });
  it('catches a record skipped at re-enable that retention had not trimmed', () => {
    const events = trace([['a', 1], ['a', 6]], [inv(2, 'i1', ['10']), ok(3, 'i1'), cp(3, '10'), off(4), on(8)]);
    expect(checkers(events)).toContain('conservation');
  });
});

describe('resume (C-2)', () => {
  const off = (t: number): TraceEvent => ({ t, type: 'state', state: 'Disabling' });
  const on = (t: number): TraceEvent => ({ t, type: 'state', state: 'Enabled' });
  // r0 is processed and checkpointed, the mapping is disabled and enabled again, then r1 arrives.
  const before = [inv(2, 'i1', ['10']), ok(3, 'i1'), cp(3, '10'), off(4), on(8)];
  it('accepts a re-enabled mapping that reads on after its checkpoint', () => {
    expect(checkers(trace([['a', 1], ['a', 6]], [...before, inv(9, 'i2', ['20']), ok(10, 'i2'), cp(10, '20')]))).toEqual([]);
  });
  it('catches a re-enabled mapping that starts over from the trim horizon, and tells the story', () => {
    const findings = checkTrace(trace([['a', 1], ['a', 6]], [...before, inv(9, 'i2', ['10', '20']), ok(10, 'i2'), cp(10, '20')]), config());
    expect(findings.map((f) => [f.checker, f.rule, f.records])).toEqual([['resume', 'C-2', [`${S}:10`]]]);
    expect(findings[0]!.story.map((s) => [s.kind, s.t])).toEqual([['let', 3], ['then', 4], ['then', 8], ['but', 9]]);
  });
  it('catches an attempt behind the checkpoint that Lambda throttled (D-1)', () => {
    const throttled: TraceEvent = { t: 9, type: 'throttle', shardId: S, lane: 0, records: ['10'] };
    expect(checkers(trace([['a', 1], ['a', 6]], [...before, throttled, inv(12, 'i2', ['20']), ok(13, 'i2'), cp(13, '20')]))).toEqual(['resume']);
  });
  it('leaves a delivery behind the checkpoint without a restart to the other checkers', () => {
    expect(checkers(trace([['a', 1]], [inv(2, 'i1', ['10']), ok(3, 'i1'), cp(3, '10'), inv(4, 'i2', ['10']), ok(5, 'i2')]))).not.toContain('resume');
  });
  it('judges each restart by the checkpoint it had then', () => {
    const second = [inv(9, 'i2', ['20']), ok(10, 'i2'), cp(10, '20'), off(11), on(15)];
    expect(checkers(trace([['a', 1], ['a', 6]], [...before, ...second, inv(16, 'i3', ['20']), ok(17, 'i3')]))).toEqual(['resume']);
  });
});

describe('configuration updates (A-20)', () => {
  const update: TraceEvent = { t: 20, type: 'config', changes: { BatchSize: 1 } };
  it('judges each batch by the configuration it started under', () => {
    const events = trace([['a', 1], ['b', 2], ['c', 3]], [inv(10, 'i1', ['10', '20']), ok(11, 'i1'), cp(11, '20'), update, inv(21, 'i2', ['30']), ok(22, 'i2'), cp(22, '30')]);
    expect(checkers(events, { BatchSize: 2 })).toEqual([]);
  });
  it('catches a batch over the updated BatchSize', () => {
    const events = trace([['a', 1], ['b', 2], ['c', 3]], [inv(10, 'i1', ['10']), ok(11, 'i1'), cp(11, '10'), update, inv(21, 'i2', ['20', '30']), ok(22, 'i2'), cp(22, '30')]);
    expect(checkers(events, { BatchSize: 2 })).toContain('batch-bounds');
  });
  it('owes nothing at the end of a run whose mapping was disabled and then updated: the update leaves it disabled (C-2)', () => {
    // r1 arrives while the mapping is off; the trace ends while (or just after) the update applies.
    const disabled: TraceEvent[] = [inv(10, 'i1', ['10']), ok(11, 'i1'), cp(11, '10'), { t: 15, type: 'state', state: 'Disabling' }, { t: 15, type: 'state', state: 'Disabled' }, { t: 18, type: 'state', state: 'Updating' }];
    expect(checkers(trace([['a', 1], ['a', 16]], disabled))).toEqual([]);
    expect(checkers(trace([['a', 1], ['a', 16]], [...disabled, { ...update, t: 19 }, { t: 19, type: 'state', state: 'Disabled' }]))).toEqual([]);
    // Updated while running, r1 is owed.
    expect(checkers(trace([['a', 1], ['a', 16]], [inv(10, 'i1', ['10']), ok(11, 'i1'), cp(11, '10'), { t: 18, type: 'state', state: 'Updating' }]))).toEqual(['conservation']);
  });
});

describe('several mappings on one stream (C-3)', () => {
  // Mapping A reads r0 and r1 and checkpoints r1; then mapping B, on its own, checkpoints r0.
  const stamped = (e: TraceEvent, mapping: string): TraceEvent => ({ ...e, mapping } as TraceEvent);
  const events = trace([['a', 1], ['b', 2]], [
    stamped({ t: 0, type: 'start', streamArn: STREAM, functionArn: FN, startingPosition: 'TRIM_HORIZON' }, 'B'),
    stamped(inv(10, 'a1', ['10', '20']), 'A'), stamped(ok(11, 'a1'), 'A'), stamped(cp(11, '20'), 'A'),
    stamped(inv(12, 'b1', ['10']), 'B'), stamped(ok(13, 'b1'), 'B'), stamped(cp(13, '10'), 'B'),
    stamped(inv(14, 'b2', ['20']), 'B'), stamped(ok(15, 'b2'), 'B'), stamped(cp(15, '20'), 'B'),
  ]).map((e) => (e.type === 'start' && e.mapping === undefined ? stamped(e, 'A') : e));
  it('judges each mapping on its own events, with its own checkpoints', () => {
    expect(checkRun({ trace: events, config: config({ BatchSize: 2 }), configs: { A: config({ BatchSize: 2 }), B: config({ BatchSize: 1 }) } }).findings).toEqual([]);
  });
  it('would see a checkpoint moving backward if the mappings were mixed up', () => {
    expect(checkers(events, { BatchSize: 2 })).toContain('checkpoint');
  });
  it('still catches a violation by one of them', () => {
    const bad = events.filter((e) => !(e.type === 'checkpoint' && e.mapping === 'B' && e.seq === '20'));
    const broken = [...bad.slice(0, -1), stamped({ t: 15, type: 'checkpoint', shardId: S, seq: '20' }, 'B'), bad[bad.length - 1]!]
      .map((e) => (e.type === 'invoke' && e.id === 'b2' ? { ...e, records: ['20', '10'] } : e));
    expect(checkRun({ trace: broken, config: config(), configs: { A: config({ BatchSize: 2 }), B: config({ BatchSize: 1 }) } }).findings.map((f) => f.checker)).toContain('batch-bounds');
  });
});

describe('filtering (I-3, B-5) and conservation of filtered records', () => {
  const FILTERS = { FilterCriteria: { Filters: [{ Pattern: '{"data":{"kind":["shipped"]}}' }] } };
  const filter = (t: number, records: string[]): TraceEvent => ({ t, type: 'filter', shardId: S, records });

  it('accepts a record filtered out, never delivered, and passed by the checkpoint', () => {
    const events = trace([['a', 1], ['a', 2]], [filter(10, ['10']), inv(10, 'i1', ['20']), ok(11, 'i1'), cp(11, '20')]);
    expect(checkers(events, FILTERS)).toEqual([]);
  });

  it('catches a record delivered after it was filtered out', () => {
    const events = trace([['a', 1], ['a', 2]], [filter(10, ['10']), inv(10, 'i1', ['10', '20']), ok(11, 'i1'), cp(11, '20')]);
    const found = checkTrace(events, config(FILTERS)).filter((f) => f.checker === 'filtering');
    expect(found.map((f) => [f.rule, f.records])).toEqual([['I-3', [`${S}:10`]]]);
  });

  it('catches a filter event naming a record never put on its shard', () => {
    const events = trace([['a', 1]], [filter(10, ['10', '99']), cp(10, '10')]);
    expect(checkTrace(events, config(FILTERS)).filter((f) => f.checker === 'filtering').map((f) => f.rule)).toEqual(['B-5']);
  });

  it('catches records reported as filtered out by a mapping without filters (I-1: every record passes)', () => {
    const events = trace([['a', 1], ['a', 2]], [filter(10, ['10', '20']), cp(10, '20')]);
    const found = checkTrace(events, config()).filter((f) => f.checker === 'filtering');
    expect(found.map((f) => [f.rule, f.records])).toEqual([['I-1', [`${S}:10`, `${S}:20`]]]);
  });

  it('reports a record the checkpoint passed without a delivery or a filter event as lost', () => {
    const events = trace([['a', 1], ['a', 2]], [inv(10, 'i1', ['20']), ok(11, 'i1'), cp(11, '20')]);
    expect(checkers(events, FILTERS)).toContain('conservation');
  });
});

describe('filtering judged on the data a trace records (I-1, I-4)', () => {
  const FILTERS = { FilterCriteria: { Filters: [{ Pattern: '{"data":{"kind":["shipped"]}}' }] } };
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  /** r0 is shipped, r1 late, r2 not JSON: with data recorded on every put. */
  const withData = (steps: TraceEvent[]) => trace([['a', 1], ['a', 2], ['a', 3]], steps).map((e) => {
    if (e.type !== 'put') return e;
    return { ...e, data: b64(({ r0: '{"kind":"shipped"}', r1: '{"kind":"late"}', r2: 'not json' } as Record<string, string>)[e.rid]!) };
  });
  const filter = (t: number, records: string[]): TraceEvent => ({ t, type: 'filter', shardId: S, records });
  const filtering = (events: TraceEvent[], patch: EsmRequest = FILTERS) => checkTrace(events, config(patch)).filter((f) => f.checker === 'filtering');

  it('accepts the filters applied as their patterns say: a match delivered, the rest (data not JSON too) filtered out', () => {
    expect(filtering(withData([filter(10, ['20', '30']), inv(10, 'i1', ['10']), ok(11, 'i1'), cp(11, '30')]))).toEqual([]);
  });

  it('catches a mapping that ignores its filters and delivers every record', () => {
    const found = filtering(withData([inv(10, 'i1', ['10', '20', '30']), ok(11, 'i1'), cp(11, '30')]));
    expect(found.map((f) => [f.rule, f.records])).toEqual([['I-1', [`${S}:20`]], ['I-1', [`${S}:30`]]]);
    expect(found[0]!.story.map((l) => l.what).join(' / ')).toMatch(/put with data "\{\\"kind\\":\\"late\\"\}".*none of which matches that data.*invocation i1 delivered it/);
  });

  it('catches a record filtered out though its data matches a filter (lost, though accounted for)', () => {
    const found = filtering(withData([filter(10, ['10', '20', '30']), cp(10, '30')]));
    expect(found.map((f) => [f.rule, f.records, f.summary])).toEqual([['I-1', [`${S}:10`], 'r0 was filtered out, though its data matches the mapping\'s filters']]);
  });

  it('judges no DynamoDB record on its data: its filters see the whole stream record', () => {
    const ddb = { EventSourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000' };
    const events = withData([inv(10, 'i1', ['10', '20', '30']), ok(11, 'i1'), cp(11, '30')]).map((e) => (e.type === 'start' ? { ...e, streamArn: ddb.EventSourceArn } : e));
    expect(filtering(events, { ...FILTERS, ...ddb })).toEqual([]);
  });

  it('judges nothing on content where the trace records no data', () => {
    expect(filtering(trace([['a', 1], ['a', 2]], [filter(10, ['10']), inv(10, 'i1', ['20']), ok(11, 'i1'), cp(11, '20')]))).toEqual([]);
  });

  it('does not judge a delivery by filters that took effect after the record was put (it may have been read before)', () => {
    const events = withData([inv(1, 'i0', ['10']), ok(2, 'i0'), cp(2, '10'), { t: 3.5, type: 'config', changes: FILTERS }, inv(5, 'i1', ['20', '30']), ok(6, 'i1'), cp(6, '30')]);
    expect(filtering(events.map((e) => (e.type === 'config' ? { ...e, t: 0.5 } : e)).sort((a, b) => a.t - b.t), {}).map((f) => f.records)).toEqual([[`${S}:20`], [`${S}:30`]]); // in force from before the puts: judged
    expect(filtering(events, {})).toEqual([]);
  });
});

describe('a record filtered out, then delivered under other filters (A-20, I-3)', () => {
  it('is not resolved by the old filter: failing and passed by the checkpoint, it is lost', () => {
    const F1 = { Filters: [{ Pattern: '{"data":{"kind":["shipped"]}}' }] };
    const F2 = { Filters: [{ Pattern: '{"data":{"kind":["lost"]}}' }] };
    const events = trace([['a', 1], ['a', 2]], [
      { t: 10, type: 'filter', shardId: S, records: ['10'] }, inv(10, 'i1', ['20']), ok(11, 'i1'),
      { t: 20, type: 'config', changes: { FilterCriteria: F2 } },
      inv(30, 'i2', ['10']), err(31, 'i2'), cp(32, '20'),
    ]);
    const found = checkTrace(events, config({ FilterCriteria: F1 }));
    expect(found.map((f) => f.checker)).toEqual(expect.arrayContaining(['conservation', 'checkpoint']));
    expect(found.some((f) => f.checker === 'filtering')).toBe(false); // delivered under other filters: no I-3 violation
  });
});

describe('batch-bounds B-4 with ParallelizationFactor > 1 (G-3)', () => {
  /** Lane 0 holds key a, lane 1 key b. r0 (a) is invoked at 5.5 MB; the shard's next record r1 is b's, small; lane 0's next, r2, is 700 KB. */
  function lanes(nextOfLaneBytes: number): TraceEvent[] {
    const put = (t: number, rid: string, seq: string, key: string, bytes: number): TraceEvent => ({ t, type: 'put', rid, shardId: S, seq, partitionKey: key, bytes });
    return [
      { t: 0, type: 'start', streamArn: STREAM, functionArn: FN, startingPosition: 'TRIM_HORIZON' },
      put(1, 'r0', '10', 'a', 4_100_000), put(2, 'r1', '20', 'b', 10), put(3, 'r2', '30', 'a', nextOfLaneBytes),
      // Lane 0 invokes at once, as full; lane 1 and lane 0's next batch wait out the 5 s window.
      { t: 10, type: 'invoke', id: 'i0', shardId: S, lane: 0, records: ['10'], bytes: 5_500_000 }, ok(11, 'i0'),
      { t: 5_000, type: 'invoke', id: 'i1', shardId: S, lane: 1, records: ['20'], bytes: 600 }, ok(5_001, 'i1'),
      { t: 5_011, type: 'invoke', id: 'i2', shardId: S, lane: 0, records: ['30'], bytes: 1_000_000 }, ok(5_012, 'i2'), cp(5_012, '30'),
      { t: 5_013, type: 'end', reason: 'quiescent' },
    ];
  }

  it('judges a batch full by its own lane\'s next record, not the shard\'s', () => {
    expect(checkTrace(lanes(700_000), config({ ParallelizationFactor: 2, MaximumBatchingWindowInSeconds: 5 })).filter((f) => f.rule === 'B-4')).toEqual([]);
  });

  it('still catches a batch that did not wait though its lane\'s next record would have fitted', () => {
    expect(checkTrace(lanes(10), config({ ParallelizationFactor: 2, MaximumBatchingWindowInSeconds: 5 })).filter((f) => f.rule === 'B-4').length).toBeGreaterThan(0);
  });
});

describe('per-key order around a FilterCriteria update (I-3, A-20, Q-2)', () => {
  it('takes a record filtered out as resolved until it is read again under other filters', () => {
    const F1 = { Filters: [{ Pattern: '{"data":{"kind":["shipped"]}}' }] };
    // r1 (key a) is filtered out; r0 (key b) and r2 (key a) fail together; the filters are cleared,
    // and the mapping reads from its checkpoint again: r1 now passes and is delivered after r2's first delivery.
    const events = trace([['b', 1], ['a', 2], ['a', 3]], [
      { t: 10, type: 'filter', shardId: S, records: ['20'] }, inv(10, 'i1', ['10', '30']), err(11, 'i1'),
      { t: 20, type: 'config', changes: { FilterCriteria: { Filters: [] } } },
      inv(30, 'i2', ['10', '20', '30']), ok(31, 'i2'), cp(31, '30'),
    ]);
    expect(checkTrace(events, config({ FilterCriteria: F1 })).filter((f) => f.checker === 'per-key-order')).toEqual([]);
  });
});

describe('batch-bounds B-4 across a ParallelizationFactor update (G-5, A-20)', () => {
  it('does not take a key\'s lane under the old PF for its lane under the new one', () => {
    const put = (t: number, rid: string, seq: string, key: string, bytes: number): TraceEvent => ({ t, type: 'put', rid, shardId: S, seq, partitionKey: key, bytes });
    const events: TraceEvent[] = [
      { t: 0, type: 'start', streamArn: STREAM, functionArn: FN, startingPosition: 'TRIM_HORIZON' },
      put(1, 'r0', '10', 'b', 10),
      { t: 10, type: 'invoke', id: 'i0', shardId: S, lane: 0, records: ['10'], bytes: 600 }, ok(11, 'i0'), cp(11, '10'), // PF 1: b in lane 0
      { t: 20, type: 'config', changes: { ParallelizationFactor: 2, MaximumBatchingWindowInSeconds: 5 } },
      put(21, 'r1', '20', 'a', 4_100_000), put(22, 'r2', '30', 'b', 10), put(23, 'r3', '40', 'a', 700_000),
      // PF 2: a in lane 0, b in lane 1. Lane 0 goes at once, full by its own next record r3; r2 is lane 1's.
      { t: 30, type: 'invoke', id: 'i1', shardId: S, lane: 0, records: ['20'], bytes: 5_500_000 }, ok(31, 'i1'),
      { t: 5_020, type: 'invoke', id: 'i2', shardId: S, lane: 1, records: ['30'], bytes: 600 }, ok(5_021, 'i2'),
      { t: 5_031, type: 'invoke', id: 'i3', shardId: S, lane: 0, records: ['40'], bytes: 1_000_000 }, ok(5_032, 'i3'), cp(5_032, '40'),
      { t: 5_033, type: 'end', reason: 'quiescent' },
    ];
    expect(checkTrace(events, config()).filter((f) => f.rule === 'B-4')).toEqual([]);
  });
});

describe('batch-bounds B-4 across a filter update (I-3, A-20)', () => {
  const put = (t: number, rid: string, seq: string, bytes: number): TraceEvent => ({ t, type: 'put', rid, shardId: S, seq, partitionKey: 'a', bytes });
  const FILTERED = { FilterCriteria: { Filters: [{ Pattern: '{"data":{"kind":["shipped"]}}' }] }, BatchSize: 3, MaximumBatchingWindowInSeconds: 300 };
  // r1 is filtered out and r0 waits for the window; an update clears the filters and restarts the reading, which now queues r1 behind r0.
  const events = (second: TraceEvent[]): TraceEvent[] => [
    { t: 0, type: 'start', streamArn: STREAM, functionArn: FN, startingPosition: 'TRIM_HORIZON' },
    put(1, 'r0', '10', 10), put(2, 'r1', '20', 4_800_000),
    { t: 10, type: 'filter', shardId: S, records: ['20'] },
    ...second,
    // r0 alone at once: r1, read again, would not have fitted beside it (B-7).
    { t: 21, type: 'invoke', id: 'i1', shardId: S, lane: 0, records: ['10'], bytes: 600 }, ok(22, 'i1'), cp(22, '10'),
    // r1 waits for the window; a second update sets the filters again, and the restart filters r1 out again.
    { t: 100, type: 'state', state: 'Updating' }, { t: 101, type: 'config', changes: FILTERED }, { t: 101, type: 'state', state: 'Enabled' },
    { t: 101, type: 'filter', shardId: S, records: ['20'] }, cp(101, '20'),
    { t: 102, type: 'end', reason: 'quiescent' },
  ];
  const update: TraceEvent[] = [{ t: 20, type: 'state', state: 'Updating' }, { t: 21, type: 'config', changes: { FilterCriteria: { Filters: [] } } }, { t: 21, type: 'state', state: 'Enabled' }];
  it('takes a record filtered out before an update as one the restart may have read again', () => {
    expect(checkTrace(events(update), config(FILTERED)).filter((f) => f.rule === 'B-4')).toEqual([]);
  });
  it('still holds a batch to the window when no update came between', () => {
    expect(checkTrace(events([]), config(FILTERED)).filter((f) => f.rule === 'B-4')).toHaveLength(1);
  });
});

describe('starting-position (C-1)', () => {
  /** r0 put at t=1, r1 at t=9; the mapping starts at t=5 with `position`, then one invocation delivers both. */
  const run = (position: 'LATEST' | 'TRIM_HORIZON', records = ['10', '20']) => {
    const events = trace([['a', 1], ['a', 9]], [inv(10, 'i1', records), ok(11, 'i1'), cp(11, '20')]).map((e) =>
      e.type === 'start' ? { ...e, t: 5, startingPosition: position } : e,
    );
    return checkers(events.sort((a, b) => a.t - b.t), { StartingPosition: position });
  };
  it('catches a LATEST mapping delivering a record put before it started', () => expect(run('LATEST')).toContain('starting-position'));
  it('accepts a LATEST mapping delivering only what came after', () => expect(run('LATEST', ['20'])).not.toContain('starting-position'));
  it('accepts the backlog under TRIM_HORIZON', () => expect(run('TRIM_HORIZON')).toEqual([]));
});
