/**
 * What every simulation of a mapping shares, whatever its source: create the
 * mapping through the control plane, set up the function, feed
 * the workload's timed actions, start the mapping, and run the virtual clock
 * until nothing is left to do.
 */
import type { EsmConfig, EsmRequest, Validated } from '../esm/EsmConfig.ts';
import { EventSourceMapping } from '../esm/EventSourceMapping.ts';
import { MappingRegistry, type MappingRecord } from '../esm/MappingRegistry.ts';
import { outsideModel } from '../esm/ModelScope.ts';
import type { ModelOptions } from '../esm/ModelOptions.ts';
import type { StreamSource } from '../esm/StreamSource.ts';
import { windowedEvent } from '../esm/TumblingWindow.ts';
import type { FunctionSpec, StreamHandler } from '../lambda/FunctionUnderTest.ts';
import { Invoker, type EventOf } from '../lambda/Invoker.ts';
import { throttlerFor } from '../lambda/Throttler.ts';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { Rng } from '../sim/Rng.ts';
import { TraceRecorder } from '../trace/Trace.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import type { LifecycleSpec, MappingSchedule, ScriptedFunctionSpec } from '../workload/Workload.ts';
import { InputError } from './InputError.ts';
import { StampedTrace } from './StampedTrace.ts';
import { scheduleActions, type TimedAction, type TimedSeries } from './Timeline.ts';

/** Account and region every simulated resource lives in. */
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

/** Safety horizon past the last workload event: longer than the longest retention (J-1). */
const HORIZON_MS = 400 * 24 * 3600 * 1000;

/** What a run produced. */
export interface RunOutput {
  /** The (first) mapping's configuration as created. */
  readonly config: EsmConfig;
  /** With several mappings on the stream (C-3): each one's configuration by UUID, the `mapping` of its trace events. */
  readonly configs?: Readonly<Record<string, EsmConfig>>;
  readonly trace: readonly TraceEvent[];
}

/** Options of one simulation. */
export interface SimulateOptions {
  /** Seed of all randomness in the run. */
  readonly seed: string;
  /** Run a real handler instead of the case's scripted behaviour. */
  readonly handler?: StreamHandler;
}

/** The parts of a case every source has. */
export interface MappingCase {
  readonly workload: MappingSchedule;
  readonly mapping: EsmRequest;
  readonly mappings?: readonly EsmRequest[];
  readonly function: ScriptedFunctionSpec;
}

/** The run's shared machinery, for building the source. */
export interface RunKit {
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly trace: TraceRecorder;
}

/** What a source-specific simulation supplies. */
export interface SourceSetup {
  readonly source: StreamSource;
  readonly options: ModelOptions;
  /** The workload's control actions, given the mapping (for lifecycle events). */
  actions(mapping: EventSourceMapping): TimedAction[];
  /** The workload's puts or writes. */
  readonly series: TimedSeries;
}

/** Disable and re-enable events as timed actions (A-13, C-2), after reshardings and before puts at equal times. */
export function lifecycleActions(lifecycle: readonly LifecycleSpec[] | undefined, mapping: Pick<UpdatableMapping, 'enable' | 'disable'>): TimedAction[] {
  return (lifecycle ?? []).map((l) => ({ at: l.at, rank: 1, run: () => (l.enabled ? mapping.enable() : mapping.disable()) }));
}

/** What an UpdateEventSourceMapping acts on: the model's mapping, or the conformance harness standing in for it. */
export interface UpdatableMapping {
  /** Apply a new configuration. */
  update(config: EsmConfig): void;
  enable(): void;
  disable(): void;
}

/**
 * UpdateEventSourceMapping events as timed actions, validated by the
 * control plane with AWS's messages when they happen; `Enabled` in an update
 * disables or enables (C-2).
 */
export function updateActions(c: MappingCase, registry: MappingRegistry, uuid: string, mapping: UpdatableMapping): TimedAction[] {
  return (c.workload.updates ?? []).map((u) => ({
    at: u.at, rank: 1,
    run: () => {
      const { Enabled, ...changes } = u.mapping;
      if (Object.keys(changes).length > 0) {
        const before = registry.get(uuid);
        mapping.update(created(registry.update(uuid, changes, DEFAULT_EPOCH_MS + u.at), before.ok ? before.value.config : undefined).config);
      }
      if (Enabled === true) mapping.enable();
      if (Enabled === false) mapping.disable();
    },
  }));
}

/**
 * Create the case's mapping, then its further mappings, through the control
 * plane; throws InputError with AWS's message.
 */
export function createMappings(c: MappingCase, streamArn: string, rng: Rng): { registry: MappingRegistry; records: MappingRecord[] } {
  const registry = new MappingRegistry(rng, new Set([streamArn]));
  const nowMs = DEFAULT_EPOCH_MS + (c.workload.startAt ?? 0);
  // EventSourceArn defaults to the stream only when absent: null is the SDK's type error, as check-trace gives it.
  const records = [c.mapping, ...(c.mappings ?? [])].map((m) => created(registry.create({ ...m, EventSourceArn: m.EventSourceArn === undefined ? streamArn : m.EventSourceArn }, nowMs)));
  return { registry, records };
}

function created(v: Validated<MappingRecord>, previous?: EsmConfig): MappingRecord {
  if (!v.ok) throw new InputError(`${v.error.type}: ${v.error.message}`, v.error.type);
  const outside = outsideModel(v.value.config, previous);
  if (outside !== undefined) throw new InputError(`the mapping's configuration is valid for AWS, but ${outside}`);
  return v.value;
}

/** The ARN of the mapping's function (its name may be given as an ARN, A-3). */
export function functionArnOf(config: EsmConfig): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${config.FunctionName.split(':').pop()}`;
}

/** Run a case on a fresh virtual clock until nothing is left to do. */
export async function runMapping(c: MappingCase, options: SimulateOptions, setup: (kit: RunKit) => SourceSetup): Promise<RunOutput> {
  const rng = new Rng(options.seed);
  const trace = new TraceRecorder();
  const clock = new VirtualClock({ fakeGlobals: options.handler !== undefined });
  try {
    const { source, options: modelOptions, actions, series } = setup({ clock, rng, trace });
    const { registry, records } = createMappings(c, source.arn, rng.fork('mappings'));
    const several = records.length > 1;
    const timeout = c.function.timeoutSeconds !== undefined ? { timeoutSeconds: c.function.timeoutSeconds } : {};
    const spec: FunctionSpec = options.handler ? { kind: 'handler', handler: options.handler, ...timeout } : { kind: 'script', behaviour: c.function.behaviour, ...timeout };
    const mappings = records.map(({ uuid, config }, i) => {
      const own = several ? new StampedTrace(trace, uuid) : trace;
      const suffix = i === 0 ? '' : `/${i}`;
      const functionArn = functionArnOf(config);
      const eventOf: EventOf = (records, window, shardId) => windowedEvent(source.event(records), window, shardId, source.arn);
      // Reserved concurrency is the function's (D-1); each mapping here invokes a function of its own (A-18 refuses two mappings of one function on one stream).
      const invoker = new Invoker(spec, clock, rng.fork(`invoke${suffix}`), own, eventOf, functionArn, throttlerFor(c.function, DEFAULT_EPOCH_MS));
      return new EventSourceMapping({ config, options: modelOptions, clock, rng: rng.fork(`mapping${suffix}`), trace: own, source, invoker, functionArn, uuid });
    });
    const first = mappings[0]!;
    const timeline = scheduleActions([...actions(first), ...updateActions(c, registry, records[0]!.uuid, first)], clock, series);
    let started = false;
    clock.at(DEFAULT_EPOCH_MS + (c.workload.startAt ?? 0), () => {
      for (const m of mappings) m.start();
      started = true;
    });
    const horizon = DEFAULT_EPOCH_MS + Math.max(timeline.lastAt, c.workload.startAt ?? 0) + HORIZON_MS;
    const quiescent = () => {
      for (const m of mappings) if (!m.quiescent) return false;
      return true;
    };
    await clock.run(() => (started && timeline.done() && quiescent()) || clock.now > horizon);
    trace.emit({ t: clock.now, type: 'end', reason: clock.now > horizon ? 'horizon' : 'quiescent' });
    const configs = several ? { configs: Object.fromEntries(records.map((r) => [r.uuid, r.config])) } : {};
    return { config: records[0]!.config, ...configs, trace: trace.events };
  } finally {
    clock.dispose();
  }
}
