import { describe, expect, it } from 'vitest';
import { FIREHOSE_DIALECT, KDA_DIALECT, ScriptedAckFunction, type AckAction } from './AckScript.ts';

const records = [{ rid: 'o0', recordId: 'id-0' }, { rid: 'o1', recordId: 'id-1' }];

function answerFor(action: AckAction) {
  return new ScriptedAckFunction({ baseMs: 5, rules: [{ match: { rids: ['o1'] }, action }] }, KDA_DIALECT).decide(records);
}

describe('scripted ack functions', () => {
  it.each([
    ['fail', [{ recordId: 'id-1', result: 'DeliveryFailed' }]],
    ['drop', [{ recordId: 'id-1', result: 'Dropped' }]],
    ['omit', []],
    ['duplicate', [{ recordId: 'id-1', result: 'Ok' }, { recordId: 'id-1', result: 'Ok' }]],
    ['invent', [{ recordId: 'invented-id-1', result: 'Ok' }]],
    ['noResult', [{ recordId: 'id-1' }]],
    ['noId', [{ result: 'Ok' }]],
    ['wrongCase', [{ recordId: 'id-1', result: 'ok' }]],
  ] as const)('%s answers o1 with %j and o0 with Ok', (action, o1) => {
    expect(answerFor(action)).toEqual({ outcome: 'return', durationMs: 5, response: { records: [{ recordId: 'id-0', result: 'Ok' }, ...o1] } });
  });

  it('asyncMap (P-3) answers every record with {}', () => {
    expect(answerFor('asyncMap')).toEqual({ outcome: 'return', durationMs: 5, response: { records: [{}, {}] } });
  });

  it('throw and timeout spoil the whole invocation', () => {
    expect(answerFor('throw')).toEqual({ outcome: 'error', error: 'Error: poison record o1', durationMs: 5 });
    expect(answerFor('timeout')).toEqual({ outcome: 'timeout' });
  });

  it('a rule with times k is active for the first k deliveries only', () => {
    const fn = new ScriptedAckFunction({ rules: [{ match: { rids: ['o0'] }, action: 'fail', times: 2 }] }, FIREHOSE_DIALECT);
    const results = [1, 2, 3].map(() => (fn.decide([records[0]!]) as { response: { records: Array<{ result: string }> } }).response.records[0]!.result);
    expect(results).toEqual(['ProcessingFailed', 'ProcessingFailed', 'Ok']);
  });

  it('the Firehose dialect returns data with every entry', () => {
    const d = new ScriptedAckFunction({}, FIREHOSE_DIALECT).decide([records[0]!]);
    expect(d).toEqual({ outcome: 'return', durationMs: 10, response: { records: [{ recordId: 'id-0', result: 'Ok', data: 'aWQtMA==' }] } });
  });
});
