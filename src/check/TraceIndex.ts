/**
 * One pass over a trace, building what every checker needs: records interned
 * as dense integers (`RecordTable`), invocations joined with their results and
 * classifications, and per record its put, its deliveries and the time it was
 * resolved (processed successfully, given up, or trimmed before it was read).
 */
import { ClassificationMemo } from '../esm/ClassificationMemo.ts';
import type { EsmConfig } from '../esm/EsmConfig.ts';
import { withChanges } from '../esm/ConfigChanges.ts';
import { compareSeq } from '../kinesis/SequenceNumber.ts';
import type {
  CheckpointEvent, DestinationEvent, DiscardEvent, EndEvent, FilterEvent, InvokeEvent, PollEvent, PutEvent, ResultEvent, ShardEvent, StartEvent, StateEvent,
  ThrottleEvent, TraceEvent, TrimEvent,
} from '../trace/TraceEvent.ts';
import { failedIn, type Invocation } from './Invocation.ts';
import { firstAbove } from './firstAbove.ts';
import { LaneAttempts } from './LaneAttempts.ts';
import { LaneNumbers } from './LaneNumbers.ts';
import { nextInLaneTable } from './laneHistory.ts';
import { resultsById } from './ResultsById.ts';
import { RecordTable, type Rec, type RecordId } from './RecordTable.ts';

export type { Invocation } from './Invocation.ts';
export { recordId, type Rec, type RecordId } from './RecordTable.ts';

const NONE: readonly Invocation[] = [];
const NO_THROTTLES: readonly Throttled[] = [];

/** A throttled invocation (D-1), with its place in the trace. */
export interface Throttled {
  readonly event: ThrottleEvent;
  /** Its index in the trace: events of one instant are ordered by it. */
  readonly pos: number;
}

/** The events that happen under a configuration. */
type ConfiguredEvent = InvokeEvent | ThrottleEvent | DiscardEvent | DestinationEvent | FilterEvent;

/** Everything checkers read, computed once. */
export class TraceIndex {
  readonly start: StartEvent | undefined;
  readonly end: EndEvent | undefined;
  /** Every record the trace mentions (put, invoked, throttled, given up, filtered or trimmed). */
  readonly records = new RecordTable();
  /** Puts per shard in sequence order. */
  readonly shardPuts = new Map<string, PutEvent[]>();
  /** Per shard, the record of each of its puts: `shardPutRecs.get(s)[i]` is the record `shardPuts.get(s)[i]` put. */
  readonly shardPutRecs = new Map<string, Rec[]>();
  readonly invocations: Invocation[] = [];
  /** Per lane number: a retry storm repeats one response for one batch, classified once (trace events never change). */
  private readonly classifications: ClassificationMemo[] = [];
  /** Invocations per shard and lane (`lane` absent counts as 0), lanes in order of first invocation, each in trace order; `Invocation.laneNo` indexes it. */
  readonly lanes: Invocation[][] = [];
  readonly discards: DiscardEvent[] = [];
  /** Records the mapping's FilterCriteria dropped (I-3). */
  readonly filters: FilterEvent[] = [];
  readonly destinations: DestinationEvent[] = [];
  readonly checkpoints: CheckpointEvent[] = [];
  /** The index in the trace of each of `checkpoints`. */
  private readonly checkpointPos: number[] = [];
  readonly polls: PollEvent[] = [];
  /** Invocations Lambda throttled (D-1), with their places in the trace, in trace order: they never reached the function. */
  readonly throttles: Throttled[] = [];
  /** Records trimmed by retention, in order of their first trim event. */
  readonly trimmed: Rec[] = [];
  /** Records delivered at least once, in order of their first delivery. */
  readonly delivered: Rec[] = [];
  /** Shards opened by resharding, in order (J-4). */
  readonly shardEvents: ShardEvent[] = [];
  /** Mapping state changes (A-20, C-2). */
  readonly states: StateEvent[] = [];
  /** The index in the trace of each of `states`. */
  private readonly statePos: number[] = [];
  /** Per record: its (last) put event. */
  private readonly puts: Array<PutEvent | undefined> = [];
  /** Per record: its (last) trim event. */
  private readonly trims: Array<TrimEvent | undefined> = [];
  /** Per record: the invocations that delivered it, in order. */
  private readonly deliveries: Array<Invocation[] | undefined> = [];
  /** Per record: the throttled invocations that held it (D-1), in trace order. */
  private readonly throttled: Array<Throttled[] | undefined> = [];
  /** Per record: earliest time it was processed successfully, NaN if never. */
  private readonly succeeded: number[] = [];
  /** Per record: earliest time it was given up, NaN if never. */
  private readonly discarded: number[] = [];
  /** Per record: when the mapping's filters dropped it for good (I-3; see settleFilters), NaN if never. */
  private readonly filtered: number[] = [];
  /** Times of each filter event naming a record, in order. */
  private readonly filterTimes = new Map<Rec, number[]>();
  /** The configuration from each time on: the initial one, then each update that took effect. */
  private readonly configs: ConfigInForce[];
  /** Numbers shards (given up from or invoked) and the lanes invocations ran in, in order of first mention. */
  private readonly laneNumbers = new LaneNumbers();
  /** Where in the trace the mapping was (re-)enabled (C-2): indices of its `Enabled` state events. */
  private readonly enabledPos: number[] = [];
  /** Per shard: the sequence numbers given up for RecordAgeExceeded (D-6), by the time they were. */
  private readonly ageDiscards: Array<Map<number, string[]> | undefined> = []; // by shard number
  /** See `attempts` (computed on first use). */
  private laneAttempts: LaneAttempts | undefined;
  /** Per invocation: the next of its lane delivering any of its records (computed on first use). */
  private nextInLaneOf: readonly number[] | undefined;
  /** Batches already interned, by the identity of their sequence-number array (see batchRecs). */
  private readonly internedBatches = new Map<readonly string[], { readonly shardId: string; readonly recs: readonly Rec[] }>();
  /** Per give-up: its index in the trace. */
  private readonly discardPos = new Map<DiscardEvent, number>();
  /** Per record: the index in the trace of its (last) trim event. */
  private readonly trimPos: number[] = [];
  /** The configuration each invoke, throttle, discard, destination and filter event happened under, once an update took effect. */
  private readonly configOf = new Map<TraceEvent, EsmConfig>();

  constructor(
    readonly trace: readonly TraceEvent[],
    readonly config: EsmConfig,
  ) {
    this.configs = [configFrom(-Infinity, config)];
    const results: ResultEvent[] = [];
    const resultPos: number[] = [];
    const invokes: InvokeEvent[] = [];
    const invokePos: number[] = [];
    const invokedUnder: ConfigInForce[] = [];
    let start: StartEvent | undefined;
    let end: EndEvent | undefined;
    for (let i = 0; i < trace.length; i++) {
      const e = trace[i]!;
      switch (e.type) {
        case 'start': start = e; break;
        case 'end': end = e; break;
        case 'put': this.addPut(e); break;
        case 'trim': this.addTrim(e, i); break;
        case 'poll': this.polls.push(e); break;
        case 'invoke': this.noteConfig(e); invokes.push(e); invokePos.push(i); invokedUnder.push(this.configs[this.configs.length - 1]!); break;
        case 'discard': this.noteConfig(e); this.addDiscard(e); this.discardPos.set(e, i); break;
        case 'filter': this.noteConfig(e); this.addFilter(e); break;
        case 'destination': this.noteConfig(e); this.destinations.push(e); break;
        case 'checkpoint': this.checkpoints.push(e); this.checkpointPos.push(i); break;
        case 'shard': this.shardEvents.push(e); break;
        case 'state': this.addState(e, i); break;
        case 'config': this.configs.push(configFrom(e.t, withChanges(this.currentConfig, e.changes as Partial<EsmConfig>))); break;
        case 'result': results.push(e); resultPos.push(i); break;
        case 'throttle': this.noteConfig(e); this.addThrottle(e, i); break;
      }
    }
    // Joined once every result is known: an invocation's result is the last with its id.
    const byId = resultsById(results);
    for (let i = 0; i < invokes.length; i++) {
      const r = byId.get(invokes[i]!.id);
      this.addInvocation(invokes[i]!, invokePos[i]!, r === undefined ? undefined : results[r], r === undefined ? Infinity : resultPos[r]!, invokedUnder[i]!);
    }
    this.settleFilters();
    this.start = start;
    this.end = end;
    for (const [shardId, puts] of this.shardPuts) inSeqOrder(puts, this.shardPutRecs.get(shardId)!);
  }

  /** The configuration in force at this point of the pass. */
  private get currentConfig(): EsmConfig {
    return this.configs[this.configs.length - 1]!.config;
  }

  private addState(e: StateEvent, pos: number): void {
    this.states.push(e);
    this.statePos.push(pos);
    if (e.state === 'Enabled') this.enabledPos.push(pos);
  }

  /** Remember the configuration of an invoke, throttle, discard, destination or filter event, if an update changed it. */
  private noteConfig(e: ConfiguredEvent): void {
    if (this.configs.length > 1) this.configOf.set(e, this.currentConfig);
  }

  /** The record `seq` of `shardId`, interned, with room for its per-record data. */
  private rec(shardId: string, seq: string): Rec {
    const rec = this.records.intern(shardId, seq);
    if (rec === this.succeeded.length) {
      this.puts.push(undefined);
      this.trims.push(undefined);
      this.trimPos.push(NaN);
      this.deliveries.push(undefined);
      this.throttled.push(undefined);
      this.succeeded.push(NaN);
      this.discarded.push(NaN);
      this.filtered.push(NaN);
    }
    return rec;
  }

  private addPut(e: PutEvent): void {
    const rec = this.rec(e.shardId, e.seq);
    this.puts[rec] = e;
    const list = this.shardPuts.get(e.shardId);
    if (list) {
      list.push(e);
      this.shardPutRecs.get(e.shardId)!.push(rec);
    } else {
      this.shardPuts.set(e.shardId, [e]);
      this.shardPutRecs.set(e.shardId, [rec]);
    }
  }

  private addThrottle(e: ThrottleEvent, pos: number): void {
    const at: Throttled = { event: e, pos };
    this.throttles.push(at);
    for (const seq of e.records) {
      const rec = this.rec(e.shardId, seq);
      const list = this.throttled[rec];
      if (list) list.push(at);
      else this.throttled[rec] = [at];
    }
  }

  private addTrim(e: TrimEvent, pos: number): void {
    const rec = this.rec(e.shardId, e.seq);
    if (this.trims[rec] === undefined) this.trimmed.push(rec);
    this.trims[rec] = e;
    this.trimPos[rec] = pos;
  }

  private addInvocation(invoke: InvokeEvent, pos: number, result: ResultEvent | undefined, endPos: number, { config, reportsItemFailures }: ConfigInForce): void {
    const laneNo = this.laneNumbers.laneNo(invoke.shardId, invoke.lane ?? 0);
    const classification = result ? (this.classifications[laneNo] ??= new ClassificationMemo()).classify(result, invoke.records, reportsItemFailures, config.TumblingWindowInSeconds > 0) : undefined;
    const seqs = invoke.records;
    const recs = this.batchRecs(invoke.shardId, seqs);
    const anyFailed = classification?.kind === 'partial' || (classification?.kind === 'failure' && seqs.length > 0);
    const shardNo = this.laneNumbers.shardNo(invoke.shardId);
    const inv: Invocation = {
      n: this.invocations.length, invoke, result, classification, config,
      t: invoke.t, endT: result?.t ?? Infinity, pos, endPos, shardId: invoke.shardId, shardNo, lane: invoke.lane, laneNo, records: seqs, recs, anyFailed,
    };
    this.invocations.push(inv);
    if (laneNo === this.lanes.length) this.lanes.push([inv]);
    else this.lanes[laneNo]!.push(inv);
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i]!;
      const list = this.deliveries[rec];
      if (list) list.push(inv);
      else {
        this.deliveries[rec] = [inv];
        this.delivered.push(rec);
      }
      if (result && classification && Number.isNaN(this.succeeded[rec]!) && !failedIn(inv, seqs[i]!)) this.succeeded[rec] = result.t;
    }
  }

  /**
   * A batch's records, interned. A producer that retries a batch may hand every
   * retry's event the same array (the reference model does: a poison record's
   * thousand retries share one): such a batch is interned once.
   */
  private batchRecs(shardId: string, seqs: readonly string[]): readonly Rec[] {
    const known = this.internedBatches.get(seqs);
    if (known !== undefined && known.shardId === shardId) return known.recs;
    const recs = new Array<Rec>(seqs.length);
    for (let i = 0; i < seqs.length; i++) recs[i] = this.rec(shardId, seqs[i]!);
    this.internedBatches.set(seqs, { shardId, recs });
    return recs;
  }

  private addDiscard(e: DiscardEvent): void {
    this.discards.push(e);
    if (e.condition === 'RecordAgeExceeded') {
      const byTime = (this.ageDiscards[this.laneNumbers.shardNo(e.shardId)] ??= new Map());
      const seqs = byTime.get(e.t);
      if (seqs === undefined) byTime.set(e.t, [...e.records]);
      else seqs.push(...e.records);
    }
    for (const s of e.records) {
      const rec = this.rec(e.shardId, s);
      if (Number.isNaN(this.discarded[rec]!)) this.discarded[rec] = e.t;
    }
  }

  private addFilter(e: FilterEvent): void {
    this.filters.push(e);
    for (const s of e.records) {
      const rec = this.rec(e.shardId, s);
      const times = this.filterTimes.get(rec);
      if (times) times.push(e.t);
      else this.filterTimes.set(rec, [e.t]);
    }
  }

  /**
   * A filter event resolves a record (I-3) only if the record was not
   * delivered after it: a record filtered out, then delivered under other
   * filters (an update, A-20), is resolved by that delivery or not at all.
   */
  private settleFilters(): void {
    for (const [rec, times] of this.filterTimes) {
      const deliveries = this.deliveries[rec];
      const lastDelivery = deliveries !== undefined ? deliveries[deliveries.length - 1]!.t : -Infinity;
      const t = times.find((f) => f > lastDelivery);
      if (t !== undefined) this.filtered[rec] = t;
    }
  }

  /** The record `seq` of `shardId`, if the trace mentions it. */
  recordOf(shardId: string, seq: string): Rec | undefined {
    return this.records.find(shardId, seq);
  }

  /** A record's eventID, `shardId:seq`. */
  idOf(rec: Rec): RecordId {
    return this.records.id(rec);
  }

  /**
   * Per invocation (by `n`): the `n` of the next invocation of the same shard
   * and lane that delivers any of its records, -1 if none (computed on first use).
   */
  get nextInLane(): readonly number[] {
    return (this.nextInLaneOf ??= nextInLaneTable(this.lanes, this.invocations.length, this.records.size));
  }

  /** The put event of a record, if it was put. */
  putOf(rec: Rec): PutEvent | undefined {
    return this.puts[rec];
  }

  /** The trim event of a record, if retention trimmed it. */
  trimOf(rec: Rec): TrimEvent | undefined {
    return this.trims[rec];
  }

  /** The invocations that delivered a record, in order. */
  deliveriesOf(rec: Rec): readonly Invocation[] {
    return this.deliveries[rec] ?? NONE;
  }

  /** The deliveries of `rec` that the trace shows before the give-up `d` (at its instant too, when they come first). */
  deliveriesBefore(rec: Rec, d: DiscardEvent): readonly Invocation[] {
    const all = this.deliveriesOf(rec);
    const at = this.placeOf(d);
    let k = all.length;
    while (k > 0 && all[k - 1]!.pos > at) k--;
    return k === all.length ? all : all.slice(0, k);
  }

  /** Earliest time the record was processed successfully, if ever. */
  succeededAt(rec: Rec): number | undefined {
    return orUndefined(this.succeeded[rec]!);
  }

  /** Earliest time the record was given up, if ever. */
  discardedAt(rec: Rec): number | undefined {
    return orUndefined(this.discarded[rec]!);
  }

  /**
   * Was the record resolved at time `t`: processed successfully, given up or
   * trimmed by then, or filtered out (I-3) at or before `t` and not delivered
   * since? A record filtered out is resolved until a later read under other
   * filters (an update, A-20) delivers it.
   */
  resolvedBy(rec: Rec, t: number): boolean {
    const at = this.resolvedAt(rec);
    return (at !== undefined && at <= t) || this.filteredBy(rec, t);
  }

  private filteredBy(rec: Rec, t: number): boolean {
    const last = this.lastFilteredBy(rec, t);
    if (last === undefined) return false;
    return !(this.deliveries[rec] ?? NONE).some((d) => d.t >= last && d.t <= t);
  }

  /** The time of the last filter event naming the record at or before `t` (I-3), if any. */
  lastFilteredBy(rec: Rec, t: number): number | undefined {
    const times = this.filterTimes.get(rec);
    let last: number | undefined;
    if (times !== undefined) for (const f of times) if (f <= t) last = f;
    return last;
  }

  /** When the mapping's filters dropped the record for good (I-3: not delivered after it), if they did. */
  filteredAt(rec: Rec): number | undefined {
    return orUndefined(this.filtered[rec]!);
  }

  /** Time the record was resolved (succeeded, given up, filtered out or trimmed), if ever. */
  resolvedAt(rec: Rec): number | undefined {
    let at = this.succeeded[rec]!;
    const discarded = this.discarded[rec]!;
    if (Number.isNaN(at) || discarded < at) at = discarded;
    const filtered = this.filtered[rec]!;
    if (Number.isNaN(at) || filtered < at) at = filtered;
    const trimmed = this.trims[rec]?.t;
    if (trimmed !== undefined && (Number.isNaN(at) || trimmed < at)) at = trimmed;
    return orUndefined(at);
  }

  /** How the record was resolved at `resolvedAt`, in words for a story. */
  howResolved(rec: Rec): 'processed successfully' | 'given up' | 'filtered out' | 'trimmed' | undefined {
    const at = this.resolvedAt(rec);
    if (at === undefined) return undefined;
    if (this.succeeded[rec] === at) return 'processed successfully';
    if (this.discarded[rec] === at) return 'given up';
    if (this.filtered[rec] === at) return 'filtered out';
    return 'trimmed';
  }

  /** Must the mapping deliver this record (C-1)? See `inScopeOf`; a trace without a start owes nothing. */
  inScope(put: PutEvent): boolean | undefined {
    return this.start ? inScopeOf(put, this.start) : false;
  }

  /** The configurations in force at some moment from `from` to `to`, in order. */
  configsBetween(from: number, to: number): EsmConfig[] {
    const { configs } = this;
    const out: EsmConfig[] = [];
    for (let i = 0; i < configs.length; i++) {
      const next = configs[i + 1];
      if (configs[i]!.t <= to && (next === undefined || next.t > from)) out.push(configs[i]!.config);
    }
    return out;
  }

  /** The configuration an invoke, throttle, discard, destination or filter event happened under (A-20: updates take effect at their `config` event). */
  configFor(e: ConfiguredEvent): EsmConfig {
    return this.configOf.get(e) ?? this.config;
  }

  /** Parents of a shard opened by resharding (none for the stream's first shards). */
  parentsOf(shardId: string): string[] {
    const e = this.shardEvents.find((s) => s.shardId === shardId);
    return e ? [e.parentShardId, ...(e.adjacentParentShardId ? [e.adjacentParentShardId] : [])] : [];
  }

  /** Every shard with puts or lineage, parents before children: the first shards by id, then in opening order. */
  get shardsInLineageOrder(): string[] {
    if (this.shardEvents.length === 0) return [...this.shardPuts.keys()].sort(); // no resharding: the first shards alone
    const opened = new Set(this.shardEvents.map((e) => e.shardId));
    const first = new Set<string>();
    for (const id of this.shardPuts.keys()) if (!opened.has(id)) first.add(id);
    for (const e of this.shardEvents) for (const p of this.parentsOf(e.shardId)) if (!opened.has(p)) first.add(p);
    return [...[...first].sort(), ...this.shardEvents.map((e) => e.shardId)];
  }

  /** Did the run end with the mapping disabled (C-2: nothing further is owed)? An update the trace ends in leaves it as it was. */
  get endedDisabled(): boolean {
    const last = this.settledState(this.states.length);
    return last === 'Disabling' || last === 'Disabled';
  }

  /** How many throttled invocations (D-1) held record `seq` of `shardId` between the trace's events at `from` and `to` (indices, exclusive). */
  throttlesOf(shardId: string, seq: string, from: number, to: number): number {
    const rec = this.recordOf(shardId, seq);
    return rec === undefined ? 0 : this.throttledBetween(rec, from, to).length;
  }

  /** The throttled invocations (D-1) that held a record between the trace's events at `from` and `to` (indices, exclusive), in trace order. */
  throttledBetween(rec: Rec, from: number, to: number): readonly Throttled[] {
    const all = this.throttledOf(rec);
    const i = firstAbove(all, from, (th) => th.pos);
    let j = i;
    while (j < all.length && all[j]!.pos < to) j++;
    return i === 0 && j === all.length ? all : all.slice(i, j);
  }

  /** The throttled invocations (D-1) that held a record, in trace order. */
  throttledOf(rec: Rec): readonly Throttled[] {
    return this.throttled[rec] ?? NO_THROTTLES;
  }

  /**
   * The give-up's index in the trace: what comes before it there came first,
   * whatever the times say (events of one instant are ordered by the trace).
   */
  placeOf(d: DiscardEvent): number {
    return this.discardPos.get(d) ?? -1;
  }

  /** The index in the trace of the record's (last) trim, NaN if it was never trimmed. */
  trimPlaceOf(rec: Rec): number {
    return this.trimPos[rec]!;
  }

  /**
   * Was the mapping (re-)enabled between the trace's events at indices `a`
   * and `b` (exclusive)? Any `Enabled` counts: after a disable (C-2) or at the
   * end of an update, the pollers restart from the checkpoints. By
   * trace order, so an `Enabled` in the instant of a result or a give-up is
   * placed as the trace has it.
   */
  reenabledBetween(a: number, b: number): boolean {
    const i = firstAbove(this.enabledPos, a, (p) => p);
    return i < this.enabledPos.length && this.enabledPos[i]! < b;
  }

  /** Were some records of the shard (by `Invocation.shardNo`) given up for RecordAgeExceeded at exactly `t` (D-6)? */
  gaveUpForAgeAt(shardNo: number, t: number): boolean {
    return this.ageDiscards.length > 0 && (this.ageDiscards[shardNo]?.has(t) ?? false);
  }

  /** The sequence numbers of `shardId` given up for RecordAgeExceeded at exactly `t` (D-6), if any. */
  agedOutAt(shardId: string, t: number): readonly string[] | undefined {
    if (this.ageDiscards.length === 0) return undefined;
    const shardNo = this.laneNumbers.knownShardNo(shardId);
    return shardNo === undefined ? undefined : this.ageDiscards[shardNo]?.get(t);
  }

  /** Was the mapping disabling or disabled at `t` (C-2)? An update (`Updating`) leaves that as it was. */
  disabledAt(t: number): boolean {
    const s = this.settledState(firstAbove(this.states, t, (e) => e.t)); // the states at or before `t`
    return s === 'Disabling' || s === 'Disabled';
  }

  /** The state the first `n` state events leave the mapping in, `Updating` aside (an update leaves it as it was). */
  private settledState(n: number): StateEvent['state'] | undefined {
    for (let i = n - 1; i >= 0; i--) if (this.states[i]!.state !== 'Updating') return this.states[i]!.state;
    return undefined;
  }

  /**
   * Was the mapping not reading just before the trace's event at index `pos`:
   * stopped (C-2), or updating (A-20: the pollers stop until the update ends
   * with `Enabled`)? By trace order; a trace without state events never is.
   */
  haltedBefore(pos: number): boolean {
    const n = firstAbove(this.statePos, pos - 1, (p) => p); // the state events before `pos`
    return n > 0 && this.states[n - 1]!.state !== 'Enabled';
  }

  /** The index in the trace of the first state event after index `pos` that stops or restarts the pollers (any but `Enabled`: a disable, C-2, or an update, A-20), Infinity if none. */
  firstHaltAfter(pos: number): number {
    for (let i = firstAbove(this.statePos, pos, (p) => p); i < this.states.length; i++) if (this.states[i]!.state !== 'Enabled') return this.statePos[i]!;
    return Infinity;
  }

  /** Each lane's attempts by trace index (worked out on first use). */
  get attempts(): LaneAttempts {
    return (this.laneAttempts ??= new LaneAttempts(this.invocations, this.throttles, (shardId, t) => this.agedOutAt(shardId, t)));
  }

  /** The index in the trace of the first checkpoint of `shardId` at or past `seq` after index `pos`, Infinity if none. */
  firstCheckpointPast(shardId: string, seq: string, pos: number): number {
    for (let i = firstAbove(this.checkpointPos, pos, (p) => p); i < this.checkpoints.length; i++) {
      const c = this.checkpoints[i]!;
      if (c.shardId === shardId && compareSeq(c.seq, seq) >= 0) return this.checkpointPos[i]!;
    }
    return Infinity;
  }

  /** The index in the trace of the last `Enabled` state before index `pos` (a re-enable, C-2, or an update's end, A-20), -1 if none. */
  lastEnabledBefore(pos: number): number {
    const i = firstAbove(this.enabledPos, pos - 1, (p) => p); // the `Enabled`s before `pos`
    return i > 0 ? this.enabledPos[i - 1]! : -1;
  }

  /** Human name of a record: its workload name, key and place. */
  describe(rec: Rec): string {
    const p = this.puts[rec];
    return p ? `${p.rid} (key "${p.partitionKey}", seq ${p.seq} on ${p.shardId})` : `record ${this.idOf(rec)}`;
  }

  /** A record's workload name, else its eventID. */
  nameOf(rec: Rec): string {
    return this.puts[rec]?.rid ?? this.idOf(rec);
  }

  /** Did the run end with nothing left to do (not at the safety horizon)? */
  get complete(): boolean {
    return this.end?.reason === 'quiescent';
  }
}

/** A configuration and when it took effect. */
interface ConfigInForce {
  readonly t: number;
  readonly config: EsmConfig;
  readonly reportsItemFailures: boolean;
}

function configFrom(t: number, config: EsmConfig): ConfigInForce {
  return { t, config, reportsItemFailures: config.FunctionResponseTypes.includes('ReportBatchItemFailures') };
}

/** Stably sort a shard's puts by sequence number (they usually already are), and their records alike. */
function inSeqOrder(puts: PutEvent[], recs: Rec[]): void {
  let sorted = true;
  for (let i = 1; i < puts.length && sorted; i++) sorted = compareSeq(puts[i - 1]!.seq, puts[i]!.seq) <= 0;
  if (sorted) return;
  const order = puts.map((_, i) => i).sort((i, j) => compareSeq(puts[i]!.seq, puts[j]!.seq));
  const [p, r] = [order.map((i) => puts[i]!), order.map((i) => recs[i]!)];
  for (let i = 0; i < order.length; i++) {
    puts[i] = p[i]!;
    recs[i] = r[i]!;
  }
}

function orUndefined(t: number): number | undefined {
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Must a mapping that started as `start` says deliver this record (C-1)?
 * TRIM_HORIZON: every record; LATEST: records put after the mapping started;
 * AT_TIMESTAMP: records at or after the timestamp. A record put in the very
 * millisecond the mapping started under LATEST may go either way (C-1
 * gotcha): `undefined`.
 */
export function inScopeOf(put: PutEvent, start: StartEvent): boolean | undefined {
  switch (start.startingPosition) {
    case 'TRIM_HORIZON': return true;
    case 'LATEST': return put.t > start.t ? true : put.t === start.t ? undefined : false;
    case 'AT_TIMESTAMP': return put.t >= (start.startingPositionTimestamp ?? start.t);
  }
}
