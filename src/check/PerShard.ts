/**
 * A map per shard, for what the index numbers shard by shard (records by
 * sequence number, lanes by number). Lookups come in runs on one shard (a
 * batch, a shard's puts), so the shard looked up last is kept at hand.
 */

/** One `Map<K, V>` per shard id. */
export class PerShard<K, V> {
  private readonly byShard = new Map<string, Map<K, V>>();
  private lastShardId: string | undefined;
  private lastShard: Map<K, V> | undefined;

  /** The shard's map, created empty on first use. */
  of(shardId: string): Map<K, V> {
    if (shardId === this.lastShardId) return this.lastShard!;
    let shard = this.byShard.get(shardId);
    if (shard === undefined) this.byShard.set(shardId, (shard = new Map()));
    this.lastShardId = shardId;
    this.lastShard = shard;
    return shard;
  }

  /** The shard's map, if it has one. */
  find(shardId: string): ReadonlyMap<K, V> | undefined {
    return this.byShard.get(shardId);
  }
}
