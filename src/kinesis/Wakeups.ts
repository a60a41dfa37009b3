/**
 * Long-poll wake-ups a stream offers its pollers: once at the next record in
 * (or closing of) a shard, and once at the next resharding or roll-over. They
 * stand in for polling on a fixed period through quiet hours (B-1, B-2).
 */
export class Wakeups {
  private readonly byShard = new Map<string, Array<() => void>>();
  /** Listeners waiting on any shard (a put to a stream nobody waits on costs no lookup). */
  private waiting = 0;
  private onReshard: Array<() => void> = [];

  /** Call `listener` once, at the next `shardWoke(shardId)`. */
  nextPut(shardId: string, listener: () => void): void {
    const list = this.byShard.get(shardId) ?? [];
    list.push(listener);
    this.byShard.set(shardId, list);
    this.waiting++;
  }

  /** Call `listener` once, at the next `resharded()`. */
  nextReshard(listener: () => void): void {
    this.onReshard.push(listener);
  }

  /** A record arrived in, or the closing of, `shardId`. */
  shardWoke(shardId: string): void {
    if (this.waiting === 0) return;
    const list = this.byShard.get(shardId);
    if (!list || list.length === 0) return;
    this.byShard.set(shardId, []);
    this.waiting -= list.length;
    for (const listener of list) listener();
  }

  /** Shards were opened and closed. */
  resharded(): void {
    const list = this.onReshard;
    this.onReshard = [];
    for (const listener of list) listener();
  }
}
