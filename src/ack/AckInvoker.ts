/**
 * Invokes an ack-returning function on the run's virtual clock: a scripted
 * function, or a real async handler that receives the exact AWS event. The
 * timeout is enforced in virtual time, and what the function returns is
 * normalised as Lambda does (JSON round trip; what cannot be serialised is a
 * function error), so the trace holds the response as the service saw it.
 */
import type { Context } from 'aws-lambda';
import type { VirtualClock } from '../sim/Clock.ts';
import type { FunctionResult } from './FunctionResult.ts';
import type { ScriptedAckFunction, ScriptRecord } from './AckScript.ts';

/** A real handler, as users write them for Lambda. */
export type AckHandler<E> = (event: E, context: Context) => unknown;

/** The function behind a destination or processor. */
export type AckFunction<E> =
  | { readonly kind: 'script'; readonly fn: ScriptedAckFunction }
  | { readonly kind: 'handler'; readonly handler: AckHandler<E> };

/** One invocation to run. */
export interface AckInvocation<E> {
  /** The invocation id (also the context's awsRequestId). */
  readonly id: string;
  readonly records: readonly ScriptRecord[];
  /** Builds the AWS event; only called for real handlers. */
  readonly event: () => E;
}

/** Runs invocations of one function with one timeout. */
export class AckInvoker<E> {
  constructor(
    private readonly fn: AckFunction<E>,
    private readonly clock: VirtualClock,
    private readonly timeoutMs: number,
    private readonly functionArn: string,
  ) {}

  /** Invoke; `done` is called exactly once, in virtual time. */
  invoke(inv: AckInvocation<E>, done: (result: FunctionResult) => void): void {
    if (this.fn.kind === 'script') this.runScript(this.fn.fn, inv, done);
    else this.runHandler(this.fn.handler, inv, done);
  }

  private runScript(fn: ScriptedAckFunction, inv: AckInvocation<E>, done: (result: FunctionResult) => void): void {
    const d = fn.decide(inv.records);
    if (d.outcome === 'timeout' || d.durationMs > this.timeoutMs) this.clock.after(this.timeoutMs, () => done(timedOut(this.timeoutMs)));
    else if (d.outcome === 'error') this.clock.after(d.durationMs, () => done({ outcome: 'error', error: d.error }));
    else this.clock.after(d.durationMs, () => done(marshal(d.response)));
  }

  private runHandler(handler: AckHandler<E>, inv: AckInvocation<E>, done: (result: FunctionResult) => void): void {
    let settled = false;
    const once = (r: FunctionResult) => {
      if (settled) return;
      settled = true;
      done(r);
    };
    const deadline = this.clock.now + this.timeoutMs;
    this.clock.after(this.timeoutMs, () => once(timedOut(this.timeoutMs)));
    let value: unknown;
    try {
      value = handler(inv.event(), this.context(inv.id, deadline));
    } catch (err) {
      this.clock.after(0, () => once({ outcome: 'error', error: describeError(err) }));
      return;
    }
    this.clock.track(Promise.resolve(value)).then((v) => once(marshal(v)), (err: unknown) => once({ outcome: 'error', error: describeError(err) }));
  }

  private context(id: string, deadline: number): Context {
    const name = this.functionArn.split(':').pop() ?? 'function';
    const clock = this.clock;
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.functionArn,
      memoryLimitInMB: '128',
      awsRequestId: id,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: 'streamcheck',
      getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }
}

function timedOut(limitMs: number): FunctionResult {
  return { outcome: 'timeout', error: `Task timed out after ${(limitMs / 1000).toFixed(2)} seconds` };
}

/** Lambda serialises the return value as JSON: an array of Promises becomes `[{}, ...]` (P-3). */
export function marshal(value: unknown): FunctionResult {
  if (value === undefined) return { outcome: 'return', response: null };
  try {
    const json = JSON.stringify(value);
    return { outcome: 'return', response: json === undefined ? null : JSON.parse(json) };
  } catch (err) {
    return { outcome: 'error', error: `Runtime.MarshalError: ${describeError(err)}` };
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 1024);
  return `Unhandled: ${String(err)}`.slice(0, 1024);
}
