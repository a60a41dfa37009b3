import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../kinesis/Shard.ts';
import { RecordQueue } from './RecordQueue.ts';

const rec = (i: number) => ({ rid: `r${i}` }) as StreamRecord;

describe('RecordQueue', () => {
  it('behaves as a FIFO of (record, place) pairs under any mix of runs pushed, reads and takes, within and across runs', () => {
    const op = fc.oneof(
      fc.record({ push: fc.nat(12), consecutive: fc.boolean() }),
      fc.record({ take: fc.nat(15) }),
      fc.record({ at: fc.nat(30) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const queue = new RecordQueue();
      const model: Array<{ record: StreamRecord; place: number }> = [];
      let next = 0;
      for (const o of ops) {
        if ('push' in o) {
          const records = Array.from({ length: o.push }, (_, i) => rec(next + i));
          // Places in read order: consecutive, or with gaps (other lanes' records) when given one by one.
          const places = records.map((_, i) => 3 * (next + i));
          queue.push(records, o.consecutive ? 3 * next : places);
          records.forEach((record, i) => model.push({ record, place: o.consecutive ? 3 * next + i : places[i]! }));
          next += o.push;
        } else if ('take' in o) {
          if (o.take > model.length) {
            expect(() => queue.take(o.take)).toThrow(RangeError);
            continue;
          }
          const expected = model.splice(0, o.take);
          const got = queue.take(o.take);
          expect(got.records).toEqual(expected.map((e) => e.record));
          expect(got.places).toEqual(expected.map((e) => e.place));
        } else if (o.at < model.length) expect(queue.at(o.at)).toBe(model[o.at]!.record);
        else expect(() => queue.at(o.at)).toThrow(RangeError);
        expect(queue.length).toBe(model.length);
      }
    }));
  });

  it('refuses a run whose places do not match its records', () => {
    expect(() => new RecordQueue().push([rec(0), rec(1)], [0])).toThrow(RangeError);
  });
});
