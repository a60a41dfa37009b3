/**
 * Retention (J-1, J-2): records leave their shard `retentionMs` after they
 * arrived. One timer stays armed for the next record to leave; each trimmed
 * record is a `trim` trace event at the moment it left.
 */
import type { VirtualClock } from '../sim/Clock.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { Shard } from './Shard.ts';

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
    if (oldest === undefined) return;
    this.armed = true;
    this.clock.at(oldest + this.retentionMs, () => {
      this.armed = false;
      this.trimDue();
      this.arm();
    });
  }

  /** Arrival time of the oldest record still in retention, if any. */
  private oldestLive(): number | undefined {
    let oldest: number | undefined;
    for (const s of this.shards()) {
      if (s.trimIndex < s.length && (oldest === undefined || s.arrivalAt(s.trimIndex) < oldest)) oldest = s.arrivalAt(s.trimIndex);
    }
    return oldest;
  }

  /** Trim every record whose retention has run out. */
  trimDue(): void {
    const horizon = this.clock.now - this.retentionMs;
    for (const shard of this.shards()) {
      while (shard.trimIndex < shard.length && shard.arrivalAt(shard.trimIndex) <= horizon) {
        const i = shard.trimIndex;
        this.trace.emit({ t: shard.arrivalAt(i) + this.retentionMs, type: 'trim', shardId: shard.shardId, seq: shard.seqAt(i) });
        shard.trimIndex++;
      }
    }
  }
}
