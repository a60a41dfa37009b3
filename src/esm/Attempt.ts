/**
 * A range of records being processed: a fresh batch, or what is left of one
 * after a partial failure, a bisect, or a retry.
 */
import type { Batch } from './Batch.ts';

/** Records under processing with their retry history. */
export interface Attempt {
  readonly batch: Batch;
  /** Retries consumed so far (counted against MaximumRetryAttempts). */
  readonly retries: number;
  /** Consecutive failures, for back-off. */
  readonly failures: number;
  /** Invocations that included these records (the on-failure approximateInvokeCount). */
  readonly invocations: number;
  /** Request id of the last invocation, if any. */
  readonly lastRequestId?: string;
  /** How the last failure ended: thrown/timed out, or a partial response (F-4). */
  readonly functionError?: 'Unhandled' | null;
}

/** A fresh attempt for a new batch. */
export function freshAttempt(batch: Batch): Attempt {
  return { batch, retries: 0, failures: 0, invocations: 0 };
}

/** The same attempt over a part of its records (partial failure, bisect, records aged out). */
export function narrowed(attempt: Attempt, from: number, to?: number): Attempt {
  return { ...attempt, batch: attempt.batch.slice(from, to) };
}
