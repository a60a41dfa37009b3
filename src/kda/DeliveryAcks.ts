/**
 * Response matching for KDA output delivery (L-2, L-3): a pure function from
 * (function result, recordIds sent) to the records acknowledged `Ok` and the
 * records that failed, with the reason. Matching is by recordId only, never
 * by position.
 */
import { readAckEntries, type AckEntry } from '../ack/AckEntries.ts';
import type { FunctionResult } from '../ack/FunctionResult.ts';

/** Why a record's delivery failed. */
export type DeliveryFailure =
  /** L-3: the function threw; every record of the invocation fails. */
  | 'function-error'
  /** L-3: the function timed out; every record fails. */
  | 'timeout'
  /** L-2: no readable `records` list, so every record is missing from the response. */
  | 'unreadable-response'
  /** L-2: the record's id is not in the response (left out, answered without an id, or under another id). */
  | 'missing'
  /** L-2, model decision: the id was answered more than once, so the ack is ambiguous. */
  | 'duplicated'
  /** L-2: the entry has no `result`. */
  | 'missing-result'
  /** L-2: `result` is neither `Ok` nor `DeliveryFailed` (e.g. `"ok"`). */
  | 'unknown-result'
  /** L-2: the function answered `DeliveryFailed`. */
  | 'delivery-failed';

/** The verdict on one invocation. */
export interface DeliveryVerdict {
  /** Records acknowledged `Ok` (L-2): never to be sent again in this run (L-3). */
  readonly ok: ReadonlySet<string>;
  /** Records to re-send, with the reason, in sent order. */
  readonly failed: ReadonlyMap<string, DeliveryFailure>;
}

/** L-2: classify the result of an invocation that carried `sentIds`. */
export function classifyDelivery(result: FunctionResult, sentIds: readonly string[]): DeliveryVerdict {
  if (result.outcome !== 'return') return allFailed(sentIds, result.outcome === 'error' ? 'function-error' : 'timeout');
  const read = readAckEntries(result.response, sentIds);
  if (!read.readable) return allFailed(sentIds, 'unreadable-response');
  const ok = new Set<string>();
  const failed = new Map<string, DeliveryFailure>();
  for (const id of sentIds) {
    const verdict = entryVerdict(read.bySentId.get(id) ?? []);
    if (verdict === 'ok') ok.add(id);
    else failed.set(id, verdict);
  }
  return { ok, failed };
}

function entryVerdict(entries: readonly AckEntry[]): 'ok' | DeliveryFailure {
  if (entries.length === 0) return 'missing';
  if (entries.length > 1) return 'duplicated';
  const e = entries[0]!;
  if (!e.hasResult) return 'missing-result';
  if (e.result === 'Ok') return 'ok';
  if (e.result === 'DeliveryFailed') return 'delivery-failed';
  return 'unknown-result';
}

function allFailed(ids: readonly string[], why: DeliveryFailure): DeliveryVerdict {
  return { ok: new Set(), failed: new Map(ids.map((id) => [id, why])) };
}
