import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../kinesis/Shard.ts';
import { ScriptedFunction } from './Behaviour.ts';

const record = (rid: string, partitionKey: string, seq: string): StreamRecord =>
  ({ shardId: 'shardId-000000000000', sequenceNumber: seq, partitionKey, data: { size: 1 }, bytes: 1, arrivalMs: 0, rid });

describe('ScriptedFunction', () => {
  const batch = [record('r0', 'a', '10'), record('r1', 'b', '20'), record('r2', 'a', '30')];

  it('reports every failing record of a retried batch, delivery after delivery', () => {
    const fn = new ScriptedFunction({ baseMs: 5, perRecordMs: 2, rules: [{ match: { partitionKeys: ['a'] }, action: 'reportFailure' }] });
    for (let delivery = 0; delivery < 3; delivery++) {
      expect(fn.decide(batch)).toEqual({ outcome: 'return', durationMs: 11, response: { batchItemFailures: [{ itemIdentifier: '10' }, { itemIdentifier: '30' }] } });
    }
  });

  it('stops a `times` rule after that many deliveries of the same batch', () => {
    const fn = new ScriptedFunction({ rules: [{ match: { rids: ['r1'] }, action: 'throw', times: 2 }, { match: { rids: ['r2'] }, action: 'reportFailure' }] });
    const outcomes = Array.from({ length: 4 }, () => fn.decide(batch));
    expect(outcomes.map((d) => d.outcome)).toEqual(['error', 'error', 'return', 'return']);
    expect(outcomes[3]).toEqual({ outcome: 'return', durationMs: 10, response: { batchItemFailures: [{ itemIdentifier: '30' }] } });
  });

  it('counts deliveries for every record any `times` rule reads, across rules', () => {
    const fn = new ScriptedFunction({ rules: [{ match: { rids: ['r2'] }, action: 'throw', times: 2 }, { match: { rids: ['r0'] }, action: 'throw', times: 1 }] });
    expect(Array.from({ length: 4 }, () => fn.decide(batch).outcome)).toEqual(['error', 'error', 'return', 'return']);
  });

  it('gives a retry of the same batch the very same decision, and another batch of the same size its own', () => {
    const fn = new ScriptedFunction({ rules: [{ match: { rids: ['r0'] }, action: 'reportFailure' }] });
    const first = fn.decide(batch);
    expect(fn.decide(batch)).toBe(first); // the response object is shared, so a classification memo can know it again
    const other = [record('r3', 'b', '40'), record('r4', 'b', '50'), record('r5', 'b', '60')];
    expect(fn.decide(other)).toEqual({ outcome: 'return', durationMs: 10, response: null });
    expect(fn.decide([...batch])).toEqual(first); // a copy is matched afresh, with the same result
  });

  it('B-7: a `respond` rule whose JSON passes 6,291,556 bytes (UTF-8) is the function error Lambda makes of it', () => {
    const decide = (response: string) => new ScriptedFunction({ rules: [{ match: { rids: ['r0'] }, action: 'respond', response }] }).decide(batch);
    const tooLarge = { outcome: 'error', durationMs: 10, error: 'Function.ResponseSizeTooLarge: Response payload size exceeded maximum allowed payload size (6291556 bytes).' };
    // A string's JSON is its bytes and two quotes: 6,291,554 ASCII characters make exactly the limit.
    expect(decide('x'.repeat(6_291_554)).outcome).toBe('return');
    expect(decide('x'.repeat(6_291_555))).toEqual(tooLarge);
    // Counted in UTF-8 bytes, not characters: 'é' takes two.
    expect(decide('é'.repeat(3_145_777)).outcome).toBe('return');
    expect(decide('é'.repeat(3_145_778))).toEqual(tooLarge);
  });

  it('B-7: checks a windowed `respond` rule\'s failures again once its window state is added (H-3)', () => {
    // `{"batchItemFailures":["x…x"]}` is 26 bytes and its string: exactly the limit without a window.
    const response = { batchItemFailures: ['x'.repeat(6_291_556 - 26)] };
    const fn = () => new ScriptedFunction({ rules: [{ match: { rids: ['r0'] }, action: 'respond', response }] });
    expect(fn().decide(batch).outcome).toBe('return');
    const window = { start: 0, end: 60_000, state: {}, final: false, terminatedEarly: false };
    expect(fn().decide(batch, window)).toMatchObject({ outcome: 'error', error: expect.stringMatching(/^Function\.ResponseSizeTooLarge: /) });
    // A smaller one keeps its failures and gains the state.
    const small = new ScriptedFunction({ rules: [{ match: { rids: ['r0'] }, action: 'respond', response: { batchItemFailures: [{ itemIdentifier: '10' }] } }] });
    expect(small.decide(batch, window)).toMatchObject({ outcome: 'return', response: { state: { records: 2 }, batchItemFailures: [{ itemIdentifier: '10' }] } });
  });
});
