/**
 * A map per shard, for what the index numbers shard by shard (records by
 * sequence number, lanes by number), and a number per shard. Lookups come in
 * runs on one shard (a batch, a shard's puts), so the shard looked up last is
 * kept at hand.
 */

/** One `Map<K, V>` per shard id; shards numbered 0, 1, 2, ... in order of first use. */
export class PerShard<K, V> {
  private readonly byShard = new Map<string, Entry<K, V>>();
  private lastShardId: string | undefined;
  private lastEntry: Entry<K, V> | undefined;

  /** The shard's map, created empty on first use. */
  of(shardId: string): Map<K, V> {
    return this.entry(shardId).map;
  }

  /** The shard's number, given on first use. */
  numberOf(shardId: string): number {
    return this.entry(shardId).no;
  }

  /** The shard's number, if it has one (without giving it one). */
  knownNumberOf(shardId: string): number | undefined {
    return this.byShard.get(shardId)?.no;
  }

  /** The shard's map, if it has one. */
  find(shardId: string): ReadonlyMap<K, V> | undefined {
    return this.byShard.get(shardId)?.map;
  }

  private entry(shardId: string): Entry<K, V> {
    if (shardId === this.lastShardId) return this.lastEntry!;
    let entry = this.byShard.get(shardId);
    if (entry === undefined) this.byShard.set(shardId, (entry = { no: this.byShard.size, map: new Map() }));
    this.lastShardId = shardId;
    this.lastEntry = entry;
    return entry;
  }
}

interface Entry<K, V> {
  readonly no: number;
  readonly map: Map<K, V>;
}
