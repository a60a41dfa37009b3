/**
 * Reads one shard for a mapping: polls on the shard's poll period (B-1),
 * keeps reading while behind, hands records to lanes by partition key (G-3),
 * and moves the checkpoint (B-8, Q-1). A closed shard is read to its end
 * (NextShardIterator null); once everything read from it is resolved the
 * shard is finished, which is what lets its children start (J-4). A stopped
 * consumer (the mapping was disabled, C-2) starts nothing new; its in-flight
 * invocation still ends and counts.
 *
 * An idle consumer does not poll every second of a quiet week: it parks until
 * the next put and then polls at the next tick of its poll grid, which is
 * when a once-per-second poller would first have seen the record.
 */
import type { KinesisReadApi } from '../kinesis/KinesisStream.ts';
import { KinesisServiceError, type GetRecordsOutput, type GetShardIteratorInput } from '../kinesis/KinesisStream.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { Invoker } from '../lambda/Invoker.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { DiscardCondition } from '../trace/TraceEvent.ts';
import type { Attempt } from './Attempt.ts';
import type { Backoff } from './Backoff.ts';
import type { Batch } from './Batch.ts';
import { Checkpoint } from './Checkpoint.ts';
import type { EsmConfig } from './EsmConfig.ts';
import { Lane, type LaneHost } from './Lane.ts';
import { placeAt, type Places } from './RecordQueue.ts';
import type { ModelOptions } from './ModelOptions.ts';
import type { RecordSizer } from './Batch.ts';

/** Most records buffered per shard before polling pauses (one full GetRecords). */
const BUFFER_CAP = 10_000;

/** Everything a consumer shares with its mapping. */
export interface ConsumerContext {
  readonly config: EsmConfig;
  readonly options: ModelOptions;
  readonly clock: VirtualClock;
  readonly stream: KinesisReadApi;
  readonly invoker: Pick<Invoker, 'invoke'>;
  /** Serialised size of a record in the event (B-7). */
  readonly sizer: RecordSizer;
  /** Delay before each consecutive retry (D-11). */
  readonly backoff: Backoff;
  readonly trace: TraceRecorder;
  readonly maxAgeMs: number;
  readonly retentionMs: number;
  readonly startedAt: number;
  /** The stream's ARN (a windowed event's `eventSourceARN`, H-9). */
  readonly streamArn: string;
  /** Lane of a partition key (G-5: a pluggable hash). */
  laneOf(partitionKey: string, lanes: number): number;
  /** Does the record pass the mapping's FilterCriteria (I-1)? Absent: every record does. */
  readonly passes?: (r: StreamRecord) => boolean;
  /** Report records given up, for the destination (D-5). */
  discard(shardId: string, records: readonly StreamRecord[], condition: DiscardCondition, attempt: Attempt): void;
  /** The shard was read to its end: it is closed and nothing more will come (J-4). */
  shardEnded(shardId: string): void;
  /** The shard was read to its end and everything read from it is resolved (J-4). */
  shardFinished(shardId: string): void;
  /** The checkpoint moved; the mapping keeps it so that re-enabling resumes there (C-2). */
  checkpointed(shardId: string, seq: string): void;
}

/** The mapping's reader of one shard. */
export class ShardConsumer implements LaneHost {
  readonly lanes: Lane[];
  private readonly checkpoint = new Checkpoint();
  private iterator: string | null = null;
  private lastRead: string | undefined;
  /** Where the consumer starts, as of the moment asked (C-1, C-2): asked again if the first iterator expires before any read. */
  private origin: () => Omit<GetShardIteratorInput, 'ShardId'> = () => ({ ShardIteratorType: 'TRIM_HORIZON' });
  private pollScheduled = false;
  private parked = false;
  /** Polling paused because the buffer is full. */
  private starved = false;
  /** Read to the end of a closed shard. */
  private ended = false;
  private finishedSignalled = false;
  /** The mapping was disabled: start nothing new (C-2). */
  stopped = false;
  /** When a read last returned everything in the shard (MillisBehindLatest 0). */
  private caughtUpAt = -Infinity;
  /** The poll and wake-up callbacks, made once for the consumer's life (not a closure per poll). */
  private readonly pollDue: () => void;
  private readonly woken: () => void;

  constructor(
    readonly shardId: string,
    private readonly ctx: ConsumerContext,
  ) {
    this.lanes = Array.from({ length: ctx.config.ParallelizationFactor }, (_, i) => new Lane(i, this));
    this.pollDue = this.onPollDue.bind(this);
    this.woken = this.onWoken.bind(this);
  }

  get config(): EsmConfig {
    return this.ctx.config;
  }
  get options(): ModelOptions {
    return this.ctx.options;
  }
  get clock(): VirtualClock {
    return this.ctx.clock;
  }
  get invoker(): Pick<Invoker, 'invoke'> {
    return this.ctx.invoker;
  }
  get sizer(): RecordSizer {
    return this.ctx.sizer;
  }
  get backoff(): Backoff {
    return this.ctx.backoff;
  }
  get maxAgeMs(): number {
    return this.ctx.maxAgeMs;
  }
  get retentionMs(): number {
    return this.ctx.retentionMs;
  }
  get streamArn(): string {
    return this.ctx.streamArn;
  }

  /** Everything put before this time has been read: now while parked (a put would have woken it), else as of the last read that caught up; Infinity once the shard ended (H-4, H-6). */
  get readThrough(): number {
    return this.ended ? Infinity : this.parked ? this.clock.now : this.caughtUpAt;
  }

  /** Finished, or caught up with nothing read unresolved and nothing in flight. */
  get quiescent(): boolean {
    if (this.finishedSignalled) return true;
    if (!this.parked || this.checkpoint.unresolved > 0) return false;
    for (const l of this.lanes) if (!l.idle) return false;
    return true;
  }

  /** Get an iterator at `position()` (C-1, or the checkpoint when resuming, C-2) and begin polling. */
  start(position: () => Omit<GetShardIteratorInput, 'ShardId'>): void {
    this.origin = position;
    this.iterator = this.ctx.stream.getShardIterator({ ShardId: this.shardId, ...position() });
    this.schedulePoll(this.clock.now);
  }

  /** Stop for good: no polls, no new batches (C-2). */
  stop(): void {
    this.stopped = true;
  }

  private schedulePoll(at: number): void {
    if (this.pollScheduled) return;
    this.pollScheduled = true;
    this.parked = false;
    this.clock.at(at, this.pollDue);
  }

  /** The scheduled poll. */
  private onPollDue(): void {
    this.pollScheduled = false;
    this.poll();
  }

  /** A put woke the parked consumer: poll at the next tick of its grid. */
  private onWoken(): void {
    this.schedulePoll(this.nextTick(this.clock.now));
  }

  /** The first tick of the poll grid at or after `t`. */
  private nextTick(t: number): number {
    const period = this.ctx.options.pollIntervalMs;
    return this.ctx.startedAt + Math.ceil((t - this.ctx.startedAt) / period) * period;
  }

  private poll(): void {
    if (this.iterator === null || this.stopped) return;
    const room = BUFFER_CAP - this.buffered();
    if (room <= 0) {
      this.starved = true;
      return; // drained() polls again when lanes take records
    }
    const out = this.read(room);
    if (out.MillisBehindLatest === 0) this.caughtUpAt = this.clock.now;
    const records = out.Records;
    if (records.length > 0) {
      const last = records[records.length - 1]!.sequenceNumber;
      this.lastRead = last;
      this.ctx.trace.emit({
        t: this.clock.now, type: 'poll', shardId: this.shardId, count: records.length,
        first: records[0]!.sequenceNumber, last, millisBehindLatest: out.MillisBehindLatest,
      });
      const first = this.checkpoint.admit(records);
      if (this.ctx.passes) this.filteredOut(this.enqueueFiltered(records, first, this.ctx.passes));
      else this.enqueue(records, first);
      for (const lane of this.lanes) lane.pump();
    }
    if (this.iterator === null) return this.reachedEnd();
    if (out.MillisBehindLatest > 0) this.schedulePoll(this.clock.now); // B-1: keep reading until caught up
    else if (records.length > 0) this.schedulePoll(this.clock.now + this.ctx.options.pollIntervalMs);
    else this.park();
  }

  /** Hand records read to their keys' lanes (G-3) with their places (or the first one's, when consecutive): all of them to the one lane when there is one. */
  private enqueue(records: readonly StreamRecord[], places: Places): void {
    if (this.lanes.length === 1) return this.lanes[0]!.enqueue(records, places);
    const byLane = new Array<{ records: StreamRecord[]; places: number[] } | undefined>(this.lanes.length); // only lanes that get records
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const lane = this.ctx.laneOf(r.partitionKey, this.lanes.length);
      const to = (byLane[lane] ??= { records: [], places: [] });
      to.records.push(r);
      to.places.push(placeAt(places, i));
    }
    for (let lane = 0; lane < byLane.length; lane++) {
      const to = byLane[lane];
      if (to) this.lanes[lane]!.enqueue(to.records, to.places);
    }
  }

  /** I-3, I-6: each record read, admitted from place `first` on, is filtered before it joins a batch; the records filtered out, in read order. */
  private enqueueFiltered(records: readonly StreamRecord[], first: number, passes: (r: StreamRecord) => boolean): StreamRecord[] {
    const deliverAnyway = this.options.mutation === 'deliver-filtered';
    const kept: StreamRecord[] = [];
    const keptPlaces: number[] = [];
    const out: StreamRecord[] = [];
    const outPlaces: number[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const pass = passes(r);
      if (!pass) {
        out.push(r);
        outPlaces.push(first + i);
      }
      if (pass || deliverAnyway) {
        kept.push(r);
        keptPlaces.push(first + i);
      }
    }
    this.enqueue(kept, keptPlaces);
    if (!deliverAnyway) this.checkpoint.resolve(outPlaces);
    return out;
  }

  /** I-3: records filtered out are never delivered; the checkpoint moves past them, and the trace says so. */
  private filteredOut(records: readonly StreamRecord[]): void {
    if (records.length === 0) return;
    if (this.options.mutation !== 'unrecorded-filter') {
      this.ctx.trace.emit({ t: this.clock.now, type: 'filter', shardId: this.shardId, records: records.map((r) => r.sequenceNumber) });
    }
    this.moveCheckpoint();
  }

  private read(limit: number): GetRecordsOutput {
    try {
      const out = this.ctx.stream.getRecords(this.iterator!, limit);
      this.iterator = out.NextShardIterator;
      return out;
    } catch (err) {
      if (!(err instanceof KinesisServiceError) || err.code !== 'ExpiredIteratorException') throw err;
      // A parked consumer polls no more, so its iterator can outlive the 5 minutes a real poller's never does: take
      // it again where it stood, after the last record read or, before any, at the starting position (C-1, C-2).
      const at = this.lastRead ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, StartingSequenceNumber: this.lastRead } : this.origin();
      this.iterator = this.ctx.stream.getShardIterator({ ShardId: this.shardId, ...at });
      return this.read(limit);
    }
  }

  /** GetRecords returned no next iterator: the closed shard is read to its end (J-4). */
  private reachedEnd(): void {
    this.ended = true;
    this.ctx.shardEnded(this.shardId);
    this.checkFinished();
  }

  /** H-6: a closed shard finishes once its records are resolved and its lanes' tumbling windows closed, before its children start. */
  private checkFinished(): void {
    if (!this.ended || this.finishedSignalled || this.checkpoint.unresolved > 0) return;
    if (this.lanes.some((l) => l.windowOpen)) return this.pumpLanes();
    this.finishedSignalled = true;
    this.ctx.shardFinished(this.shardId);
  }

  private park(): void {
    this.parked = true;
    this.ctx.stream.onNextPut(this.shardId, this.woken);
    if (this.config.TumblingWindowInSeconds > 0) this.pumpLanes(); // read through now: a window past its end may close (H-4)
  }

  private pumpLanes(): void {
    for (const lane of this.lanes) lane.pump();
  }

  windowClosed(): void {
    this.checkFinished();
  }

  private buffered(): number {
    let n = 0;
    for (const lane of this.lanes) n += lane.queued;
    return n;
  }

  mayStartNew(lane: Lane): boolean {
    if (this.ctx.options.parallel.errorScope === 'lane') return true;
    for (const l of this.lanes) if (l !== lane && l.failing) return false; // G-5: errors block the shard
    return true;
  }

  resolved(batch: Batch): void {
    this.checkpoint.resolve(batch.places);
    if (this.options.mutation === 'checkpoint-at-batch-end' && batch.length > 0) {
      this.checkpoint.advance();
      const seq = batch.seqs[batch.length - 1]!;
      this.ctx.trace.emit({ t: this.clock.now, type: 'checkpoint', shardId: this.shardId, seq });
      this.ctx.checkpointed(this.shardId, seq);
      return this.checkFinished();
    }
    this.moveCheckpoint();
  }

  discarded(batch: Batch, condition: DiscardCondition, attempt: Attempt): void {
    if (this.options.mutation !== 'silent-discard') this.ctx.discard(this.shardId, batch.records, condition, attempt);
    this.resolved(batch);
  }

  changed(): void {
    for (const lane of this.lanes) if (!lane.failing) lane.pump();
  }

  drained(): void {
    if (this.starved && this.buffered() < BUFFER_CAP) {
      this.starved = false;
      this.schedulePoll(this.nextTick(this.clock.now));
    }
  }

  private moveCheckpoint(): void {
    const seq = this.checkpoint.advance();
    if (seq === undefined) return;
    this.ctx.trace.emit({ t: this.clock.now, type: 'checkpoint', shardId: this.shardId, seq });
    this.ctx.checkpointed(this.shardId, seq);
    this.checkFinished();
  }
}
