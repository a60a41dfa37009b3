/**
 * A range of records being processed: a fresh batch, or what is left of one
 * after a partial failure, a bisect, or a retry.
 */
import type { Entry } from './Checkpoint.ts';

/** Records under processing with their retry history. */
export interface Attempt {
  readonly entries: readonly Entry[];
  /** Retries consumed so far (counted against MaximumRetryAttempts). */
  readonly retries: number;
  /** Consecutive failures, for back-off. */
  readonly failures: number;
  /** Invocations that included these records (the on-failure approximateInvokeCount). */
  readonly invocations: number;
  /** Request id of the last invocation, if any. */
  readonly lastRequestId?: string;
  /** Payload size when known (a fresh batch measures it while forming). */
  readonly bytes?: number;
  /** How the last failure ended: thrown/timed out, or a partial response (F-4). */
  readonly functionError?: 'Unhandled' | null;
}

/** A fresh attempt for a new batch. */
export function freshAttempt(entries: readonly Entry[], bytes: number): Attempt {
  return { entries, retries: 0, failures: 0, invocations: 0, bytes };
}
