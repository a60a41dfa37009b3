/**
 * Retention (J-1, J-2): records leave their shard `retentionMs` after they
 * arrived. One timer stays armed for the next record to leave; each trimmed
 * record is a `trim` trace event at the moment it left.
 */
import type { VirtualClock } from '../sim/Clock.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { Shard, StreamRecord } from './Shard.ts';

/** Trims the shards of one stream. */
export class Retention {
  private armed = false;

  constructor(
    readonly retentionMs: number,
    private readonly shards: () => Iterable<Shard>,
    private readonly clock: VirtualClock,
    private readonly trace: TraceRecorder,
  ) {}

  /** Keep one timer armed for the next record to leave retention (call after each put). */
  arm(): void {
    if (this.armed) return;
    const oldest = this.oldestLive();
    if (!oldest) return;
    this.armed = true;
    this.clock.at(oldest.arrivalMs + this.retentionMs, () => {
      this.armed = false;
      this.trimDue();
      this.arm();
    });
  }

  private oldestLive(): StreamRecord | undefined {
    let oldest: StreamRecord | undefined;
    for (const s of this.shards()) {
      const r = s.records[s.trimIndex];
      if (r && (!oldest || r.arrivalMs < oldest.arrivalMs)) oldest = r;
    }
    return oldest;
  }

  /** Trim every record whose retention has run out. */
  trimDue(): void {
    const horizon = this.clock.now - this.retentionMs;
    for (const shard of this.shards()) {
      while (shard.trimIndex < shard.records.length && shard.records[shard.trimIndex]!.arrivalMs <= horizon) {
        const r = shard.records[shard.trimIndex]!;
        this.trace.emit({ t: r.arrivalMs + this.retentionMs, type: 'trim', shardId: shard.shardId, seq: r.sequenceNumber });
        shard.trimIndex++;
      }
    }
  }
}
