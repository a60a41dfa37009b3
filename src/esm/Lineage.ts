/**
 * The mapping's view of shard lineage (J-4): which shards it has discovered,
 * which it has read to their end, and which are finished (read to their end
 * with everything read resolved). A child becomes ready when its parents are
 * finished (`parent-first`), or at once (`eager`).
 */
import type { ShardDescription } from '../kinesis/KinesisStream.ts';
import type { LineageOrder } from './ModelOptions.ts';

/** Shard lineage as one mapping knows it. */
export class Lineage {
  private readonly shards = new Map<string, ShardDescription>();
  private readonly ended = new Set<string>();
  private readonly finished = new Set<string>();

  constructor(
    private readonly order: LineageOrder,
    /** The `child-before-parent` mutation: a read-to-end parent counts as finished. */
    private readonly endedIsEnough: boolean,
  ) {}

  /** Add shards from ListShards / DescribeStream; returns how many were new. */
  discover(list: readonly ShardDescription[]): number {
    let added = 0;
    for (const s of list) {
      if (this.shards.has(s.ShardId)) continue;
      this.shards.set(s.ShardId, s);
      added++;
    }
    return added;
  }

  /** The shard was read to its end. */
  markEnded(shardId: string): void {
    this.ended.add(shardId);
  }

  /** The shard was read to its end and everything read from it is resolved. */
  markFinished(shardId: string): void {
    this.finished.add(shardId);
  }

  /** A disabled mapping forgets what it read past its checkpoint; only finished shards stay done (C-2). */
  forgetUnfinished(): void {
    for (const id of this.ended) if (!this.finished.has(id)) this.ended.delete(id);
  }

  /** Shards not finished whose parents allow them to start, in discovery order. */
  ready(): string[] {
    const out: string[] = [];
    for (const s of this.shards.values()) if (!this.finished.has(s.ShardId) && this.parentsDone(s)) out.push(s.ShardId);
    return out;
  }

  private parentsDone(s: ShardDescription): boolean {
    if (this.order === 'eager') return true;
    return [s.ParentShardId, s.AdjacentParentShardId].every((p) => p === undefined || !this.shards.has(p) || this.finished.has(p) || (this.endedIsEnough && this.ended.has(p)));
  }
}
