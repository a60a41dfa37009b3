import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { scheduleActions } from './Timeline.ts';

describe('the workload timeline', () => {
  it('runs actions in time order; at equal times reshardings (rank 0), then lifecycle (1), then puts (2), each in workload order', async () => {
    const clock = new VirtualClock({});
    const ran: string[] = [];
    const act = (name: string, at: number, rank: number) => ({ at, rank, run: () => ran.push(`${name}@${clock.now - DEFAULT_EPOCH_MS}`) });
    const timeline = scheduleActions([act('put1', 5, 2), act('put2', 5, 2), act('disable', 5, 1), act('split', 5, 0), act('early', 1, 2)], clock);
    expect(timeline.lastAt).toBe(5);
    await clock.run(() => timeline.done());
    expect(ran).toEqual(['early@1', 'split@5', 'disable@5', 'put1@5', 'put2@5']);
    clock.dispose();
  });
});
