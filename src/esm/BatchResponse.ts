/**
 * Classifying a function's response to a stream batch (E-1..E-6): a pure
 * function from (response, batch) to success, partial failure at the lowest
 * reported sequence number, or complete failure.
 */
import { compareSeq } from '../kinesis/SequenceNumber.ts';

/** What the mapping makes of one invocation's result. */
export type Classification =
  | { readonly kind: 'success'; readonly note?: 'wrong-top-level-key' }
  | { readonly kind: 'partial'; readonly lowestFailed: string }
  | { readonly kind: 'failure'; readonly reason: string };

/** A function result as the trace records it. */
export interface FunctionResult {
  readonly outcome: 'return' | 'error' | 'timeout';
  readonly response?: unknown;
}

// The classifications that carry nothing of the response: one shared, frozen object each.
const SUCCESS: Classification = Object.freeze({ kind: 'success' });
const WRONG_TOP_LEVEL_KEY: Classification = Object.freeze({ kind: 'success', note: 'wrong-top-level-key' });
const THREW: Classification = Object.freeze({ kind: 'failure', reason: 'the function threw (Unhandled)' });
const TIMED_OUT: Classification = Object.freeze({ kind: 'failure', reason: 'the function timed out' });
const NOT_A_LIST: Classification = Object.freeze({ kind: 'failure', reason: 'batchItemFailures is not a list' });
const NO_STATE: Classification = Object.freeze({ kind: 'failure', reason: 'the function returned no state for its tumbling window (H-3)' });

/** Membership of a batch's sequence numbers, when the caller keeps one for the batch (see ClassificationMemo). */
export interface BatchMembership {
  has(seq: string): boolean;
}

/**
 * Classify a result for a batch whose sequence numbers are `batch`.
 * `reportBatchItemFailures`: whether FunctionResponseTypes holds it (E-1).
 * `members`, if given, must answer for exactly `batch`. `windowed`: the
 * mapping has a tumbling window, so a return without a `state` object is a
 * failure (H-3), and `state` is not a wrong top-level key (E-6).
 */
export function classifyResult(result: FunctionResult, batch: readonly string[], reportBatchItemFailures: boolean, members?: BatchMembership, windowed = false): Classification {
  if (result.outcome === 'error') return THREW;
  if (result.outcome === 'timeout') return TIMED_OUT;
  if (windowed && windowStateOf(result.response) === undefined) return NO_STATE;
  if (!reportBatchItemFailures) return SUCCESS; // E-1: the body is ignored
  return classifyResponse(result.response, batch, members, windowed);
}

/**
 * The `state` a tumbling-window function returned (H-3): the response's
 * `state`, when the response is an object and its state a JSON object
 * (`TimeWindowEventResponse`; model decision: any other value, an array or
 * null included, is no state). Undefined otherwise.
 */
export function windowStateOf(response: unknown): Record<string, unknown> | undefined {
  if (response === null || typeof response !== 'object' || Array.isArray(response)) return undefined;
  const state = (response as Record<string, unknown>)['state'];
  return state !== null && typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : undefined;
}

/** E-4/E-5/E-6: classify a returned value when ReportBatchItemFailures is on (`windowed`: `state` is a key of the response, H-3). */
export function classifyResponse(response: unknown, batch: readonly string[], members?: BatchMembership, windowed = false): Classification {
  if (response === null || response === undefined || response === '') return SUCCESS; // E-4
  if (typeof response !== 'object' || Array.isArray(response)) {
    // E-4: a bare [] was observed as success; other non-objects carry no failures either.
    return SUCCESS;
  }
  const body = response as Record<string, unknown>;
  if (!('batchItemFailures' in body)) {
    const keys = Object.keys(body).filter((k) => !windowed || k !== 'state');
    return keys.length === 0 ? SUCCESS : WRONG_TOP_LEVEL_KEY; // E-4, E-6
  }
  const items = body['batchItemFailures'];
  if (items === null || items === undefined) return SUCCESS; // E-4
  if (!Array.isArray(items)) return NOT_A_LIST;
  if (items.length === 0) return SUCCESS; // E-4
  return lowestFailure(items, batch, members);
}

function lowestFailure(items: readonly unknown[], batch: readonly string[], members: BatchMembership | undefined): Classification {
  const inBatch = members ?? (batch.length * items.length > 64 ? new Set(batch) : undefined); // a scan is cheaper for a few lookups in a small batch
  let lowest: string | undefined;
  for (const item of items) {
    if (item === null || typeof item !== 'object' || !('itemIdentifier' in item)) {
      return { kind: 'failure', reason: `an item has no itemIdentifier: ${JSON.stringify(item)}` }; // E-5
    }
    const id = (item as { itemIdentifier: unknown }).itemIdentifier;
    if (typeof id !== 'string' || id === '') return { kind: 'failure', reason: `itemIdentifier ${JSON.stringify(id)} is not a sequence number` }; // E-5
    if (!(inBatch ? inBatch.has(id) : batch.includes(id))) return { kind: 'failure', reason: `itemIdentifier "${id}" is not in the batch` }; // E-5
    if (lowest === undefined || compareSeq(id, lowest) < 0) lowest = id; // E-3: integer order
  }
  return { kind: 'partial', lowestFailed: lowest! };
}

