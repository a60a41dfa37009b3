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
});
