/**
 * A range of records being processed: a fresh batch, or what is left of one
 * after a partial failure, a bisect, or a retry. Immutable: each step of a
 * failure chain makes the next attempt (a class with a fixed shape, so that
 * a retry storm of thousands of steps costs one small object each).
 */
import type { Batch } from './Batch.ts';

/** How the last failure ended: thrown or timed out, or a partial response (F-4). */
export type FunctionError = 'Unhandled' | null;

/** Records under processing with their retry history. */
export class Attempt {
  constructor(
    readonly batch: Batch,
    /** Retries consumed so far (counted against MaximumRetryAttempts). */
    readonly retries = 0,
    /** Consecutive failures, for back-off. */
    readonly failures = 0,
    /** Invocations that included these records (the on-failure approximateInvokeCount). */
    readonly invocations = 0,
    /** Request id of the last invocation, if any. */
    readonly lastRequestId: string | undefined = undefined,
    /** How the last failure ended, once one did. */
    readonly functionError: FunctionError | undefined = undefined,
  ) {}

  /** One more invocation included these records (D-7: an age check before one counts it, without a request). */
  invoked(requestId: string | undefined = this.lastRequestId): Attempt {
    return new Attempt(this.batch, this.retries, this.failures, this.invocations + 1, requestId, this.functionError);
  }

  /** The last invocation failed this way (F-4). */
  failedAs(functionError: FunctionError): Attempt {
    return new Attempt(this.batch, this.retries, this.failures, this.invocations, this.lastRequestId, functionError);
  }

  /** A retry counted against MaximumRetryAttempts, after one more consecutive failure (D-2, D-3). */
  retried(): Attempt {
    return new Attempt(this.batch, this.retries + 1, this.failures + 1, this.invocations, this.lastRequestId, this.functionError);
  }

  /** One more consecutive failure that is not a retry (the payload never reached the function, B-7). */
  waited(): Attempt {
    return new Attempt(this.batch, this.retries, this.failures + 1, this.invocations, this.lastRequestId, this.functionError);
  }

  /** The same attempt over records `from` to `to` (exclusive) of its batch. */
  narrowed(from: number, to?: number): Attempt {
    return new Attempt(this.batch.slice(from, to), this.retries, this.failures, this.invocations, this.lastRequestId, this.functionError);
  }

  /** A bisect half (D-9): records `from` to `to`, with `retries` and no failures yet. */
  half(from: number, to: number | undefined, retries: number): Attempt {
    return new Attempt(this.batch.slice(from, to), retries, 0, this.invocations, this.lastRequestId, this.functionError);
  }
}
