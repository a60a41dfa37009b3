/**
 * One pass over a trace, building what every checker needs: records by id,
 * invocations joined with their results and classifications, and the time
 * each record was resolved (processed successfully, given up, or trimmed
 * before it was read).
 */
import { classifyResult, type Classification } from '../esm/BatchResponse.ts';
import type { EsmConfig } from '../esm/EsmConfig.ts';
import { withChanges } from '../esm/ConfigChanges.ts';
import { compareSeq } from '../kinesis/SequenceNumber.ts';
import type {
  CheckpointEvent, DestinationEvent, DiscardEvent, EndEvent, InvokeEvent, PollEvent, PutEvent, ResultEvent, ShardEvent, StartEvent, StateEvent,
  TraceEvent, TrimEvent,
} from '../trace/TraceEvent.ts';

/** `shardId:seq`, the K-1 eventID. */
export type RecordId = string;

/** A record's id. */
export function recordId(shardId: string, seq: string): RecordId {
  return `${shardId}:${seq}`;
}

/** An invocation with how it ended. */
export interface Invocation {
  readonly invoke: InvokeEvent;
  readonly result: ResultEvent | undefined;
  readonly classification: Classification | undefined;
  /** Records of the batch that failed in it (all, from the lowest reported failure, or none). */
  readonly failed: ReadonlySet<string>;
  readonly ids: readonly RecordId[];
}

/** Everything checkers read, computed once. */
export class TraceIndex {
  readonly start: StartEvent | undefined;
  readonly end: EndEvent | undefined;
  readonly puts = new Map<RecordId, PutEvent>();
  /** Puts per shard in sequence order. */
  readonly shardPuts = new Map<string, PutEvent[]>();
  readonly invocations: Invocation[] = [];
  readonly discards: DiscardEvent[] = [];
  readonly destinations: DestinationEvent[] = [];
  readonly checkpoints: CheckpointEvent[] = [];
  readonly polls: PollEvent[] = [];
  readonly trims = new Map<RecordId, TrimEvent>();
  /** Invocations that delivered each record, in order. */
  readonly deliveries = new Map<RecordId, Invocation[]>();
  /** Earliest time each record was processed successfully. */
  readonly succeededAt = new Map<RecordId, number>();
  /** Earliest time each record was given up. */
  readonly discardedAt = new Map<RecordId, number>();
  /** Shards opened by resharding, in order (J-4). */
  readonly shardEvents: ShardEvent[] = [];
  /** Mapping state changes (A-20, C-2). */
  readonly states: StateEvent[] = [];
  /** The configuration from each time on: the initial one, then each update that took effect. */
  private readonly configs: Array<{ readonly t: number; readonly config: EsmConfig }>;
  /** The configuration each invoke, discard and destination event happened under, by trace order. */
  private readonly configOf = new Map<TraceEvent, EsmConfig>();

  constructor(
    readonly trace: readonly TraceEvent[],
    readonly config: EsmConfig,
  ) {
    this.configs = [{ t: -Infinity, config }];
    const results = new Map<string, ResultEvent>();
    for (const e of trace) if (e.type === 'result') results.set(e.id, e);
    let start: StartEvent | undefined;
    let end: EndEvent | undefined;
    for (const e of trace) {
      if (e.type === 'invoke' || e.type === 'discard' || e.type === 'destination') this.configOf.set(e, this.configs[this.configs.length - 1]!.config);
      switch (e.type) {
        case 'start': start = e; break;
        case 'end': end = e; break;
        case 'put': this.addPut(e); break;
        case 'trim': this.trims.set(recordId(e.shardId, e.seq), e); break;
        case 'poll': this.polls.push(e); break;
        case 'invoke': this.addInvocation(e, results.get(e.id)); break;
        case 'discard': this.addDiscard(e); break;
        case 'destination': this.destinations.push(e); break;
        case 'checkpoint': this.checkpoints.push(e); break;
        case 'shard': this.shardEvents.push(e); break;
        case 'state': this.states.push(e); break;
        case 'config': this.configs.push({ t: e.t, config: withChanges(this.configs[this.configs.length - 1]!.config, e.changes as Partial<EsmConfig>) }); break;
        case 'result': break;
      }
    }
    this.start = start;
    this.end = end;
    for (const list of this.shardPuts.values()) list.sort((a, b) => compareSeq(a.seq, b.seq));
  }

  private addPut(e: PutEvent): void {
    this.puts.set(recordId(e.shardId, e.seq), e);
    const list = this.shardPuts.get(e.shardId) ?? [];
    list.push(e);
    this.shardPuts.set(e.shardId, list);
  }

  private addInvocation(invoke: InvokeEvent, result: ResultEvent | undefined): void {
    const ids = invoke.records.map((s) => recordId(invoke.shardId, s));
    const classification = result ? classifyResult(result, invoke.records, this.configFor(invoke).FunctionResponseTypes.includes('ReportBatchItemFailures')) : undefined;
    const failed = new Set<string>();
    if (classification?.kind === 'failure') for (const s of invoke.records) failed.add(s);
    if (classification?.kind === 'partial') for (const s of invoke.records) if (compareSeq(s, classification.lowestFailed) >= 0) failed.add(s);
    const inv: Invocation = { invoke, result, classification, failed, ids };
    this.invocations.push(inv);
    ids.forEach((id, i) => {
      const list = this.deliveries.get(id) ?? [];
      list.push(inv);
      this.deliveries.set(id, list);
      if (result && classification && !failed.has(invoke.records[i]!) && !this.succeededAt.has(id)) this.succeededAt.set(id, result.t);
    });
  }

  private addDiscard(e: DiscardEvent): void {
    this.discards.push(e);
    for (const s of e.records) {
      const id = recordId(e.shardId, s);
      if (!this.discardedAt.has(id)) this.discardedAt.set(id, e.t);
    }
  }

  /** Time the record was resolved (succeeded, given up, or trimmed), if ever. */
  resolvedAt(id: RecordId): number | undefined {
    const times = [this.succeededAt.get(id), this.discardedAt.get(id), this.trims.get(id)?.t].filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  /**
   * Must the mapping deliver this record (C-1)? TRIM_HORIZON: every record;
   * LATEST: records put after the mapping started; AT_TIMESTAMP: records at or
   * after the timestamp. A record put in the very millisecond the mapping
   * started under LATEST may go either way (C-1 gotcha): `undefined`.
   */
  inScope(put: PutEvent): boolean | undefined {
    const start = this.start;
    if (!start) return false;
    switch (start.startingPosition) {
      case 'TRIM_HORIZON': return true;
      case 'LATEST': return put.t > start.t ? true : put.t === start.t ? undefined : false;
      case 'AT_TIMESTAMP': return put.t >= (start.startingPositionTimestamp ?? start.t);
    }
  }

  /** The configuration an invoke, discard or destination event happened under (A-20: updates take effect at their `config` event). */
  configFor(e: InvokeEvent | DiscardEvent | DestinationEvent): EsmConfig {
    return this.configOf.get(e) ?? this.config;
  }

  /** Parents of a shard opened by resharding (none for the stream's first shards). */
  parentsOf(shardId: string): string[] {
    const e = this.shardEvents.find((s) => s.shardId === shardId);
    return e ? [e.parentShardId, ...(e.adjacentParentShardId ? [e.adjacentParentShardId] : [])] : [];
  }

  /** Every shard with puts or lineage, parents before children: the first shards by id, then in opening order. */
  get shardsInLineageOrder(): string[] {
    const opened = new Set(this.shardEvents.map((e) => e.shardId));
    const first = new Set<string>();
    for (const id of this.shardPuts.keys()) if (!opened.has(id)) first.add(id);
    for (const e of this.shardEvents) for (const p of this.parentsOf(e.shardId)) if (!opened.has(p)) first.add(p);
    return [...[...first].sort(), ...this.shardEvents.map((e) => e.shardId)];
  }

  /** Did the run end with the mapping disabled (C-2: nothing further is owed)? */
  get endedDisabled(): boolean {
    const last = this.states[this.states.length - 1];
    return last !== undefined && (last.state === 'Disabling' || last.state === 'Disabled');
  }

  /** Was the mapping re-enabled after `a` and at or before `b` (C-2: pollers restart)? */
  reenabledBetween(a: number, b: number): boolean {
    return this.states.some((s) => s.state === 'Enabled' && s.t > a && s.t <= b);
  }

  /** Was the mapping disabling or disabled at `t` (C-2)? An update (`Updating`) leaves that as it was. */
  disabledAt(t: number): boolean {
    let off = false;
    for (const s of this.states) {
      if (s.t > t) break;
      if (s.state !== 'Updating') off = s.state === 'Disabling' || s.state === 'Disabled';
    }
    return off;
  }

  /** When the mapping was last enabled at or before `t` (its start, or a re-enable). */
  lastEnabledAt(t: number): number {
    let at = this.start?.t ?? 0;
    for (const s of this.states) if (s.state === 'Enabled' && s.t <= t) at = s.t;
    return at;
  }

  /** Human name of a record: its workload name, key and place. */
  describe(id: RecordId): string {
    const p = this.puts.get(id);
    return p ? `${p.rid} (key "${p.partitionKey}", seq ${p.seq} on ${p.shardId})` : `record ${id}`;
  }

  /** Did the run end with nothing left to do (not at the safety horizon)? */
  get complete(): boolean {
    return this.end?.reason === 'quiescent';
  }
}
