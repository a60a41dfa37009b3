/**
 * Dense numbers for the lanes of a trace (a shard and a lane within it), in
 * order of first mention, so that per-lane state lives in arrays.
 */
import { PerShard } from './PerShard.ts';

/** Numbers each (shard, lane) pair 0, 1, 2, ... in order of first mention. */
export class LaneNumbers {
  private readonly byLane = new PerShard<number, number>();
  private count = 0;

  /** The number of lane `lane` of `shardId`, given on first mention. */
  of(shardId: string, lane: number): number {
    const shard = this.byLane.of(shardId);
    let n = shard.get(lane);
    if (n === undefined) shard.set(lane, (n = this.count++));
    return n;
  }
}
