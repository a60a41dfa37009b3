/**
 * How one invocation of an ack-returning function ended, exactly as the
 * function ended it: the shape both the KDA and the Firehose traces record
 * at the function boundary, so checkers classify responses themselves.
 */

/** `return`: a value came back; `error`: it threw; `timeout`: it ran past its timeout. */
export type Outcome = 'return' | 'error' | 'timeout';

/** An invocation's end, as recorded in a trace. */
export interface FunctionResult {
  readonly outcome: Outcome;
  /** The returned value after Lambda's JSON round trip, for `return`. */
  readonly response?: unknown;
  readonly error?: string;
}

/** The trace event both ack-matching traces record when an invocation ends. */
export interface AckResultEvent extends FunctionResult {
  readonly t: number;
  readonly type: 'result';
  readonly invocationId: string;
}
