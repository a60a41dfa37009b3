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

/**
 * Classify a result for a batch whose sequence numbers are `batch`.
 * `reportBatchItemFailures`: whether FunctionResponseTypes holds it (E-1).
 */
export function classifyResult(result: FunctionResult, batch: readonly string[], reportBatchItemFailures: boolean): Classification {
  if (result.outcome === 'error') return { kind: 'failure', reason: 'the function threw (Unhandled)' };
  if (result.outcome === 'timeout') return { kind: 'failure', reason: 'the function timed out' };
  if (!reportBatchItemFailures) return { kind: 'success' }; // E-1: the body is ignored
  return classifyResponse(result.response, batch);
}

/** E-4/E-5/E-6: classify a returned value when ReportBatchItemFailures is on. */
export function classifyResponse(response: unknown, batch: readonly string[]): Classification {
  if (response === null || response === undefined || response === '') return { kind: 'success' }; // E-4
  if (typeof response !== 'object' || Array.isArray(response)) {
    // E-4: a bare [] was observed as success; other non-objects carry no failures either.
    return { kind: 'success' };
  }
  const body = response as Record<string, unknown>;
  if (!('batchItemFailures' in body)) {
    const keys = Object.keys(body);
    return keys.length === 0 ? { kind: 'success' } : { kind: 'success', note: 'wrong-top-level-key' }; // E-4, E-6
  }
  const items = body['batchItemFailures'];
  if (items === null || items === undefined) return { kind: 'success' }; // E-4
  if (!Array.isArray(items)) return { kind: 'failure', reason: 'batchItemFailures is not a list' };
  if (items.length === 0) return { kind: 'success' }; // E-4
  return lowestFailure(items, batch);
}

function lowestFailure(items: readonly unknown[], batch: readonly string[]): Classification {
  const inBatch = new Set(batch);
  let lowest: string | undefined;
  for (const item of items) {
    if (item === null || typeof item !== 'object' || !('itemIdentifier' in item)) {
      return { kind: 'failure', reason: `an item has no itemIdentifier: ${JSON.stringify(item)}` }; // E-5
    }
    const id = (item as { itemIdentifier: unknown }).itemIdentifier;
    if (typeof id !== 'string' || id === '') return { kind: 'failure', reason: `itemIdentifier ${JSON.stringify(id)} is not a sequence number` }; // E-5
    if (!inBatch.has(id)) return { kind: 'failure', reason: `itemIdentifier "${id}" is not in the batch` }; // E-5
    if (lowest === undefined || compareSeq(id, lowest) < 0) lowest = id; // E-3: integer order
  }
  return { kind: 'partial', lowestFailed: lowest! };
}
