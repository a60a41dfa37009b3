/**
 * One batcher of a shard (G-3): with ParallelizationFactor 1 the shard has
 * one lane; with PF > 1 each partition key belongs to one of PF lanes, each
 * with at most one batch in flight (B-6, G-1).
 *
 * A lane forms batches (B-3, B-4, B-7), invokes, and handles the result:
 * checkpoint on success (B-8), partial failure (E-3, E-7), bisect (D-8, D-9),
 * retries (D-2, D-3) with back-off (D-11), throttles (D-1), record age (D-6,
 * D-7) and giving up (D-5).
 */
import type { VirtualClock } from '../sim/Clock.ts';
import type { Invoker, InvocationResult } from '../lambda/Invoker.ts';
import type { DiscardCondition, InvokeWindow } from '../trace/TraceEvent.ts';
import { Attempt } from './Attempt.ts';
import { Batch, type RecordSizer } from './Batch.ts';
import type { Classification } from './BatchResponse.ts';
import { ClassificationMemo } from './ClassificationMemo.ts';
import { RecordQueue, type Places } from './RecordQueue.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { EsmConfig } from './EsmConfig.ts';
import { EventSizer, MAX_PAYLOAD_BYTES } from './KinesisEvent.ts';
import type { Backoff } from './Backoff.ts';
import type { ModelOptions } from './ModelOptions.ts';
import { WindowFieldsSizer } from './TumblingWindow.ts';
import { FINAL_BATCH, WindowTracker } from './WindowTracker.ts';
import { windowStateOf } from './BatchResponse.ts';

/** What a lane needs from its shard. */
export interface LaneHost {
  readonly shardId: string;
  readonly config: EsmConfig;
  readonly options: ModelOptions;
  readonly clock: VirtualClock;
  readonly invoker: Pick<Invoker, 'invoke'>;
  /** Serialised size of a record in the event (B-7). */
  readonly sizer: RecordSizer;
  /** Delay before each consecutive retry (D-11). */
  readonly backoff: Backoff;
  /** The mapping was disabled: start nothing new (C-2). */
  readonly stopped: boolean;
  /** Oldest age a record may have when invoked, ms (MaximumRecordAge, else retention). */
  readonly maxAgeMs: number;
  /** The stream's retention, ms. */
  readonly retentionMs: number;
  /** May this lane start a new batch now (G-5 error scope)? */
  mayStartNew(lane: Lane): boolean;
  /** Records processed successfully. */
  resolved(batch: Batch): void;
  /** Records given up (D-5). */
  discarded(batch: Batch, condition: DiscardCondition, attempt: Attempt): void;
  /** The lane's failure state changed. */
  changed(): void;
  /** The lane took records from its queue (room to read more). */
  drained(): void;
  /** The stream's ARN (a windowed event's `eventSourceARN`, H-9). */
  readonly streamArn: string;
  /** Everything put to the shard before this time has been read; Infinity once it ended (H-4, H-6). */
  readonly readThrough: number;
  /** A tumbling window's final invocation succeeded (H-4). */
  windowClosed(): void;
}

/** A batcher: queue, in-flight batch, pending retries and bisect halves. */
export class Lane {
  /** Records waiting, and their places in the read order. */
  private readonly queue = new RecordQueue();
  /** Pending attempts; the last one runs next. */
  private readonly work: Attempt[] = [];
  private busy = false;
  private windowStart: number;
  private windowTimer = false;
  /** True while a failure chain (retries or bisect halves) is unfinished. */
  failing = false;
  /** A retried batch gets the same response again: classify it once. */
  private readonly verdictMemo = new ClassificationMemo();
  /** The attempt whose invocation is in flight (one at a time, B-6). */
  private inFlight: Attempt | undefined;
  /** Told when the invocation in flight ends (made once, not a closure per invocation; bound, not an arrow: see docs/design.md, "Closures and the loader"). */
  private readonly invocationEnded = this.onInvocationEnded.bind(this);
  /** The tumbling window, when the mapping has one (H). */
  private readonly windows: WindowTracker | undefined;
  /** Sizes the window's fields in the payload (H-9, B-7). */
  private readonly windowSizer: WindowFieldsSizer | undefined;

  constructor(
    readonly index: number,
    private readonly host: LaneHost,
  ) {
    this.windowStart = host.clock.now;
    const seconds = host.config.TumblingWindowInSeconds;
    this.windows = seconds > 0 ? new WindowTracker(seconds * 1000, host.options.mutation === 'window-state-lost') : undefined;
    this.windowSizer = seconds > 0 ? new WindowFieldsSizer(host.shardId, host.streamArn) : undefined;
  }

  private onInvocationEnded(result: InvocationResult): void {
    const attempt = this.inFlight!;
    this.inFlight = undefined;
    this.finished(attempt.invoked(result.id), result);
  }

  /** Records waiting to be batched. */
  get queued(): number {
    return this.queue.length;
  }

  /** Nothing queued, in flight or pending, and no tumbling window owes its final invocation (unless the mapping stopped). */
  get idle(): boolean {
    return !this.busy && this.work.length === 0 && this.queued === 0 && (this.windows?.isOpen !== true || this.host.stopped);
  }

  /** A tumbling window is open (its final invocation is owed, H-4). */
  get windowOpen(): boolean {
    return this.windows?.isOpen === true;
  }

  /** Add records read from the shard, with their places (or the first one's, when consecutive; see RecordQueue). */
  enqueue(records: readonly StreamRecord[], places: Places): void {
    this.queue.push(records, places);
  }

  /** Start the next invocation if the lane can. */
  pump(): void {
    if (this.busy || this.host.stopped) return;
    const next = this.work.pop() ?? (this.host.mayStartNew(this) ? this.nextAttempt() : undefined);
    if (next) this.run(next);
  }

  /** A new batch, or first the open tumbling window's final invocation when it is due (H-4). */
  private nextAttempt(): Attempt | undefined {
    const windows = this.windows;
    if (windows === undefined) return this.takeBatch();
    if (windows.closeDue(this.queued > 0 ? this.queue.at(0) : undefined, this.host.clock.now, this.host.readThrough)) {
      if (this.mutation !== 'no-final-invoke') return new Attempt(FINAL_BATCH);
      windows.closed();
    }
    const attempt = this.takeBatch();
    const end = windows.end;
    if (attempt === undefined && this.queued === 0 && end !== undefined && this.host.clock.now < end) this.armWindow(end); // H-4: close at the end
    return attempt;
  }

  /** Form a new batch from the queue, or wait for the window (B-3, B-4, B-7). */
  private takeBatch(): Attempt | undefined {
    const available = this.queued;
    if (available === 0) return undefined;
    const { BatchSize, MaximumBatchingWindowInSeconds } = this.host.config;
    let n = 0;
    let sum = 0;
    const sizes: number[] = [];
    const limit = this.mutation === 'batch-over-size' ? BatchSize + 1 : BatchSize;
    // A batch holds records of one tumbling window (H-2), and the window's fields count toward its payload (B-7).
    const cut = this.windows && this.mutation !== 'window-spans-boundary' ? this.windows.startOf(this.queue.at(0)) : undefined;
    const extra = this.windows ? this.windowBytes(this.windows.nextFields(this.queue.at(0))) : 0;
    while (n < available && n < limit) {
      const r = this.queue.at(n);
      if (cut !== undefined && this.windows!.startOf(r) !== cut) break;
      const b = this.host.sizer.recordBytes(r);
      if (n > 0 && EventSizer.eventBytes(n + 1, sum + b) + extra > MAX_PAYLOAD_BYTES) break;
      sizes.push(b);
      sum += b;
      n++;
    }
    const full = n >= BatchSize || n < available;
    const windowEnd = this.windowStart + MaximumBatchingWindowInSeconds * 1000;
    if (!full && this.host.clock.now < windowEnd) {
      this.armWindow(windowEnd);
      return undefined;
    }
    const { records, places } = this.queue.take(n);
    if (this.mutation === 'reorder-within-key') {
      records.reverse();
      places.reverse();
      sizes.reverse();
    }
    this.host.drained();
    return new Attempt(new Batch(records, places, sizes));
  }

  private armWindow(at: number): void {
    if (this.windowTimer) return;
    this.windowTimer = true;
    this.host.clock.at(at, () => {
      this.windowTimer = false;
      this.pump();
    });
  }

  /** Bytes a window's fields add to the payload (H-9). */
  private windowBytes(window: InvokeWindow): number {
    return this.windowSizer!.bytes(window, this.windows!.stateBytes);
  }

  /** Age check (D-6), then invoke. */
  private run(attempt: Attempt): void {
    if (attempt.batch === FINAL_BATCH) {
      const fields = this.windows!.finalFields();
      return this.invoke(attempt, fields, EventSizer.eventBytes(0, 0) + this.windowBytes(fields));
    }
    const now = this.host.clock.now;
    let expired = 0;
    const maxAgeMs = this.mutation === 'ignore-record-age' ? this.host.retentionMs : this.host.maxAgeMs;
    const records = attempt.batch.records;
    while (expired < records.length && now - records[expired]!.arrivalMs > maxAgeMs) expired++;
    if (expired > 0) {
      // D-7: a record found too old before an attempt counts that attempt.
      this.host.discarded(attempt.batch.slice(0, expired), 'RecordAgeExceeded', attempt.invoked());
      attempt = attempt.narrowed(expired);
      if (attempt.batch.length === 0) return this.settle();
    }
    const { batch } = attempt;
    const window = this.windows?.fieldsFor(batch);
    // The window's fields count toward the payload (H-9, B-7): a retry carries the state the last success returned, which may be larger than when the batch was formed.
    const bytes = batch.payloadBytes(this.host.sizer) + (window === undefined ? 0 : this.windowBytes(window));
    if (bytes > MAX_PAYLOAD_BYTES) return this.waitUnbilled(attempt); // B-7 model decision: it never reaches the function (D-1), so it waits until it ages out
    this.invoke(attempt, window, bytes);
  }

  /** Invoke with the attempt's batch and its tumbling window's fields, if any; `bytes`: the whole payload. */
  private invoke(attempt: Attempt, window: InvokeWindow | undefined, bytes: number): void {
    const { batch } = attempt;
    this.busy = true;
    this.inFlight = attempt;
    if (this.host.invoker.invoke({ shardId: this.host.shardId, lane: this.index, records: batch.records, seqs: batch.seqs, bytes, window }, this.invocationEnded)) {
      if (window !== undefined) this.windows!.admitted(window);
      return;
    }
    this.busy = false;
    this.inFlight = undefined;
    this.throttled(attempt);
  }

  /**
   * Lambda throttled the invocation (D-1, P-7): the batch never reached the
   * function. It is tried again after back-off, as it is, until it succeeds
   * or its records grow too old (checked before each attempt): a throttle
   * counts neither as a retry nor as an invocation (model decisions,
   * docs/model-decisions.md).
   */
  private throttled(attempt: Attempt): void {
    if (this.mutation === 'throttle-counts-retry') return this.retryOrGiveUp(attempt);
    this.waitUnbilled(this.mutation === 'throttle-counts-invocation' ? attempt.invoked() : attempt);
  }

  /** Try the attempt again after back-off, counting no retry (D-1, H-4). */
  private waitUnbilled(attempt: Attempt): void {
    const next = attempt.waited();
    this.later(next, this.host.backoff.delay(next.failures));
  }

  private finished(attempt: Attempt, result: InvocationResult): void {
    this.busy = false;
    this.windowStart = this.host.clock.now; // B-4
    const { config } = this.host;
    const { batch } = attempt;
    const { seqs } = batch;
    const verdict = this.verdict(result, seqs);
    if (batch === FINAL_BATCH) return this.finishedFinal(attempt, verdict);
    if (verdict.kind !== 'failure') this.keepState(result);
    if (verdict.kind === 'success' || (verdict.kind === 'failure' && this.mutation === 'checkpoint-past-failure')) {
      this.host.resolved(batch);
      return this.settle();
    }
    if (verdict.kind === 'partial') {
      const at = seqs.indexOf(verdict.lowestFailed);
      this.host.resolved(batch.slice(0, at)); // E-3
      const rest = attempt.narrowed(at).failedAs(null);
      if (config.BisectBatchOnFunctionError && at > 0) return this.retryNow([rest]); // D-8: bisect at the returned number
      if (config.BisectBatchOnFunctionError && rest.batch.length > 1) return this.bisect(rest);
      return this.retryOrGiveUp(rest);
    }
    const failed = attempt.failedAs('Unhandled');
    if (config.BisectBatchOnFunctionError && failed.batch.length > 1) return this.bisect(failed);
    this.retryOrGiveUp(failed);
  }

  /** A window's final invocation ended: on success the window closes; on failure it is retried until it succeeds, the shard waiting (H-4). */
  private finishedFinal(attempt: Attempt, verdict: Classification): void {
    if (verdict.kind === 'failure') return this.waitUnbilled(attempt);
    this.windows!.closed();
    this.host.windowClosed();
    this.settle();
  }

  /** H-3: an invocation that counted keeps the state it returned. */
  private keepState(result: InvocationResult): void {
    const state = this.windows && windowStateOf(result.response);
    if (state) this.windows!.kept(state);
  }

  private verdict(result: InvocationResult, seqs: readonly string[]): Classification {
    const windowed = this.windows !== undefined && this.mutation !== 'stateless-success';
    const verdict = this.verdictMemo.classify(result, seqs, this.mutation === 'partial-without-opt-in' || this.host.config.FunctionResponseTypes.includes('ReportBatchItemFailures'), windowed);
    if (verdict.kind !== 'partial' || (this.mutation !== 'checkpoint-at-highest-failure' && this.mutation !== 'string-seq-compare')) return verdict;
    const reported = (result.response as { batchItemFailures: Array<{ itemIdentifier: string }> }).batchItemFailures.map((i) => i.itemIdentifier);
    const pick = this.mutation === 'string-seq-compare' ? reported.sort()[0]! : reported.sort((a, b) => (BigInt(a) < BigInt(b) ? 1 : -1))[0]!;
    return { kind: 'partial', lowestFailed: pick };
  }

  private get mutation(): string | undefined {
    return this.host.options.mutation;
  }

  /** D-8/D-9: split in two, run the halves in the configured order. */
  private bisect(attempt: Attempt): void {
    const { bisect } = this.host.options;
    const n = attempt.batch.length;
    const k = bisect.splitPoint === 'floor' ? Math.floor(n / 2) : Math.ceil(n / 2);
    let retries = attempt.retries + (bisect.splitConsumesRetry ? 1 : 0);
    if (bisect.splitConsumesRetry && this.exhausted(retries)) return this.giveUp(attempt);
    if (bisect.resetRetriesPerHalf) retries = 0;
    const lower = attempt.half(0, k, retries);
    const upper = attempt.half(k, undefined, retries);
    this.retryNow(bisect.order === 'lowerFirst' ? [lower, upper] : [upper, lower]);
  }

  /** D-2/D-3/E-7: count a retry, then retry after back-off or give up. */
  private retryOrGiveUp(attempt: Attempt): void {
    const next = attempt.retried();
    if (this.exhausted(next.retries)) return this.giveUp(attempt);
    this.later(next, this.host.backoff.delay(next.failures));
  }

  private exhausted(retries: number): boolean {
    const max = this.host.config.MaximumRetryAttempts;
    const slack = this.mutation === 'retry-past-limit' ? 1 : this.mutation === 'give-up-early' ? -1 : 0;
    return max >= 0 && retries > max + slack;
  }

  private giveUp(attempt: Attempt): void {
    this.host.discarded(attempt.batch, 'RetryAttemptsExhausted', attempt);
    this.settle();
  }

  /** Queue attempts to run next, first element first. */
  private retryNow(attempts: readonly Attempt[]): void {
    for (let i = attempts.length - 1; i >= 0; i--) this.work.push(attempts[i]!);
    this.setFailing(true);
    this.pump();
  }

  private later(attempt: Attempt, delayMs: number): void {
    const leak = this.mutation === 'lane-leak';
    this.busy = !leak;
    this.setFailing(true);
    this.host.clock.after(delayMs, () => {
      if (!leak) this.busy = false;
      this.work.push(attempt);
      this.pump();
    });
    if (leak) this.pump();
  }

  /** An attempt ended for good: continue with pending work or new batches. */
  private settle(): void {
    this.setFailing(this.work.length > 0);
    this.pump();
  }

  private setFailing(failing: boolean): void {
    if (this.failing === failing) return;
    this.failing = failing;
    this.host.changed();
  }
}
