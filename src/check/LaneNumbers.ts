/**
 * Dense numbers for the shards and lanes of a trace (a lane being a shard and
 * a lane within it), in order of first mention, so that per-shard and per-lane
 * state lives in arrays instead of maps keyed by shard id.
 */
import { PerShard } from './PerShard.ts';

/** Numbers shards and (shard, lane) pairs 0, 1, 2, ... in order of first mention. */
export class LaneNumbers {
  private readonly byLane = new PerShard<number, number>();
  private laneCount = 0;

  /** The number of a shard, given on first mention. */
  shardNo(shardId: string): number {
    return this.byLane.numberOf(shardId);
  }

  /** The number of a shard already mentioned, if it was. */
  knownShardNo(shardId: string): number | undefined {
    return this.byLane.knownNumberOf(shardId);
  }

  /** The number of lane `lane` of `shardId`, given on first mention. */
  laneNo(shardId: string, lane: number): number {
    const lanes = this.byLane.of(shardId);
    let n = lanes.get(lane);
    if (n === undefined) lanes.set(lane, (n = this.laneCount++));
    return n;
  }
}
