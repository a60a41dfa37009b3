import { describe, expect, it } from 'vitest';
import { iteratorAges, maxIteratorAges } from './iteratorAge.ts';
import type { TraceEvent } from './TraceEvent.ts';

const put = (t: number, shardId: string, seq: string): TraceEvent => ({ t, type: 'put', rid: `r${seq}`, shardId, seq, partitionKey: 'k', bytes: 1 });
const invoke = (t: number, id: string, shardId: string, records: string[]): TraceEvent => ({ t, type: 'invoke', id, shardId, records, bytes: 1 });
const result = (t: number, id: string, outcome: 'return' | 'error' | 'timeout' = 'return'): TraceEvent => ({ t, type: 'result', id, outcome });

describe('iteratorAges (J-5)', () => {
  it("is the age of the batch's last record when its invocation ends, whatever the outcome", () => {
    const trace = [
      put(1_000, 'A', '10'), put(2_000, 'A', '20'), put(2_500, 'B', '5'),
      invoke(3_000, 'i1', 'A', ['10', '20']), invoke(3_100, 'i2', 'B', ['5']),
      result(3_500, 'i1'), result(9_100, 'i2', 'timeout'),
      invoke(10_000, 'i3', 'A', ['10', '20']), result(10_040, 'i3', 'error'),
    ];
    expect(iteratorAges(trace).map((s) => [s.id, s.shardId, s.t, s.ageMs])).toEqual([
      ['i1', 'A', 3_500, 1_500], // 3,500 - 2,000: the last record's arrival, not the first's
      ['i2', 'B', 9_100, 6_600],
      ['i3', 'A', 10_040, 8_040],
    ]);
    expect(maxIteratorAges(trace)).toEqual({ A: 8_040, B: 6_600 });
  });

  it("pairs each result with its own mapping's invocation when two mappings use one id", () => {
    const trace: TraceEvent[] = [
      put(0, 'S1', '1'), put(0, 'S2', '1'),
      { t: 100, type: 'invoke', mapping: 'M1', id: '1', shardId: 'S1', records: ['1'], bytes: 1 },
      { t: 100, type: 'invoke', mapping: 'M2', id: '1', shardId: 'S2', records: ['1'], bytes: 1 },
      { t: 200, type: 'result', mapping: 'M1', id: '1', outcome: 'return' },
      { t: 90_000, type: 'result', mapping: 'M2', id: '1', outcome: 'return' },
    ];
    expect(iteratorAges(trace).map((s) => [s.mapping, s.shardId, s.ageMs])).toEqual([['M1', 'S1', 200], ['M2', 'S2', 90_000]]);
  });

  it('has no sample for an invocation that never ended, carried no records, or holds a record never put', () => {
    const trace = [
      put(0, 'A', '1'),
      invoke(100, 'running', 'A', ['1']),
      invoke(200, 'final', 'A', []), result(210, 'final'),
      invoke(300, 'stranger', 'A', ['99']), result(310, 'stranger'),
    ];
    expect(iteratorAges(trace)).toEqual([]);
    expect(maxIteratorAges(trace)).toEqual({});
  });
});
