/**
 * Invokes the function under test on the virtual clock, enforces its
 * timeout, normalises what it returns as Lambda would (JSON round trip), and
 * records `invoke` and `result` trace events at the function boundary. An
 * invocation the function's throttler refuses is recorded as `throttle` and
 * never reaches the function (D-1).
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import { IdSequence, type Rng } from '../sim/Rng.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { InvokeWindow, ResultEvent } from '../trace/TraceEvent.ts';
import { ScriptedFunction } from './Behaviour.ts';
import { timeoutMs, type FunctionSpec, type StreamHandler } from './FunctionUnderTest.ts';
import { runHandler, timedOut } from './runHandler.ts';
import type { Throttler } from './Throttler.ts';

/** An invocation's result as the mapping sees it. */
export type InvocationResult = Pick<ResultEvent, 'outcome' | 'response' | 'error'> & { readonly id: string };

/** What the invoker needs to know about where the batch came from. */
export interface InvokeRequest {
  readonly shardId: string;
  readonly lane: number;
  readonly records: readonly StreamRecord[];
  /** The records' sequence numbers (the invoke event lists them). */
  readonly seqs: readonly string[];
  readonly bytes: number;
  /** The tumbling window's fields, when the mapping has one (H-9). */
  readonly window?: InvokeWindow | undefined;
}

/** The invocation event for a batch (K-1 or K-2), with a tumbling window's fields when it has them (H-9). */
export type EventOf = (records: readonly StreamRecord[], window: InvokeWindow | undefined, shardId: string) => unknown;

/** Told of each invocation's end: just before its caller hears the result, and just after. */
export interface InvocationObserver {
  ending(): void;
  ended(): void;
}

/** Runs invocations of one function. */
export class Invoker {
  private observer: InvocationObserver | undefined;
  private readonly script: ScriptedFunction | undefined;
  private readonly limitMs: number;
  private readonly ids: IdSequence;
  /** How a timed-out invocation ends: the same for every one (a timeout storm repeats it). */
  private timeoutEnd: Omit<InvocationResult, 'id'> | undefined;

  constructor(
    private readonly spec: FunctionSpec,
    private readonly clock: VirtualClock,
    rng: Rng,
    private readonly trace: TraceRecorder,
    /** The invocation event for a batch, for real handlers. */
    private readonly eventOf: EventOf,
    private readonly functionArn: string,
    /** The function's throttler (D-1); without one, every invocation is admitted. */
    private readonly throttler?: Throttler,
  ) {
    this.script = spec.kind === 'script' ? new ScriptedFunction(spec.behaviour) : undefined;
    this.limitMs = timeoutMs(spec);
    this.ids = new IdSequence(rng);
  }

  /**
   * Invoke with a batch; `done` is called once, in virtual time, with the
   * result. False when Lambda throttled the invocation (D-1): it is traced as
   * `throttle`, gets no request id, and `done` is never called.
   */
  invoke(req: InvokeRequest, done: (result: InvocationResult) => void): boolean {
    const t = this.clock.now;
    const { shardId, lane, seqs: records, bytes, window } = req;
    if (this.throttler?.admit(t) === false) {
      this.trace.emit(window ? { t, type: 'throttle', shardId, lane, records, window } : { t, type: 'throttle', shardId, lane, records });
      return false;
    }
    const id = this.ids.id();
    this.trace.emit(window ? { t, type: 'invoke', id, shardId, lane, records, bytes, window } : { t, type: 'invoke', id, shardId, lane, records, bytes });
    if (this.script) this.runScript(id, req, done);
    else this.runHandler((this.spec as { handler: StreamHandler }).handler, id, req, (result) => this.finish(id, result, done));
    return true;
  }

  /** Watch every invocation's end (one observer: the mapping that owns this invoker). */
  observe(observer: InvocationObserver): void {
    this.observer = observer;
  }

  /** Record the result at the function boundary and hand it to the mapping. */
  private finish(id: string, result: Omit<InvocationResult, 'id'>, done: (result: InvocationResult) => void): void {
    const t = this.clock.now;
    const { outcome } = result;
    const event: ResultEvent = 'error' in result ? { t, type: 'result', id, outcome, error: result.error } : { t, type: 'result', id, outcome, response: result.response };
    this.trace.emit(event);
    this.throttler?.release();
    this.observer?.ending();
    done(event); // the mapping reads the traced result itself (immutable)
    this.observer?.ended();
  }

  private runScript(id: string, req: InvokeRequest, done: (result: InvocationResult) => void): void {
    const decision = this.script!.decide(req.records, req.window);
    if (decision.outcome === 'timeout' || decision.durationMs > this.limitMs) {
      const end = (this.timeoutEnd ??= timedOut(this.limitMs));
      this.clock.after(this.limitMs, () => this.finish(id, end, done));
    } else {
      this.clock.after(decision.durationMs, () => this.finish(id, decision, done)); // the decision carries outcome, response or error
    }
  }

  private runHandler(handler: StreamHandler, id: string, req: InvokeRequest, finish: (r: Omit<InvocationResult, 'id'>) => void): void {
    const invoker = this; // `event` is a method, not an arrow property: see docs/design.md, "Closures and the loader"
    runHandler(handler, {
      clock: this.clock, id, functionArn: this.functionArn, timeoutMs: this.limitMs,
      event() {
        return invoker.eventOf(req.records, req.window, req.shardId) as KinesisStreamEvent;
      },
    }, finish);
  }
}
