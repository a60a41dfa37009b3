/**
 * Simulate one case against the reference model: workload -> trace.
 */
import type { EsmConfig, Validated } from '../esm/EsmConfig.ts';
import { MappingRegistry, type MappingRecord } from '../esm/MappingRegistry.ts';
import { EventSourceMapping } from '../esm/EventSourceMapping.ts';
import { kinesisSource } from '../esm/KinesisSource.ts';
import { modelOptions } from '../esm/ModelOptions.ts';
import { KinesisStream } from '../kinesis/KinesisStream.ts';
import type { FunctionSpec, StreamHandler } from '../lambda/FunctionUnderTest.ts';
import { Invoker } from '../lambda/Invoker.ts';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { Rng } from '../sim/Rng.ts';
import { TraceRecorder } from '../trace/Trace.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import { ridOf, type KinesisCase, type ReshardSpec } from '../workload/Workload.ts';
import { middleOf } from '../kinesis/Resharding.ts';
import { scheduleActions, type TimedAction } from './Timeline.ts';
import { InputError } from './InputError.ts';

/** Account and region every simulated resource lives in. */
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

/** Safety horizon past the last put: longer than the longest retention (J-1). */
const HORIZON_MS = 400 * 24 * 3600 * 1000;

/** What a run produced. */
export interface RunOutput {
  readonly config: EsmConfig;
  readonly trace: readonly TraceEvent[];
}

/** Options of one simulation. */
export interface SimulateOptions {
  /** Seed of all randomness in the run. */
  readonly seed: string;
  /** Run a real handler instead of the case's scripted behaviour. */
  readonly handler?: StreamHandler;
}

/**
 * Create the case's mapping, then its further mappings, through the control
 * plane; throws InputError with AWS's message.
 */
export function mappingConfig(c: KinesisCase, streamArn: string, rng: Rng): EsmConfig {
  const registry = new MappingRegistry(rng, new Set([streamArn]));
  const nowMs = DEFAULT_EPOCH_MS + (c.workload.startAt ?? 0);
  const first = created(registry.create({ ...c.mapping, EventSourceArn: c.mapping.EventSourceArn ?? streamArn }, nowMs));
  for (const more of c.mappings ?? []) created(registry.create({ ...more, EventSourceArn: more.EventSourceArn ?? streamArn }, nowMs));
  if ((c.mappings ?? []).length > 0) throw new InputError('several mappings on one stream (C-3) are validated but not simulated yet');
  return first;
}

function created(v: Validated<MappingRecord>): EsmConfig {
  if (!v.ok) throw new InputError(`${v.error.type}: ${v.error.message}`, v.error.type);
  return v.value.config;
}

/** Run the case on a fresh virtual clock until nothing is left to do. */
export async function simulateKinesis(c: KinesisCase, options: SimulateOptions): Promise<RunOutput> {
  const rng = new Rng(options.seed);
  const trace = new TraceRecorder();
  const clock = new VirtualClock({ fakeGlobals: options.handler !== undefined });
  try {
    const stream = new KinesisStream(
      { streamName: c.workload.stream.name ?? 'stream-under-test', shardCount: c.workload.stream.shards, region: REGION, accountId: ACCOUNT,
        ...pick(c.workload.stream, ['retentionHours', 'maxRecordBytes', 'sequenceStyle']) },
      clock, rng.fork('stream'), trace,
    );
    const config = mappingConfig(c, stream.arn, rng.fork('mappings'));
    const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${config.FunctionName.split(':').pop()}`;
    const eventContext = { streamArn: stream.arn, region: REGION, invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-role` };
    const spec: FunctionSpec = options.handler
      ? { kind: 'handler', handler: options.handler, ...pick(c.function, ['timeoutSeconds']) }
      : { kind: 'script', behaviour: c.function.behaviour, ...pick(c.function, ['timeoutSeconds']) };
    const source = kinesisSource(stream, eventContext);
    const invoker = new Invoker(spec, clock, rng.fork('invoke'), trace, source.event, functionArn);
    const mapping = new EventSourceMapping({ config, options: modelOptions(c.options), clock, rng: rng.fork('mapping'), trace, source, invoker, functionArn });
    const timeline = scheduleActions(workloadActions(c, stream, mapping), clock);
    let started = false;
    clock.at(DEFAULT_EPOCH_MS + (c.workload.startAt ?? 0), () => {
      mapping.start();
      started = true;
    });
    const horizon = DEFAULT_EPOCH_MS + Math.max(timeline.lastAt, c.workload.startAt ?? 0) + HORIZON_MS;
    await clock.run(() => (started && timeline.done() && mapping.quiescent) || clock.now > horizon);
    trace.emit({ t: clock.now, type: 'end', reason: clock.now > horizon ? 'horizon' : 'quiescent' });
    return { config, trace: trace.events };
  } finally {
    clock.dispose();
  }
}

/** Puts, reshardings and lifecycle changes as timed actions (see Timeline.ts). */
function workloadActions(c: KinesisCase, stream: KinesisStream, mapping: EventSourceMapping): TimedAction[] {
  const actions: TimedAction[] = [];
  for (const r of c.workload.reshards ?? []) actions.push({ at: r.at, rank: 0, run: () => reshard(stream, r) });
  for (const l of c.workload.lifecycle ?? []) actions.push({ at: l.at, rank: 1, run: () => (l.enabled ? mapping.enable() : mapping.disable()) });
  c.workload.puts.forEach((p, i) => {
    actions.push({
      at: p.at, rank: 2,
      run: () => {
        const data = p.data !== undefined ? { text: p.data } : { size: p.size ?? 0 };
        try {
          stream.putRecord(p.partitionKey, data, ridOf(p, i));
        } catch (err) {
          throw new InputError(`put ${ridOf(p, i)} rejected: ${(err as Error).message}`);
        }
      },
    });
  });
  return actions;
}

/** Apply one workload resharding, naming shards by position among the open ones (J-4). */
export function reshard(stream: KinesisStream, r: ReshardSpec): void {
  const open = stream.openShards();
  if ('split' in r) {
    const shard = open[r.split % open.length]!;
    stream.splitShard(shard.shardId, middleOf(shard));
  } else if ('merge' in r) {
    if (open.length < 2) return;
    const i = Math.min(r.merge % open.length, open.length - 2);
    stream.mergeShards(open[i]!.shardId, open[i + 1]!.shardId);
  } else {
    stream.updateShardCount(Math.max(Math.ceil(open.length / 2), Math.min(open.length * 2, r.shardCount)));
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
