/**
 * Simulate one KDA case on a fresh virtual clock: case -> trace. The run
 * ends when nothing is left to do, or at the virtual-time horizon (a
 * destination failing forever never lets it end otherwise, L-3).
 */
import { AckInvoker, type AckHandler } from '../ack/AckInvoker.ts';
import { KDA_DIALECT, ScriptedAckFunction } from '../ack/AckScript.ts';
import { ACCOUNT, REGION, lambdaArn } from '../ack/Arns.ts';
import { INVOKE_LIMIT_BYTES } from '../ack/Payload.ts';
import { InputError } from '../run/InputError.ts';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { Rng } from '../sim/Rng.ts';
import { DestinationDelivery } from './DestinationDelivery.ts';
import { KdaApplication, type ScheduledRow } from './KdaApplication.ts';
import {
  DEFAULT_HORIZON_MS, DEFAULT_KDA_TIMEOUT_SECONDS, DEFAULT_RETRY_DELAY_MS, MAX_DESTINATIONS, MAX_ROW_BYTES, rowName, triggerPeriodMs, type KdaCase,
} from './KdaCase.ts';
import type { KdaMutation } from './KdaMutation.ts';
import type { KdaTraceEvent } from './KdaTrace.ts';
import type { KdaOutputEvent } from './OutputRequest.ts';

/** The application every run simulates. */
export const APPLICATION_ARN = `arn:aws:kinesisanalytics:${REGION}:${ACCOUNT}:application/streamcheck-app`;

/** Options of one simulation. */
export interface SimulateKdaOptions {
  readonly mutation?: KdaMutation;
  /** Real handlers by destination name, run instead of that destination's script. */
  readonly handlers?: Readonly<Record<string, AckHandler<KdaOutputEvent>>>;
}

/** Run the case until nothing is left to do or the horizon passes. */
export async function simulateKda(c: KdaCase, options: SimulateKdaOptions = {}): Promise<KdaTraceEvent[]> {
  validate(c);
  const handlers = options.handlers ?? {};
  const clock = new VirtualClock({ fakeGlobals: Object.keys(handlers).length > 0 });
  try {
    const rng = new Rng(c.seed);
    const trace: KdaTraceEvent[] = [];
    const emit = (e: KdaTraceEvent) => void trace.push(e);
    const inFlight = { count: 0 };
    const ctx = {
      clock, invocationIds: rng.fork('invocations'), applicationArn: APPLICATION_ARN,
      retryDelayMs: c.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS, mutation: options.mutation, emit, inFlight,
    };
    const destinations = c.destinations.map((d) => {
      const handler = handlers[d.name];
      const fn = handler ? { kind: 'handler' as const, handler } : { kind: 'script' as const, fn: new ScriptedAckFunction(d.script, KDA_DIALECT) };
      const invoker = new AckInvoker<KdaOutputEvent>(fn, clock, (d.timeoutSeconds ?? DEFAULT_KDA_TIMEOUT_SECONDS) * 1000, lambdaArn(d.name));
      return new DestinationDelivery(d.name, ctx, invoker, rng.fork(`records/${d.name}`));
    });
    const app = new KdaApplication({ destinations, emit, now: () => clock.now, mutation: options.mutation });
    const period = triggerPeriodMs(c.query);
    emit({
      t: clock.now, type: 'start', applicationArn: APPLICATION_ARN, query: c.query.kind, triggerPeriodMs: period, payloadLimitBytes: INVOKE_LIMIT_BYTES,
      destinations: c.destinations.map((d) => ({ name: d.name, functionArn: lambdaArn(d.name) })),
    });
    const pending = schedule(c, clock, app);
    const tick = () => {
      app.trigger();
      clock.after(period, tick);
    };
    clock.after(period, tick);
    const horizon = DEFAULT_EPOCH_MS + lastScheduled(c) + (c.horizonMs ?? DEFAULT_HORIZON_MS);
    const done = () => pending.count === 0 && inFlight.count === 0 && app.idle;
    await clock.run(() => done() || clock.now >= horizon);
    emit({ t: clock.now, type: 'end', reason: done() ? 'quiescent' : 'horizon' });
    return trace;
  } finally {
    clock.dispose();
  }
}

/** Schedule rows and restarts; `count` is what is still to come. */
function schedule(c: KdaCase, clock: VirtualClock, app: KdaApplication): { count: number } {
  const pending = { count: 0 };
  const at = (ms: number, fn: () => void) => {
    pending.count += 1;
    clock.at(DEFAULT_EPOCH_MS + ms, () => {
      pending.count -= 1;
      fn();
    });
  };
  const rows: Array<ScheduledRow & { i: number }> = c.rows.map((r, i) => ({ rid: rowName(r, i), bytes: r.size, at: r.at, i }));
  rows.sort((a, b) => a.at - b.at || a.i - b.i);
  for (const row of rows) at(row.at, () => app.emitRow(row));
  for (const r of c.restarts ?? []) {
    at(r.at, () => app.stop());
    at(r.at + r.downMs, () => app.resume());
  }
  return pending;
}

function lastScheduled(c: KdaCase): number {
  let last = 0;
  for (const r of c.rows) last = Math.max(last, r.at);
  for (const r of c.restarts ?? []) last = Math.max(last, r.at + r.downMs);
  return last;
}

function validate(c: KdaCase): void {
  if (c.destinations.length < 1 || c.destinations.length > MAX_DESTINATIONS) throw new InputError(`an application has 1 to ${MAX_DESTINATIONS} destinations (L-7), not ${c.destinations.length}`);
  const names = new Set(c.destinations.map((d) => d.name));
  if (names.size !== c.destinations.length) throw new InputError('destination names must be unique');
  const big = c.rows.find((r) => r.size > MAX_ROW_BYTES || r.size < 0);
  if (big) throw new InputError(`a row of ${big.size} bytes is outside 0..${MAX_ROW_BYTES} (L-7)`);
  if (c.query.kind === 'tumbling' && !(c.query.windowSeconds >= 1)) throw new InputError('a tumbling window lasts at least 1 s');
}
