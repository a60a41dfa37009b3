/**
 * Scripted function behaviours: deterministic, JSON-describable functions
 * under test. A behaviour decides, for each batch, how long the function runs
 * and how it ends, from the records in the batch and how often each was
 * delivered before. Scenario files and generators speak this format.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { InvokeWindow } from '../trace/TraceEvent.ts';
import { RESPONSE_TOO_LARGE, responseTooLarge } from './ResponseLimit.ts';

/** Which records a rule applies to. */
export interface RecordMatch {
  /** Workload record names. */
  readonly rids?: readonly string[];
  readonly partitionKeys?: readonly string[];
}

/**
 * One rule. While a matching record is in the batch and has been delivered
 * fewer than `times` times before (default: forever), the rule is active:
 * - `throw`: the function throws (an Unhandled function error);
 * - `timeout`: the function runs past its timeout;
 * - `reportFailure`: the function returns `batchItemFailures` naming the record;
 * - `respond`: the function returns `response` verbatim, where the string
 *   `"$seq"` stands for the matched record's sequence number.
 */
export interface BehaviourRule {
  readonly match: RecordMatch;
  readonly action: 'throw' | 'timeout' | 'reportFailure' | 'respond';
  readonly times?: number;
  readonly response?: unknown;
}

/** A scripted function. */
export interface Behaviour {
  /** Run time of an invocation: `baseMs + perRecordMs * records`. Default 10 + 0. */
  readonly baseMs?: number;
  readonly perRecordMs?: number;
  readonly rules?: readonly BehaviourRule[];
}

/** How one invocation ends. */
export type Decision =
  | { readonly outcome: 'return'; readonly response: unknown; readonly durationMs: number }
  | { readonly outcome: 'error'; readonly error: string; readonly durationMs: number }
  | { readonly outcome: 'timeout' };

/** A rule with its record names and keys as sets. */
interface CompiledRule {
  readonly rule: BehaviourRule;
  readonly rids: ReadonlySet<string>;
  readonly keys: ReadonlySet<string>;
}

/** Batches whose rule matches are kept (see ScriptedFunction.matchCache). */
const MATCH_CACHE_SIZE = 256;

/** No record indexes. */
const NONE: readonly number[] = Object.freeze([]);

/** The union of two ascending lists of indexes, ascending. */
function union(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (i < a.length && a[i] === next) i++;
    if (j < b.length && b[j] === next) j++;
    out.push(next);
  }
  return out;
}

/** Runs a behaviour, remembering deliveries per record. */
export class ScriptedFunction {
  /** Deliveries of each record a `times` rule matches (no other count is ever read). */
  private readonly deliveries = new Map<string, number>();
  /** The error message of each poison record, made once (a retry storm repeats it thousands of times). */
  private readonly errors = new Map<string, string>();
  private readonly rules: readonly CompiledRule[];
  /** Some rule is `respond`: only its responses can be large enough to pass Lambda's response limit (B-7). */
  private readonly responds: boolean;
  /**
   * Rule matches per batch array (see matchesOf), for the last few hundred
   * batches: a retry comes soon after its batch. A Map that is emptied when
   * full, not a WeakMap, whose entries cost the garbage collector a pass of
   * their own at every collection.
   */
  private readonly matchCache = new Map<readonly StreamRecord[], BatchMatches>();
  private readonly active: ActiveRules = { timeout: false, thrower: undefined, failures: undefined, responder: undefined };

  constructor(readonly behaviour: Behaviour) {
    this.rules = (behaviour.rules ?? []).map((rule) => ({ rule, rids: new Set(rule.match.rids ?? []), keys: new Set(rule.match.partitionKeys ?? []) }));
    this.responds = this.rules.some((r) => r.rule.action === 'respond');
  }

  /**
   * Decide the outcome of an invocation with `batch`: active rules in rule
   * order, then record order. `batch` must not change after it is passed
   * (the model's batches never do): its rule matches are kept by identity.
   */
  decide(batch: readonly StreamRecord[], window?: InvokeWindow): Decision {
    const decision = this.decideRecords(batch);
    if (window === undefined) return decision;
    const windowed = withState(decision, window, batch.length);
    // The state is added to a `respond` rule's failures after its size was checked: check again (B-7).
    return windowed !== decision && this.responds ? limited(windowed) : windowed;
  }

  private decideRecords(batch: readonly StreamRecord[]): Decision {
    const durationMs = (this.behaviour.baseMs ?? 10) + (this.behaviour.perRecordMs ?? 0) * batch.length;
    if (this.rules.length === 0) return { outcome: 'return', durationMs, response: null };
    const matches = this.matchesOf(batch);
    if (matches.decision !== undefined) return matches.decision;
    const decision = this.decideAfresh(batch, matches, durationMs);
    // No `times` rule reads this batch: nothing about it changes between deliveries, so a retry gets
    // this very decision (and response object) again.
    if (matches.counted.length === 0) matches.decision = decision;
    return decision;
  }

  private decideAfresh(batch: readonly StreamRecord[], matches: BatchMatches, durationMs: number): Decision {
    const active = this.activeRules(batch, matches);
    this.count(batch, matches);
    if (active.timeout) return { outcome: 'timeout' };
    if (active.thrower) return { outcome: 'error', error: this.errorFor(active.thrower.rid), durationMs };
    if (active.failures) {
      return { outcome: 'return', durationMs, response: { batchItemFailures: active.failures.map((r) => ({ itemIdentifier: r.sequenceNumber })) } };
    }
    if (active.responder) return limited({ outcome: 'return', durationMs, response: substitute(active.responder.rule.response, active.responder.record.sequenceNumber) });
    return { outcome: 'return', durationMs, response: null };
  }

  private count(batch: readonly StreamRecord[], matches: BatchMatches): void {
    for (const i of matches.counted) {
      const rid = batch[i]!.rid;
      this.deliveries.set(rid, (this.deliveries.get(rid) ?? 0) + 1);
    }
  }

  /**
   * Which records of `batch` each rule matches, and which any `times` rule
   * does, worked out once per batch array: a lane retries a batch with the
   * same array, so a retry storm matches its records once, not per invocation.
   */
  private matchesOf(batch: readonly StreamRecord[]): BatchMatches {
    let matches = this.matchCache.get(batch);
    if (matches === undefined) {
      const byRule = new Array<number[]>(this.rules.length);
      let counted = NONE;
      for (let k = 0; k < this.rules.length; k++) {
        const { rule, rids, keys } = this.rules[k]!;
        const hit: number[] = [];
        for (let i = 0; i < batch.length; i++) if (rids.has(batch[i]!.rid) || keys.has(batch[i]!.partitionKey)) hit.push(i);
        byRule[k] = hit;
        if (rule.times !== undefined && hit.length > 0) counted = counted === NONE ? hit : union(counted, hit);
      }
      matches = { byRule, counted };
      if (this.matchCache.size >= MATCH_CACHE_SIZE) this.matchCache.clear();
      this.matchCache.set(batch, matches);
    }
    return matches;
  }

  private errorFor(rid: string): string {
    let error = this.errors.get(rid);
    if (error === undefined) {
      error = `poison record ${rid}`;
      this.errors.set(rid, error);
    }
    return error;
  }

  /** What the rules active for `batch` call for: a timeout, the first thrower, every failure to report, the first response. */
  private activeRules(batch: readonly StreamRecord[], matches: BatchMatches): ActiveRules {
    const active = this.active; // reused: a decision is made and read before the next one starts
    active.timeout = false;
    active.thrower = undefined;
    active.failures = undefined;
    active.responder = undefined;
    for (let k = 0; k < this.rules.length; k++) {
      const { rule } = this.rules[k]!;
      const limit = rule.times ?? Infinity;
      for (const i of matches.byRule[k]!) {
        const record = batch[i]!;
        if (limit !== Infinity && (this.deliveries.get(record.rid) ?? 0) >= limit) continue;
        if (rule.action === 'timeout') active.timeout = true;
        else if (rule.action === 'throw') active.thrower ??= record;
        else if (rule.action === 'reportFailure') (active.failures ??= []).push(record);
        else active.responder ??= { rule, record };
      }
    }
    return active;
  }
}

/**
 * A scripted function in a tumbling window (H-3) aggregates: its state
 * counts the records it processed in the window, `{"records": n}`. A default
 * return or a `reportFailure` return carries that state (records reported
 * failed not counted); a `respond` rule's response is returned verbatim, so
 * a scenario can return no state, or any state, on purpose.
 */
function withState(decision: Decision, window: InvokeWindow, count: number): Decision {
  if (decision.outcome !== 'return') return decision;
  const { response } = decision;
  const failures = response !== null && typeof response === 'object' && 'batchItemFailures' in response ? (response.batchItemFailures as unknown[]) : undefined;
  if (response !== null && failures === undefined) return decision; // a `respond` rule's own response
  const before = (window.state as { records?: unknown }).records;
  const state = { records: (typeof before === 'number' ? before : 0) + (window.final ? 0 : count - (failures?.length ?? 0)) };
  return { ...decision, response: failures === undefined ? { state } : { state, batchItemFailures: failures } };
}

/** The records of one batch each rule matches (indexes, in batch order), and those any `times` rule matches. */
interface BatchMatches {
  readonly byRule: ReadonlyArray<readonly number[]>;
  readonly counted: readonly number[];
  /** The batch's decision, when no `times` rule matches it (it is then the same at every delivery). */
  decision?: Decision;
}

/** The active rules of one invocation, by action. */
interface ActiveRules {
  timeout: boolean;
  thrower: StreamRecord | undefined;
  /** Records to report as failed, once there is one. */
  failures: StreamRecord[] | undefined;
  responder: { readonly rule: BehaviourRule; readonly record: StreamRecord } | undefined;
}

/** A return, unless its response's JSON passes Lambda's 6 MB response limit (B-7): then the function error Lambda makes of it. */
function limited(decision: Decision): Decision {
  if (decision.outcome !== 'return') return decision;
  const json = JSON.stringify(decision.response);
  return json !== undefined && responseTooLarge(json) ? { outcome: 'error', error: RESPONSE_TOO_LARGE, durationMs: decision.durationMs } : decision;
}

function substitute(value: unknown, seq: string): unknown {
  if (value === '$seq') return seq;
  if (Array.isArray(value)) return value.map((v) => substitute(v, seq));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, seq)]));
  }
  return value;
}
