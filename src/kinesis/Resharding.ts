/**
 * How UpdateShardCount (UNIFORM_SCALING) picks its splits and merges, and
 * how workload reshard events name shards. AWS performs UpdateShardCount as a
 * series of SplitShard and MergeShards calls; the model splits the widest open
 * shard at its middle, and merges the adjacent pair narrowest together (J-4).
 */
import type { Shard } from './Shard.ts';

/** Width of a shard's hash-key range. */
function width(s: Shard): bigint {
  return s.hashKeyRange.end - s.hashKeyRange.start + 1n;
}

/** The middle of a shard's range: the NewStartingHashKey of an even split. */
export function middleOf(s: Shard): bigint {
  return s.hashKeyRange.start + width(s) / 2n;
}

/** The widest open shard (first in hash order on ties) and where to split it. */
export function splitPlan(open: readonly Shard[]): [string, bigint] {
  let best = open[0]!;
  for (const s of open) if (width(s) > width(best)) best = s;
  return [best.shardId, middleOf(best)];
}

/** The hash-adjacent pair of open shards with the narrowest union (first in hash order on ties). */
export function mergePlan(open: readonly Shard[]): [string, string] {
  let best = 0;
  for (let i = 1; i + 1 < open.length; i++) {
    if (width(open[i]!) + width(open[i + 1]!) < width(open[best]!) + width(open[best + 1]!)) best = i;
  }
  return [open[best]!.shardId, open[best + 1]!.shardId];
}
