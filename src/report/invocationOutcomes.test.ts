/**
 * The timeline colours a bar as the classification table takes the result
 * (E-1, E-4, E-5), not by the look of the body: these traces are written by
 * hand, and the expected colours are the table's rows, not the code's.
 */
import { describe, expect, it } from 'vitest';
import type { EsmRequest } from '../esm/EsmConfig.ts';
import { handConfig } from '../testing/handConfig.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import { invocationOutcomes } from './invocationOutcomes.ts';
import { renderTimeline } from './svgTimeline.ts';

const STREAM = 'arn:aws:kinesis:us-east-1:123456789012:stream/s';
const S = 'shardId-000000000000';
const RED = '#c62828';
const AMBER = '#ef8f00';
const GREEN = '#2e7d32';

const config = (patch: EsmRequest = {}) => handConfig(STREAM, patch);

/** Two records, one invocation of both that returns `response`. */
function traceReturning(response: unknown): TraceEvent[] {
  return [
    { t: 0, type: 'start', streamArn: STREAM, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', startingPosition: 'TRIM_HORIZON' },
    { t: 1, type: 'put', rid: 'r0', shardId: S, seq: '10', partitionKey: 'a', bytes: 1 },
    { t: 1, type: 'put', rid: 'r1', shardId: S, seq: '20', partitionKey: 'a', bytes: 1 },
    { t: 10, type: 'invoke', id: 'i1', shardId: S, lane: 0, records: ['10', '20'], bytes: 2 },
    { t: 20, type: 'result', id: 'i1', outcome: 'return', response },
    { t: 21, type: 'end', reason: 'quiescent' },
  ];
}

const ON = { FunctionResponseTypes: ['ReportBatchItemFailures'] };
/** The fill of the one bar drawn. */
const fillOf = (svg: string) => /<g class="bar [^"]*"><title>[^<]*<\/title><rect [^>]*fill="([^"]+)"/.exec(svg)?.[1];

describe('invocation outcomes in the timeline', () => {
  it.each([
    ['E-5: an empty itemIdentifier fails the whole batch', { batchItemFailures: [{ itemIdentifier: '' }] }, ON, 'failure', RED],
    ['E-5: an item without itemIdentifier fails the whole batch', { batchItemFailures: [{ foo: null }] }, ON, 'failure', RED],
    ['E-5: an identifier not in the batch fails the whole batch', { batchItemFailures: [{ itemIdentifier: '99' }] }, ON, 'failure', RED],
    ['a failure at 20 is partial', { batchItemFailures: [{ itemIdentifier: '20' }] }, ON, 'partial', AMBER],
    ['E-1: without the opt-in the body is ignored', { batchItemFailures: [{ itemIdentifier: '20' }] }, {}, 'success', GREEN],
    ['E-4: an empty list is a success', { batchItemFailures: [] }, ON, 'success', GREEN],
  ])('%s', (_, response, patch, outcome, fill) => {
    const trace = traceReturning(response);
    const outcomes = invocationOutcomes(trace, { config: config(patch) });
    expect(outcomes).toEqual({ i1: outcome });
    expect(fillOf(renderTimeline(trace, outcomes))).toBe(fill);
  });

  it('follows the configuration of each mapping when several read the stream (C-3)', () => {
    const trace = traceReturning({ batchItemFailures: [{ itemIdentifier: '20' }] }).map((e) => (e.type === 'invoke' || e.type === 'result' ? { ...e, mapping: 'm2' } : e)) as TraceEvent[];
    expect(invocationOutcomes(trace, { configs: { m1: config(), m2: config(ON) } })).toEqual({ i1: 'partial' });
    expect(invocationOutcomes(trace, { configs: { m1: config(ON), m2: config() } })).toEqual({ i1: 'success' });
  });

  it('knows nothing without a configuration, and the bar is then read from the result alone', () => {
    const trace = traceReturning({ batchItemFailures: [{ itemIdentifier: '20' }] });
    expect(invocationOutcomes(trace, {})).toBeUndefined();
    expect(fillOf(renderTimeline(trace))).toBe(AMBER);
  });
});
