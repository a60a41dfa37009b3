/**
 * Invokes an ack-returning function on the run's virtual clock: a scripted
 * function, or a real async handler that receives the exact AWS event. The
 * timeout is enforced in virtual time, and what the function returns is
 * normalised as Lambda does (JSON round trip; what cannot be serialised is a
 * function error), so the trace holds the response as the service saw it.
 */
import type { Context } from 'aws-lambda';
import { marshal, runHandler, timedOut } from '../lambda/runHandler.ts';
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
    runHandler(handler, { clock: this.clock, id: inv.id, functionArn: this.functionArn, timeoutMs: this.timeoutMs, event: inv.event }, done);
  }
}

/** Lambda serialises the return value as JSON: an array of Promises becomes `[{}, ...]` (P-3). */
export { marshal } from '../lambda/runHandler.ts';
