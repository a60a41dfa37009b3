/**
 * Drive a generated (or hand-written) Kinesis case through another
 * implementation of the event source mapping's poller, and trace it in the
 * format the checkers read: workload -> the poller under test -> trace.
 *
 * The harness owns the stream, the function and the clock, so it writes the
 * events it can see itself (`start`, `put`, `trim`, `shard`, `poll`,
 * `invoke`, `throttle`, `result`, `state`, `end`); the poller reports the three
 * it alone knows, `checkpoint`, `discard` and (with filters) `filter`. With a
 * tumbling window, it reads the window fields of the poller's events into the
 * `invoke` events (H-9) and waits for each window's final invocation (H-4).
 * A configuration update (A-20) stops the poller and, once it applies,
 * starts a fresh one with the new configuration. When the case disables the
 * mapping (C-2), the harness stops the poller; when it enables it again, it
 * starts a fresh one from the factory, told where the last left off. The run
 * ends when every record the mapping owes (C-1) is at or behind the shard's
 * checkpoint, given up or filtered out, when nothing can
 * happen any more (no timer left: the poller stalled), or at the horizon:
 * retention plus an hour after the workload's last event, by when every record
 * must have been resolved (J-1, D-7). The last two are faults when records are
 * left unresolved: a poller that stops polling, or never resolves a record, is
 * told so in a sentence rather than judged on a trace that stops halfway.
 * With only a tumbling window left open, the trace ends there and the
 * checkers judge it.
 *
 * A poller that throws from `start`, rejects, or answers garbage (an event
 * naming a record it never read, a checkpoint on an unknown shard) ends the
 * run with a {@link PollerFault}: a clear message, not a verdict.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import { inScopeOf } from '../check/TraceIndex.ts';
import type { EsmConfig } from '../esm/EsmConfig.ts';
import { startEvent } from '../esm/EventSourceMapping.ts';
import { MappingLifecycle, type LifecycleHost, type ResumeReason } from '../esm/MappingLifecycle.ts';
import { DEFAULT_MODEL_OPTIONS } from '../esm/ModelOptions.ts';
import type { KinesisStream } from '../kinesis/KinesisStream.ts';
import { dataBase64 } from '../kinesis/RecordData.ts';
import { compareSeq } from '../kinesis/SequenceNumber.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';
import { Invoker } from '../lambda/Invoker.ts';
import { throttlerFor } from '../lambda/Throttler.ts';
import { InputError } from '../run/InputError.ts';
import { createMappings, functionArnOf, updateActions, type RunOutput, type UpdatableMapping } from '../run/runMapping.ts';
import { controlActions, putSeries, streamOf } from '../run/simulateKinesis.ts';
import { scheduleActions } from '../run/Timeline.ts';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { Rng } from '../sim/Rng.ts';
import { TraceRecorder } from '../trace/Trace.ts';
import type { DiscardCondition, PutEvent, StartEvent, TraceEvent, TrimEvent } from '../trace/TraceEvent.ts';
import type { KinesisCase } from '../workload/Workload.ts';
import { eventWindow } from './eventWindow.ts';
import { jsonBytes } from './jsonBytes.ts';
import { OpenWindows } from './OpenWindows.ts';
import { describeError, preview } from './preview.ts';
import type { InvokeOutcome, KinesisClientLike, KinesisRecord, PollerContext, PollerFactory, PollerUnderTest } from './PollerUnderTest.ts';

/** The poller under test broke the harness's contract: it threw, rejected, or answered garbage. */
export class PollerFault extends InputError {
  constructor(message: string) {
    super(`the poller under test ${message}`);
    this.name = 'PollerFault';
  }
}

/** How long after the last workload event, beyond retention, a record may stay unresolved: an hour of back-off. */
const GRACE_MS = 3_600_000;

/** What a poller's `invoke` rejects with when the harness refused the invocation (its fault says why). */
const REFUSED = 'streamcheck: the harness refused the invocation (see its report)';

/** Throttled invocations in one virtual instant past which a poller is retrying without backing off (D-1). */
const THROTTLES_PER_INSTANT = 1_000;

/** What a throttled invocation answers (D-1): Lambda's error, before the function ever ran. */
const THROTTLED: InvokeOutcome = Object.freeze({ outcome: 'throttled', error: 'TooManyRequestsException: Rate Exceeded.' });

/** Run one case through a poller on a fresh virtual clock. */
export async function simulatePoller(c: KinesisCase, makePoller: PollerFactory, options: { readonly seed: string }): Promise<RunOutput> {
  refuseUndriven(c);
  const rng = new Rng(options.seed);
  const trace = new HarnessTrace();
  const clock = new VirtualClock({ fakeGlobals: true });
  try {
    const stream = streamOf(c, { clock, rng, trace });
    const { registry, records } = createMappings(c, stream.arn, rng.fork('mappings'));
    const { uuid, config } = records[0]!;
    const harness = new Harness(c, config, stream, clock, rng, trace, makePoller);
    const timeline = scheduleActions([...controlActions(c, stream, harness), ...updateActions(c, registry, uuid, harness)], clock, putSeries(c, stream));
    const startAt = DEFAULT_EPOCH_MS + (c.workload.startAt ?? 0);
    const poller = pollerFrom(makePoller);
    clock.at(startAt, () => harness.start(poller));
    const horizon = DEFAULT_EPOCH_MS + Math.max(timeline.lastAt, c.workload.startAt ?? 0) + stream.retentionMs + GRACE_MS;
    const finished = () => timeline.done() && harness.done();
    const running = harness.keepAwake();
    await clock.run(() => harness.fault !== undefined || finished() || clock.now > horizon).catch(timerThrew);
    if (harness.fault === undefined && !finished()) harness.unfinished(clock.now > horizon);
    if (harness.fault === undefined) harness.stop();
    running.release();
    if (harness.fault !== undefined) throw harness.fault;
    trace.emit({ t: clock.now, type: 'end', reason: clock.now > horizon ? 'horizon' : 'quiescent' });
    return { config, trace: trace.events };
  } finally {
    clock.dispose();
  }
}

/** A fresh poller from the factory; a factory that throws or makes no poller is a fault. */
function pollerFrom(makePoller: PollerFactory): PollerUnderTest {
  let poller: unknown;
  try {
    poller = makePoller();
  } catch (err) {
    throw new PollerFault(`could not be made: its factory threw ${describeError(err)}`);
  }
  if (typeof (poller as PollerUnderTest | null)?.start !== 'function') throw new PollerFault(`could not be made: its factory returned ${shapeOf(poller)}, not a poller (an object with start(ctx))`);
  return poller as PollerUnderTest;
}

/** What a factory returned: an object by its keys (its methods have no JSON), anything else as it is. */
function shapeOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return preview(value);
  const keys = Object.keys(value);
  return keys.length > 0 ? `an object with ${keys.join(', ')} but no start` : 'an empty object';
}

/**
 * A timer callback threw out of the clock. The harness's own callbacks (puts,
 * reshards, invocations) throw only InputErrors, for bad cases; anything else
 * came from a timer the poller set.
 */
function timerThrew(err: unknown): never {
  if (err instanceof InputError) throw err;
  throw new PollerFault(`threw from a timer callback: ${describeError(err)}`);
}

/** Cases the harness cannot drive through a poller: they need the control plane's hooks into it. */
function refuseUndriven(c: KinesisCase): void {
  const undriven = [
    c.mappings?.length ? 'several mappings' : '',
    c.options?.mutation ? 'a model mutation' : '',
  ].filter(Boolean);
  if (undriven.length > 0) throw new InputError(`the poller harness does not drive ${undriven.join(', ')}: the case is for the reference model`);
}

/** The trace of a run through a poller, telling the harness of each record retention trims as it goes: whether a poller was running then is a matter of trace order, not of the millisecond. */
class HarnessTrace extends TraceRecorder {
  /** Called with each `trim` event once it is recorded. */
  onTrim: (e: TrimEvent) => void = () => {};

  override emit(event: TraceEvent): void {
    super.emit(event);
    if (event.type === 'trim') this.onTrim(event);
  }
}

/** The harness's side of one run: the poller's context, and what it has seen. */
class Harness implements UpdatableMapping, LifecycleHost {
  fault: PollerFault | undefined;
  private readonly invoker: Invoker;
  private readonly functionArn: string;
  /** The poller running now; none while the mapping is disabled (C-2). */
  private poller: PollerUnderTest | undefined;
  /** When the running poller was started. */
  private launchedAt = -Infinity;
  /** The poller started last (a restart must get a fresh one). */
  private lastPoller: PollerUnderTest | undefined;
  /** Enabled, disabled, updating: the model's own control plane (C-2, A-20), driving this poller. */
  private readonly lifecycle: MappingLifecycle;
  /** Timers the harness set at this instant for its own state changes: the run is not over while one is pending. */
  private deferred = 0;
  /** Per shard, the last checkpoint reported (what a restarted poller resumes after). */
  private readonly checkpoints: Record<string, string> = {};
  /** Records the pollers have read, by event ID (`shardId:seq`). */
  private readonly read = new Map<string, StreamRecord>();
  /** Event IDs of the records the running poller has read (since the last start, C-2). */
  private readonly readNow = new Set<string>();
  /** Per shard: the highest sequence number checkpointed or given up. */
  private readonly resolvedThrough = new Map<string, string>();
  /** Records the poller's filters dropped (I-3), by event ID: resolved one by one, since a poller may filter records read past a batch it is still retrying. */
  private readonly filteredOut = new Set<string>();
  private invocationsInFlight = 0;
  /** The virtual instant of the last throttle, and how many throttles it saw (D-1: a poller must back off). */
  private throttleInstant = -1;
  private throttlesInInstant = 0;
  /** The start event the harness wrote (C-1: which records are owed). */
  private begun: StartEvent | undefined;
  /** The puts the mapping owes (C-1), from the events scanned so far. */
  private readonly owedPuts: PutEvent[] = [];
  /** The same, per shard; and per shard, how many of them are known resolved from the front (see shardDone). */
  private readonly owedByShard = new Map<string, PutEvent[]>();
  private readonly resolvedFront = new Map<string, number>();
  /** Shards the poller is done with (see shardDone): done stays done. */
  private readonly doneShards = new Set<string>();
  /** The records retention trimmed, by event ID: true if the poller could not have read it then (see trimmedNow). */
  private readonly trimmed = new Map<string, boolean>();
  /** Per shard made by resharding, its parents (J-4). */
  private readonly parents = new Map<string, readonly string[]>();
  /** Per shard: the first record the poller read. */
  private readonly firstRead = new Map<string, string>();
  /** The tumbling windows the poller has open, each owed its final invocation (H-4). */
  private readonly openWindows = new OpenWindows();
  private scanned = 0;

  constructor(
    c: KinesisCase,
    /** The configuration in force (read by the lifecycle). */
    public config: EsmConfig,
    private readonly stream: KinesisStream,
    private readonly clock: VirtualClock,
    rng: Rng,
    private readonly trace: HarnessTrace,
    private readonly makePoller: PollerFactory,
  ) {
    trace.onTrim = (e) => this.trimmedNow(e);
    this.functionArn = functionArnOf(config);
    const timeout = c.function.timeoutSeconds !== undefined ? { timeoutSeconds: c.function.timeoutSeconds } : {};
    // The function is the case's scripted behaviour, so the invoker never builds an event of its own; Lambda throttles it as the case says (D-1).
    this.invoker = new Invoker({ kind: 'script', behaviour: c.function.behaviour, ...timeout }, clock, rng.fork('invoke'), trace, () => undefined, this.functionArn, throttlerFor(c.function, DEFAULT_EPOCH_MS));
    this.lifecycle = new MappingLifecycle(this, clock, trace, DEFAULT_MODEL_OPTIONS.updateLagMs); // the harness is its host, as the model's mapping is
  }

  /** Keep the clock yielding to the poller's promises until released (its loops need not hand the harness a promise). */
  keepAwake(): { release(): void } {
    let release = () => {};
    void this.clock.track(new Promise<void>((resolve) => (release = resolve)));
    return { release: () => release() };
  }

  start(poller: PollerUnderTest): void {
    const begun = startEvent(this.clock.now, this.stream.arn, this.functionArn, this.config);
    this.begun = begun;
    this.trace.emit(begun);
    this.lifecycle.begin();
    this.launch(poller);
  }

  private launch(poller: PollerUnderTest): void {
    this.launchedAt = this.clock.now;
    this.poller = poller;
    this.lastPoller = poller;
    this.readNow.clear();
    this.guard('threw from start()', () => poller.start(this.context()));
  }

  /** Tell the running poller to stop (a promise it returns is not waited for). */
  stop(): void {
    const poller = this.poller;
    this.poller = undefined;
    if (poller?.stop) this.guard('threw from stop()', () => poller.stop!());
  }

  /** UpdateEventSourceMapping Enabled=false (C-2): stop the poller; its invocation in flight may still end and count. */
  disable(): void {
    this.lifecycle.disable();
  }

  /** UpdateEventSourceMapping Enabled=true (C-2): a fresh poller, once the stopped one's invocation has ended. A mapping not started yet ignores it. */
  enable(): void {
    if (this.lifecycle.hasStarted) this.lifecycle.enable();
  }

  /**
   * UpdateEventSourceMapping (A-20), as the model applies it: the poller
   * stops (its open windows dropped); once the update lag has passed and its
   * invocation in flight has ended, a `config` event records the changes,
   * and a fresh poller starts with the new configuration, resuming after the
   * checkpoints as after a re-enable (C-2).
   */
  update(config: EsmConfig): void {
    this.lifecycle.update(config);
  }

  /** Invocations in flight (for the lifecycle: a stop lets them end). */
  get inFlight(): number {
    return this.invocationsInFlight;
  }

  /** Stop the poller, dropping its open windows (the model's decision, which the tumbling-window checker holds to). For the lifecycle. */
  stopReading(): void {
    this.stop();
    this.openWindows.clear();
  }

  /** A fresh poller once the stopped one's promises have settled, after a re-enable or an applied update. For the lifecycle. */
  startReading(why: ResumeReason): void {
    this.later(() => this.restart(why));
  }

  /** The configuration from now on (the lifecycle has written its `config` event). For the lifecycle. */
  configure(config: EsmConfig): void {
    this.config = config;
  }

  /**
   * The last invocation in flight ended: the mapping is now disabled, or
   * resumes, or its update applies. Once the stopped poller has handled that
   * invocation's result (its checkpoint or give-up comes first in the trace,
   * under the configuration it ran with, as in the model).
   */
  private drained(): void {
    if (!this.lifecycle.reading) this.later(() => this.lifecycle.drained());
  }

  /** A fresh poller from the factory, after the mapping was `why`; none when it is off again, already running one, or still updating. */
  private restart(why: ResumeReason): void {
    if (!this.lifecycle.reading || this.poller !== undefined) return;
    let poller: PollerUnderTest;
    try {
      poller = pollerFrom(this.makePoller);
    } catch (err) {
      return this.faulted(`${(err as PollerFault).message.replace(/^the poller under test /, '')}, when restarting it after the mapping was ${why}`);
    }
    if (poller === this.lastPoller) return this.faulted(`came from a factory that returned the poller it had already made and stopped: a restart after the mapping was ${why} needs a fresh poller`);
    this.launch(poller);
  }

  /**
   * Run a state change at this instant, after the promises the poller has
   * already settled: the stopped poller's handling of its last result comes
   * before the mapping is disabled, or a fresh poller starts.
   */
  private later(change: () => void): void {
    this.deferred++;
    this.clock.at(this.clock.now, () => {
      this.deferred--;
      change();
    });
  }

  /** Run a call into the poller; a throw or a rejection is a fault. */
  private guard(what: string, call: () => void | Promise<void>): void {
    try {
      const out = call();
      if (out instanceof Promise) void this.clock.track(out).catch((err: unknown) => this.faulted(`${what.replace('threw from', 'rejected in')}: ${describeError(err)}`));
    } catch (err) {
      this.faulted(`${what}: ${describeError(err)}`);
    }
  }

  private faulted(message: string): void {
    this.fault ??= new PollerFault(message);
  }

  /**
   * The poller has started, no invocation is running, every record the
   * mapping owes (C-1) is checkpointed or given up, or the mapping is
   * disabled (C-2: nothing is owed until it is enabled again), and no
   * tumbling window awaits its final invocation (H-4; see OpenWindows). A
   * window left open after that is the `tumbling-window` checker's: it finds
   * the window open when the trace ends.
   */
  done(): boolean {
    return this.settled() && this.openWindows.settledAt(this.clock.now);
  }

  /** Started, nothing running, and nothing owed (see done). */
  private settled(): boolean {
    if (this.begun === undefined || this.invocationsInFlight > 0 || this.deferred > 0 || this.lifecycle.updating) return false;
    const owed = this.scan();
    return !this.lifecycle.enabled || !owed.some((p) => this.open(p));
  }

  /** The puts the mapping owes (C-1), with the trace's new events scanned. */
  private scan(): readonly PutEvent[] {
    const events = this.trace.events;
    for (; this.scanned < events.length; this.scanned++) {
      const e = events[this.scanned]!;
      if (e.type === 'put' && inScopeOf(e, this.begun!) === true) {
        this.owedPuts.push(e);
        const shard = this.owedByShard.get(e.shardId);
        if (shard) shard.push(e);
        else this.owedByShard.set(e.shardId, [e]);
      }
      if (e.type === 'shard') this.parents.set(e.shardId, e.adjacentParentShardId === undefined ? [e.parentShardId] : [e.parentShardId, e.adjacentParentShardId]);
    }
    return this.owedPuts;
  }

  /**
   * Retention trimmed a record. The poller could not have read it if no
   * poller was running (before the mapping started, while it was disabled,
   * C-2, or while an update waited to apply, A-20), if its retention ran out
   * no later than the running poller started, or if a parent of its shard
   * was not done yet: a poller may leave a child unread until its parents
   * are (J-4).
   */
  private trimmedNow(e: TrimEvent): void {
    const id = `${e.shardId}:${e.seq}`;
    if (this.poller === undefined || e.t <= this.launchedAt) return void this.trimmed.set(id, true);
    this.scan(); // the shards and puts up to this trim
    this.trimmed.set(id, this.parentOpen(e.shardId, new Set()));
  }

  /** Is a parent of the shard, or one further up its lineage (each looked at once), not done yet (J-4)? */
  private parentOpen(shardId: string, seen: Set<string>): boolean {
    for (const parent of this.parents.get(shardId) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (!this.shardDone(parent) || this.parentOpen(parent, seen)) return true;
    }
    return false;
  }

  /**
   * Is the poller done with a shard: every owed record of it resolved, and
   * no window of it open (H-4, H-6)? That is what a poller that reads a
   * child after its parents waits for. A record once resolved stays so, and
   * a done shard gets no new records or windows (a parent is closed by the
   * time its child has a record to trim), so the answer is kept, and the
   * records are walked from the first not yet known resolved.
   */
  private shardDone(shardId: string): boolean {
    if (this.doneShards.has(shardId)) return true;
    const puts = this.owedByShard.get(shardId) ?? [];
    let front = this.resolvedFront.get(shardId) ?? 0;
    while (front < puts.length && !this.open(puts[front]!)) front++;
    this.resolvedFront.set(shardId, front);
    if (front < puts.length || this.openWindows.openOn(shardId)) return false;
    this.doneShards.add(shardId);
    return true;
  }

  /**
   * Is an owed record neither at or behind its shard's checkpoint, nor given
   * up, nor filtered out (I-3)? A record retention trimmed when the poller
   * could not have read it (see trimmedNow) is owed nothing, as
   * `conservation` holds. Nor is one trimmed before the poller read it if the
   * poller had read an earlier record of its shard: it fell behind, say behind
   * a poison record; nor one trimmed after a restart before the new poller
   * read it (C-2: what the stopped poller held is not the new one's). A
   * poller running while a record of a shard it never read is trimmed is owed
   * that record: that is how a shard left unread is caught.
   */
  private open(p: PutEvent): boolean {
    const id = `${p.shardId}:${p.seq}`;
    const trim = this.trimmed.get(id);
    if (trim === true) return false;
    const first = this.firstRead.get(p.shardId);
    if (trim === false && !this.readNow.has(id) && first !== undefined && compareSeq(first, p.seq) <= 0) return false;
    if (this.filteredOut.has(id)) return false;
    const through = this.resolvedThrough.get(p.shardId);
    return through === undefined || compareSeq(p.seq, through) > 0;
  }

  /**
   * The run ended unfinished: at the horizon, or with no timer left (the
   * poller awaits what never comes). With owed records unresolved, a fault.
   * With only a tumbling window left open (its lane kept invoking until the
   * horizon, say a final invocation that never succeeds), not: the trace ends
   * there, and the checkers judge what the lane did.
   */
  unfinished(atHorizon: boolean): void {
    const open = this.begun ? this.scan().filter((p) => this.open(p)) : [];
    if (this.begun !== undefined && (open.length === 0 || !this.lifecycle.enabled)) return;
    const first = open[0];
    const which = `${open.length} record(s) neither checkpointed, given up nor filtered out, the first ${first ? `${first.rid} (${first.shardId}:${first.seq})` : 'unknown'}`;
    this.faulted(atHorizon
      ? `left ${which}, by retention plus an hour after the workload's last event (J-1, D-7: every record is resolved by then)`
      : `stalled: no timer was pending and no invocation running, with ${which}`);
  }

  private context(): PollerContext {
    const harness = this;
    return {
      config: this.config,
      streamArn: this.stream.arn,
      functionArn: this.functionArn,
      checkpoints: Object.freeze({ ...this.checkpoints }),
      startedAt: new Date(this.begun!.t),
      kinesis: this.client(),
      invoke(shardId, event, options) {
        return harness.invoke(shardId, event, options?.lane ?? 0);
      },
      checkpoint(shardId, sequenceNumber) {
        harness.resolved('checkpoint', shardId, [sequenceNumber]);
        harness.checkpoints[shardId] = sequenceNumber;
        harness.openWindows.reported(shardId, harness.clock.now);
        harness.trace.emit({ t: harness.clock.now, type: 'checkpoint', shardId, seq: sequenceNumber });
      },
      discard(shardId, sequenceNumbers, condition: DiscardCondition) {
        if (sequenceNumbers.length === 0) return harness.faulted('gave up an empty list of records');
        harness.resolved('discard', shardId, sequenceNumbers);
        harness.openWindows.reported(shardId, harness.clock.now);
        harness.trace.emit({ t: harness.clock.now, type: 'discard', shardId, records: [...sequenceNumbers], condition });
      },
      filter(shardId, sequenceNumbers) {
        harness.filtered(shardId, sequenceNumbers);
      },
    };
  }

  /** Records the poller's filters dropped (I-3): each one it read from that shard; traced as the model traces them, resolved one by one. */
  private filtered(shardId: string, seqs: readonly string[]): void {
    if (!Array.isArray(seqs) || seqs.length === 0) return this.faulted(`reported an empty or malformed list of filtered records (${preview(seqs)})`);
    for (const seq of seqs) {
      if (!this.read.has(`${shardId}:${seq}`)) return this.faulted(`reported ${shardId}:${seq} as filtered out, a record it never read`);
    }
    for (const seq of seqs) this.filteredOut.add(`${shardId}:${seq}`);
    // A filter event lists its records once each, in shard order, as the model writes them; a poller may report them as it likes.
    const records = [...new Set(seqs)].sort(compareSeq);
    this.trace.emit({ t: this.clock.now, type: 'filter', shardId, records });
  }

  /** A checkpoint or give-up the poller reported: of records it read, on a shard it read. */
  private resolved(what: string, shardId: string, seqs: readonly string[]): void {
    for (const seq of seqs) {
      if (!this.read.has(`${shardId}:${seq}`)) return this.faulted(`reported a ${what} of ${shardId}:${seq}, a record it never read`);
      const through = this.resolvedThrough.get(shardId);
      if (through === undefined || compareSeq(seq, through) > 0) this.resolvedThrough.set(shardId, seq);
    }
  }

  private invoke(shardId: string, event: KinesisStreamEvent, lane: number): Promise<InvokeOutcome> {
    const read = eventWindow(event, shardId, this.stream.arn);
    if ('fault' in read) this.faulted(read.fault);
    const window = 'fault' in read ? undefined : read.window;
    const records = 'fault' in read ? undefined : this.batchOf(shardId, event, window?.final === true);
    const bytes = records && this.sizeOf(event);
    if (records === undefined || bytes === undefined) return Promise.reject(new Error(REFUSED));
    const windowKey = `${shardId}/${lane}`;
    this.openWindows.busy(windowKey, this.clock.now);
    return new Promise((resolve, reject) => {
      const admitted = this.invoker.invoke({ shardId, lane, records, seqs: records.map((r) => r.sequenceNumber), bytes, window }, (result) => {
        this.invocationsInFlight--;
        this.openWindows.ended(windowKey, window, result, this.clock.now);
        resolve(result.outcome === 'return' ? { outcome: 'return', response: result.response } : { outcome: result.outcome, error: result.error ?? '' });
        if (this.invocationsInFlight === 0) this.drained();
      });
      if (admitted) {
        this.invocationsInFlight++;
        if (window !== undefined) this.openWindows.admitted(windowKey, window, this.clock.now);
      } else if (this.throttledNow() <= THROTTLES_PER_INSTANT) resolve(THROTTLED);
      else {
        this.faulted(`retried throttled invocations ${THROTTLES_PER_INSTANT} times without letting any time pass: a throttle lasts, so the poller must back off before it tries again (D-1)`);
        reject(new Error(REFUSED));
      }
    });
  }

  /** Count a throttle at this virtual instant; how many there have been in it. */
  private throttledNow(): number {
    const now = this.clock.now;
    if (this.throttleInstant !== now) [this.throttleInstant, this.throttlesInInstant] = [now, 0];
    return ++this.throttlesInInstant;
  }

  /** The UTF-8 size of an event's JSON; a fault when it has none (a BigInt, a cycle): Lambda takes a JSON payload. */
  private sizeOf(event: KinesisStreamEvent): number | undefined {
    let bytes: number | undefined;
    try {
      bytes = jsonBytes(event);
    } catch {
      bytes = undefined;
    }
    if (bytes === undefined) this.faulted(`invoked the function with an event that has no JSON (${preview(event)}): Lambda takes a JSON payload`);
    return bytes;
  }

  /** The records an event names, each one the poller read from `shardId`; a fault otherwise. Only a tumbling window's final invocation may name none (H-4). */
  private batchOf(shardId: string, event: KinesisStreamEvent, final: boolean): StreamRecord[] | undefined {
    const list = (event as { Records?: unknown } | null)?.Records;
    if (!Array.isArray(list) || (list.length === 0 && !final)) return void this.faulted(`invoked the function with an event without records (${preview(event)})`);
    const records: StreamRecord[] = [];
    for (const r of list) {
      const seq = (r as { kinesis?: { sequenceNumber?: unknown } } | null)?.kinesis?.sequenceNumber;
      const record = typeof seq === 'string' ? this.read.get(`${shardId}:${seq}`) : undefined;
      if (record === undefined) return void this.faulted(`invoked the function for ${shardId} with a record it never read from that shard (kinesis.sequenceNumber ${JSON.stringify(seq)})`);
      records.push(record);
    }
    return records;
  }

  /** The stream as the SDK's Kinesis client reads it; reads that return records are traced as `poll` events. */
  private client(): KinesisClientLike {
    const { stream, clock } = this;
    const harness = this;
    return {
      async describeStreamSummary() {
        return { StreamDescriptionSummary: { StreamARN: stream.arn, RetentionPeriodHours: stream.retentionMs / 3_600_000, OpenShardCount: stream.openShards().length } };
      },
      async listShards() {
        return { Shards: stream.listShards().map((s) => ({ ...s, HashKeyRange: { ...s.HashKeyRange }, SequenceNumberRange: { ...s.SequenceNumberRange } })) };
      },
      async getShardIterator(input) {
        const ShardIterator = stream.getShardIterator({ ...input, Timestamp: input.Timestamp?.getTime() });
        return { ShardIterator };
      },
      async getRecords(input) {
        const out = stream.getRecords(input.ShardIterator, input.Limit);
        const records = out.Records;
        if (records.length > 0) {
          const shardId = records[0]!.shardId;
          for (const r of records) {
            harness.read.set(`${shardId}:${r.sequenceNumber}`, r);
            harness.readNow.add(`${shardId}:${r.sequenceNumber}`);
          }
          if (!harness.firstRead.has(shardId)) harness.firstRead.set(shardId, records[0]!.sequenceNumber);
          harness.trace.emit({ t: clock.now, type: 'poll', shardId, count: records.length, first: records[0]!.sequenceNumber, last: records.at(-1)!.sequenceNumber, millisBehindLatest: out.MillisBehindLatest });
        }
        return {
          Records: records.map(sdkRecord),
          NextShardIterator: out.NextShardIterator,
          MillisBehindLatest: out.MillisBehindLatest,
          ...(out.ChildShards ? { ChildShards: out.ChildShards.map((ShardId) => ({ ShardId })) } : {}),
        };
      },
    };
  }
}

/** A stored record as GetRecords returns it. */
function sdkRecord(r: StreamRecord): KinesisRecord {
  return { SequenceNumber: r.sequenceNumber, PartitionKey: r.partitionKey, Data: Buffer.from(dataBase64(r.data, r.rid), 'base64'), ApproximateArrivalTimestamp: new Date(r.arrivalMs) };
}

