import { describe, expect, it } from 'vitest';
import type { KinesisStreamEvent } from 'aws-lambda';
import { eventWindow } from './eventWindow.ts';

const ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/s';
const SHARD = 'shardId-000000000000';
/** A well-formed windowed event (H-9), with `over` replacing or adding fields. */
const event = (over: Record<string, unknown> = {}) => ({
  Records: [], window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:06:00Z' }, state: { n: 1 }, shardId: SHARD, eventSourceARN: ARN,
  isFinalInvokeForWindow: true, isWindowTerminatedEarly: false, ...over,
}) as unknown as KinesisStreamEvent;

describe('eventWindow: the tumbling-window fields of a poller\'s event (H-9)', () => {
  it('reads the bounds of the guide\'s example as epoch ms, with the state and flags as given', () => {
    expect(eventWindow(event(), SHARD, ARN)).toEqual({ window: { start: 1607497440000, end: 1607497560000, state: { n: 1 }, final: true, terminatedEarly: false } });
  });

  it('takes milliseconds in the bounds, as a poller writing toISOString() has them', () => {
    const read = eventWindow(event({ window: { start: '2020-12-09T07:04:00.000Z', end: '2020-12-09T07:04:00.5Z' } }), SHARD, ARN);
    expect(read).toMatchObject({ window: { start: 1607497440000, end: 1607497440500 } });
  });

  it('gives no window for an event without any of the fields, or with them undefined, which JSON leaves out (the checker judges whether it should have had one)', () => {
    expect(eventWindow({ Records: [] }, SHARD, ARN)).toEqual({ window: undefined });
    expect(eventWindow({ Records: [], window: undefined, state: undefined } as unknown as KinesisStreamEvent, SHARD, ARN)).toEqual({ window: undefined });
  });

  it('takes +00:00 for Z, and a fraction finer than milliseconds, cut to milliseconds', () => {
    const read = eventWindow(event({ window: { start: '2020-12-09T07:04:00+00:00', end: '2020-12-09T07:04:00.123456Z' } }), SHARD, ARN);
    expect(read).toMatchObject({ window: { start: 1607497440000, end: 1607497440123 } });
  });

  it('keeps the state as the function got it, through JSON: a copy the poller cannot change afterwards', () => {
    const state = { n: 1, seen: ['a'] };
    const read = eventWindow(event({ state }), SHARD, ARN);
    state.seen.push('b');
    expect('window' in read && read.window?.state).toEqual({ n: 1, seen: ['a'] });
  });

  it('keeps a state past 6 MB as it was sent: the size of a request is `batch-bounds`\' to judge (B-7), not a malformed event', () => {
    const state = { s: 'x'.repeat(6_300_000) };
    expect(eventWindow(event({ state }), SHARD, ARN)).toMatchObject({ window: { state } });
  });

  it.each([
    ['a date that does not exist', { window: { start: '2021-02-29T00:00:00Z', end: '2021-03-01T00:00:00Z' } }, /whose window .*not \{start, end\} as ISO-8601 UTC times$/],
    ['a time with an offset, not UTC', { window: { start: '2020-12-09T07:04:00+01:00', end: '2020-12-09T07:06:00Z' } }, /not \{start, end\} as ISO-8601 UTC times$/],
    ['bounds as epoch ms', { window: { start: 1607497440000, end: 1607497560000 } }, /not \{start, end\} as ISO-8601 UTC times$/],
    ['an end before the start', { window: { start: '2020-12-09T07:06:00Z', end: '2020-12-09T07:04:00Z' } }, /which does not end after it starts$/],
    ['an end at the start', { window: { start: '2020-12-09T07:04:00Z', end: '2020-12-09T07:04:00Z' } }, /which does not end after it starts$/],
    ['a state that JSON makes a string (a Date)', { state: new Date(0) }, /whose state "1970-01-01T00:00:00.000Z", not an object/],
    ['a state with no JSON (a BigInt)', { state: { n: 1n } }, /whose state an object with no JSON, not an object/],
    ['no state', { state: undefined }, /whose state undefined \(missing\), not an object/],
    ['a state that is an array', { state: [] }, /whose state \[\], not an object/],
    ['a flag given as text', { isFinalInvokeForWindow: 'true' }, /whose isFinalInvokeForWindow "true", not true or false$/],
    ['another shard', { shardId: 'shardId-000000000001' }, /whose shardId "shardId-000000000001", though it invoked for shardId-000000000000$/],
    ['no eventSourceARN', { eventSourceARN: undefined }, /whose eventSourceARN undefined \(missing\), not the stream's ARN arn:aws:kinesis/],
  ])('faults %s', (_, over, message) => {
    const read = eventWindow(event(over), SHARD, ARN);
    expect('fault' in read && read.fault).toMatch(/^invoked the function with a tumbling-window event \(H-9\) /);
    expect('fault' in read && read.fault).toMatch(message);
  });
});
