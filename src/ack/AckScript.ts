/**
 * Scripted ack-returning functions: deterministic, JSON-describable stand-ins
 * for a KDA output function (L-2) or a Firehose transformation function
 * (M-2). A script decides, per invocation, how long the function runs and
 * what it answers, from the records' workload names and how often each was
 * delivered to it before. Generators, scenario files and tests speak this
 * format; every misbehaviour the response-matching rules name is one action.
 */
import type { Decision } from '../lambda/Behaviour.ts';

/**
 * What a matched record makes the function do.
 * Per record (the others are still answered properly):
 * - `fail`: answer `DeliveryFailed` (KDA) / `ProcessingFailed` (Firehose);
 * - `drop`: answer `Dropped` (Firehose success; an unknown result for KDA);
 * - `omit`: leave the record out of the response (L-2, M-2 `Lambda.MissingRecordId`);
 * - `duplicate`: answer the record twice (M-2 `Lambda.DuplicatedRecordId`);
 * - `invent`: answer under an invented recordId (L-2 mismatch);
 * - `noResult` / `noId`: leave out `result` / `recordId` (L-2);
 * - `wrongCase`: answer `"ok"` (an unknown result value).
 * For the whole invocation:
 * - `asyncMap`: every entry is `{}` (P-3: an async map without await);
 * - `throw`: the function throws; `timeout`: it runs past its timeout.
 */
export type AckAction =
  | 'fail' | 'drop' | 'omit' | 'duplicate' | 'invent' | 'noResult' | 'noId' | 'wrongCase'
  | 'asyncMap' | 'throw' | 'timeout';

/** Actions that spoil the whole invocation rather than one record's answer. */
/** One rule: active for a matched record while it was delivered fewer than `times` times before (default: forever). */
export interface AckRule {
  /** Workload names of the records it applies to; `all: true` for every record. */
  readonly match: { readonly rids?: readonly string[]; readonly all?: boolean };
  readonly action: AckAction;
  readonly times?: number;
}

/** A scripted function. With no rules it acknowledges every record `Ok`. */
export interface AckScript {
  /** Run time of an invocation: `baseMs + perRecordMs * records`. Default 10 + 0. */
  readonly baseMs?: number;
  readonly perRecordMs?: number;
  readonly rules?: readonly AckRule[];
}

/** A record as the script sees it: its workload name and the id it was sent under. */
export interface ScriptRecord {
  readonly rid: string;
  readonly recordId: string;
}

/** The result vocabulary of the service the script answers. */
export interface AckDialect {
  readonly ok: string;
  readonly failed: string;
  /** Attach `data` (the record's id, base64) to every entry, as Firehose requires for `Ok`. */
  readonly withData: boolean;
}

/** KDA output (L-2). */
export const KDA_DIALECT: AckDialect = { ok: 'Ok', failed: 'DeliveryFailed', withData: false };
/** Firehose transformation (M-2). */
export const FIREHOSE_DIALECT: AckDialect = { ok: 'Ok', failed: 'ProcessingFailed', withData: true };

/** Runs a script, remembering deliveries per record name. */
export class ScriptedAckFunction {
  private readonly deliveries = new Map<string, number>();

  constructor(
    readonly script: AckScript,
    private readonly dialect: AckDialect,
  ) {}

  /** Decide how an invocation with `records` ends. */
  decide(records: readonly ScriptRecord[]): Decision {
    const durationMs = (this.script.baseMs ?? 10) + (this.script.perRecordMs ?? 0) * records.length;
    const actions = records.map((r) => this.activeAction(r));
    for (const r of records) this.deliveries.set(r.rid, (this.deliveries.get(r.rid) ?? 0) + 1);
    if (actions.includes('timeout')) return { outcome: 'timeout' };
    const thrower = records.find((_, i) => actions[i] === 'throw');
    if (thrower) return { outcome: 'error', error: `Error: poison record ${thrower.rid}`, durationMs };
    if (actions.includes('asyncMap')) return { outcome: 'return', durationMs, response: { records: records.map(() => ({})) } };
    const entries = records.flatMap((r, i) => this.entries(r, actions[i]));
    return { outcome: 'return', durationMs, response: { records: entries } };
  }

  private activeAction(r: ScriptRecord): AckAction | undefined {
    for (const rule of this.script.rules ?? []) {
      const matched = rule.match.all === true || (rule.match.rids?.includes(r.rid) ?? false);
      if (matched && (this.deliveries.get(r.rid) ?? 0) < (rule.times ?? Infinity)) return rule.action;
    }
    return undefined;
  }

  private entries(r: ScriptRecord, action: AckAction | undefined): object[] {
    const data = this.dialect.withData ? { data: Buffer.from(r.recordId, 'utf8').toString('base64') } : {};
    const entry = (result: string) => ({ recordId: r.recordId, result, ...data });
    switch (action) {
      case 'fail': return [entry(this.dialect.failed)];
      case 'drop': return [entry('Dropped')];
      case 'omit': return [];
      case 'duplicate': return [entry(this.dialect.ok), entry(this.dialect.ok)];
      case 'invent': return [{ ...entry(this.dialect.ok), recordId: `invented-${r.recordId}` }];
      case 'noResult': return [{ recordId: r.recordId, ...data }];
      case 'noId': return [{ result: this.dialect.ok, ...data }];
      case 'wrongCase': return [entry(this.dialect.ok.toLowerCase())];
      default: return [entry(this.dialect.ok)];
    }
  }
}
