/**
 * Simulate one case against the reference model: workload -> trace.
 */
import { kinesisSource } from '../esm/KinesisSource.ts';
import { modelOptions } from '../esm/ModelOptions.ts';
import { KinesisStream } from '../kinesis/KinesisStream.ts';
import { middleOf } from '../kinesis/Resharding.ts';
import { sizeOnly } from '../kinesis/RecordData.ts';
import { ridOf, type KinesisCase, type ReshardSpec } from '../workload/Workload.ts';
import { InputError } from './InputError.ts';
import { ACCOUNT, lifecycleActions, REGION, runMapping, type RunKit, type RunOutput, type SimulateOptions, type UpdatableMapping } from './runMapping.ts';
import type { TimedAction, TimedSeries } from './Timeline.ts';

export { ACCOUNT, REGION, type RunOutput, type SimulateOptions } from './runMapping.ts';

/** Run the case on a fresh virtual clock until nothing is left to do. */
export async function simulateKinesis(c: KinesisCase, options: SimulateOptions): Promise<RunOutput> {
  return runMapping(c, options, (kit) => {
    const stream = streamOf(c, kit);
    const eventContext = { streamArn: stream.arn, region: REGION, invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-role` };
    return {
      source: kinesisSource(stream, eventContext),
      options: modelOptions(c.options),
      actions(mapping) {
        return controlActions(c, stream, mapping);
      },
      series: putSeries(c, stream),
    };
  });
}

/** The case's stream, on the run's clock (its randomness forked as `stream`). */
export function streamOf(c: KinesisCase, { clock, rng, trace }: RunKit): KinesisStream {
  return new KinesisStream(
    { streamName: c.workload.stream.name ?? 'stream-under-test', shardCount: c.workload.stream.shards, region: REGION, accountId: ACCOUNT,
      ...pick(c.workload.stream, ['retentionHours', 'maxRecordBytes', 'sequenceStyle']), servesTrimmed: c.options?.mutation === 'serve-trimmed' },
    clock, rng.fork('stream'), trace,
  );
}

/** Reshardings and lifecycle changes as timed actions (see Timeline.ts), for the model's mapping or the conformance harness standing in for it. */
export function controlActions(c: KinesisCase, stream: KinesisStream, mapping: Pick<UpdatableMapping, 'enable' | 'disable'>): TimedAction[] {
  const reshards = (c.workload.reshards ?? []).map((r) => ({ at: r.at, rank: 0, run: () => reshard(stream, r) }));
  return [...reshards, ...lifecycleActions(c.workload.lifecycle, mapping)];
}

/** The workload's puts, in workload order. */
export function putSeries(c: KinesisCase, stream: KinesisStream): TimedSeries {
  const puts = c.workload.puts;
  return {
    count: puts.length,
    at(i) {
      return puts[i]!.at;
    },
    run(i) {
      const p = puts[i]!;
      try {
        stream.putRecord(p.partitionKey, p.data !== undefined ? { text: p.data } : sizeOnly(p.size ?? 0), ridOf(p, i));
      } catch (err) {
        throw new InputError(`put ${ridOf(p, i)} rejected: ${(err as Error).message}`);
      }
    },
  };
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
