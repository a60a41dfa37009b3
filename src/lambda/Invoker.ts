/**
 * Invokes the function under test on the virtual clock, enforces its
 * timeout, normalises what it returns as Lambda would (JSON round trip), and
 * records `invoke` and `result` trace events at the function boundary.
 */
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import { IdSequence, type Rng } from '../sim/Rng.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { ResultEvent } from '../trace/TraceEvent.ts';
import { ScriptedFunction } from './Behaviour.ts';
import { timeoutMs, type FunctionSpec, type StreamHandler } from './FunctionUnderTest.ts';

/** An invocation's result as the mapping sees it. */
export type InvocationResult = Pick<ResultEvent, 'outcome' | 'response' | 'error'> & { readonly id: string };

/** What the invoker needs to know about where the batch came from. */
export interface InvokeRequest {
  readonly shardId: string;
  readonly lane: number;
  readonly records: readonly StreamRecord[];
  readonly bytes: number;
}

/** Runs invocations of one function. */
export class Invoker {
  private readonly script: ScriptedFunction | undefined;
  private readonly limitMs: number;
  private readonly ids: IdSequence;

  constructor(
    private readonly spec: FunctionSpec,
    private readonly clock: VirtualClock,
    rng: Rng,
    private readonly trace: TraceRecorder,
    /** The invocation event for a batch (K-1 or K-2), for real handlers. */
    private readonly eventOf: (records: readonly StreamRecord[]) => unknown,
    private readonly functionArn: string,
  ) {
    this.script = spec.kind === 'script' ? new ScriptedFunction(spec.behaviour) : undefined;
    this.limitMs = timeoutMs(spec);
    this.ids = new IdSequence(rng);
  }

  /** Invoke with a batch; `done` is called once, in virtual time, with the result. */
  invoke(req: InvokeRequest, done: (result: InvocationResult) => void): void {
    const id = this.ids.id();
    const records = req.records.map((r) => r.sequenceNumber);
    this.trace.emit({ t: this.clock.now, type: 'invoke', id, shardId: req.shardId, lane: req.lane, records, bytes: req.bytes });
    const finish = (result: Omit<InvocationResult, 'id'>) => {
      const full = { id, ...result };
      this.trace.emit({ t: this.clock.now, type: 'result', ...full });
      done(full);
    };
    if (this.script) this.runScript(req.records, finish);
    else this.runHandler((this.spec as { handler: StreamHandler }).handler, id, req.records, finish);
  }

  private runScript(records: readonly StreamRecord[], finish: (r: Omit<InvocationResult, 'id'>) => void): void {
    const decision = this.script!.decide(records);
    if (decision.outcome === 'timeout' || decision.durationMs > this.limitMs) {
      this.clock.after(this.limitMs, () => finish(timedOut(this.limitMs)));
    } else if (decision.outcome === 'error') {
      this.clock.after(decision.durationMs, () => finish({ outcome: 'error', error: decision.error }));
    } else {
      this.clock.after(decision.durationMs, () => finish({ outcome: 'return', response: decision.response }));
    }
  }

  private runHandler(handler: StreamHandler, id: string, records: readonly StreamRecord[], finish: (r: Omit<InvocationResult, 'id'>) => void): void {
    let settled = false;
    const once = (r: Omit<InvocationResult, 'id'>) => {
      if (settled) return;
      settled = true;
      finish(r);
    };
    const deadline = this.clock.now + this.limitMs;
    this.clock.after(this.limitMs, () => once(timedOut(this.limitMs)));
    const context = this.context(id, deadline);
    let value: unknown;
    try {
      value = handler(this.eventOf(records) as KinesisStreamEvent, context);
    } catch (err) {
      this.clock.after(0, () => once({ outcome: 'error', error: describeError(err) }));
      return;
    }
    this.clock
      .track(Promise.resolve(value))
      .then((v) => once(marshal(v)), (err: unknown) => once({ outcome: 'error', error: describeError(err) }));
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

function timedOut(limitMs: number): Omit<InvocationResult, 'id'> {
  return { outcome: 'timeout', error: `Task timed out after ${(limitMs / 1000).toFixed(2)} seconds` };
}

/** Lambda serialises the return value as JSON; what cannot be serialised is a function error. */
function marshal(value: unknown): Omit<InvocationResult, 'id'> {
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
