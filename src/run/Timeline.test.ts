import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { scheduleActions, seriesOrder } from './Timeline.ts';

describe('the workload timeline', () => {
  it('runs actions in time order; at equal times reshardings (rank 0), then lifecycle (1), then puts, each in workload order', async () => {
    const clock = new VirtualClock({});
    const ran: string[] = [];
    const act = (name: string, at: number, rank: number) => ({ at, rank, run: () => ran.push(`${name}@${clock.now - DEFAULT_EPOCH_MS}`) });
    const puts = [{ name: 'put1', at: 5 }, { name: 'put2', at: 5 }, { name: 'early', at: 1 }, { name: 'late', at: 9 }];
    const series = { count: puts.length, at: (i: number) => puts[i]!.at, run: (i: number) => ran.push(`${puts[i]!.name}@${clock.now - DEFAULT_EPOCH_MS}`) };
    const timeline = scheduleActions([act('enable', 5, 1), act('disable', 5, 1), act('split', 5, 0), act('merge', 3, 0)], clock, series);
    expect(timeline.lastAt).toBe(9);
    await clock.run(() => timeline.done());
    expect(ran).toEqual(['early@1', 'merge@3', 'split@5', 'enable@5', 'disable@5', 'put1@5', 'put2@5', 'late@9']);
    clock.dispose();
  });
});

describe('seriesOrder', () => {
  const orderOf = (times: number[]) => seriesOrder({ count: times.length, at: (i) => times[i]!, run: () => {} });
  const stableSort = (times: number[]) => times.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);

  test.prop([fc.array(fc.oneof(fc.integer({ min: -5, max: 50 }), fc.integer({ min: 0, max: 2 ** 50 }), fc.double({ min: 0, max: 50, noNaN: true })), { maxLength: 60 })])(
    'gives the indexes in time order, equal times in series order, or nothing when they already are',
    (times) => {
      const order = orderOf(times);
      const expected = stableSort(times);
      if (order === undefined) expect(expected).toEqual(times.map((_, i) => i));
      else expect([...order]).toEqual(expected);
    },
  );

  it('orders whole-millisecond times with ties, and times too far apart to pack', () => {
    expect([...orderOf([7, 3, 7, 3, 0])!]).toEqual([4, 1, 3, 0, 2]);
    expect([...orderOf([2 ** 52, 1, 2 ** 52, 0])!]).toEqual([3, 1, 0, 2]);
  });
});
