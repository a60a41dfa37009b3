/**
 * Running a real Lambda handler on the virtual clock, the way Lambda's
 * runtime ends an invocation: the timeout is enforced in virtual time, a
 * thrown error (sync or async) is a function error, and the return value
 * goes through a JSON round trip, so what cannot be serialised is a
 * `Runtime.MarshalError`, a response past 6 MB is `Function.ResponseSizeTooLarge`
 * (B-7), and an array of Promises becomes `[{}, ...]` (P-3).
 * Shared by every model that invokes user code (stream mappings, KDA, Firehose).
 */
import type { Context } from 'aws-lambda';
import type { VirtualClock } from '../sim/Clock.ts';
import { RESPONSE_TOO_LARGE, responseTooLarge } from './ResponseLimit.ts';

/** How an invocation ended, as a trace records it. */
export interface HandlerEnd {
  readonly outcome: 'return' | 'error' | 'timeout';
  readonly response?: unknown;
  readonly error?: string;
}

/** What the runtime knows of the invocation. */
export interface HandlerRun<E> {
  readonly clock: VirtualClock;
  /** The request id (the context's awsRequestId). */
  readonly id: string;
  readonly functionArn: string;
  readonly timeoutMs: number;
  /** Builds the AWS event. */
  readonly event: () => E;
}

/** Invoke `handler`; `done` is called exactly once, in virtual time. */
export function runHandler<E>(handler: (event: E, context: Context) => unknown, run: HandlerRun<E>, done: (end: HandlerEnd) => void): void {
  const ending = new Ending(done);
  const deadline = run.clock.now + run.timeoutMs;
  run.clock.after(run.timeoutMs, () => ending.end(timedOut(run.timeoutMs)));
  let value: unknown;
  try {
    value = handler(run.event(), lambdaContext(run, deadline));
  } catch (err) {
    run.clock.after(0, () => ending.end({ outcome: 'error', error: describeError(err) }));
    return;
  }
  run.clock.track(Promise.resolve(value)).then((v) => ending.end(marshal(v)), (err: unknown) => ending.end({ outcome: 'error', error: describeError(err) }));
}

/**
 * An invocation's end, told once: the first of the timeout, a throw and the
 * returned promise wins. (An object, not a closure per invocation: see
 * docs/design.md, "Closures and the loader".)
 */
class Ending {
  private settled = false;

  constructor(private readonly done: (end: HandlerEnd) => void) {}

  end(end: HandlerEnd): void {
    if (this.settled) return;
    this.settled = true;
    this.done(end);
  }
}

/** Lambda's timeout result. */
export function timedOut(limitMs: number): HandlerEnd {
  return { outcome: 'timeout', error: `Task timed out after ${(limitMs / 1000).toFixed(2)} seconds` };
}

/** Lambda serialises the return value as JSON; what cannot be serialised, or passes the 6 MB response limit (B-7), is a function error. */
export function marshal(value: unknown): HandlerEnd {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    return { outcome: 'error', error: `Runtime.MarshalError: ${describeError(err)}` };
  }
  if (json === undefined) return { outcome: 'return', response: null };
  if (responseTooLarge(json)) return { outcome: 'error', error: RESPONSE_TOO_LARGE };
  return { outcome: 'return', response: JSON.parse(json) };
}

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 1024);
  return `Unhandled: ${String(err)}`.slice(0, 1024);
}

function lambdaContext(run: HandlerRun<unknown>, deadline: number): Context {
  const name = run.functionArn.split(':').pop() ?? 'function';
  const clock = run.clock;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: run.functionArn,
    memoryLimitInMB: '128',
    awsRequestId: run.id,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'streamcheck',
    getRemainingTimeInMillis() {
      return Math.max(0, deadline - clock.now);
    },
    done() {},
    fail() {},
    succeed() {},
  };
}
