/**
 * Simulate one Firehose case on a fresh virtual clock: case -> trace. Every
 * batch ends (retries are bounded by NumberOfRetries, M-4), so the run ends
 * quiescent; the horizon is only a safety net.
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { AckInvoker, type AckHandler } from '../ack/AckInvoker.ts';
import { FIREHOSE_DIALECT, ScriptedAckFunction } from '../ack/AckScript.ts';
import { ACCOUNT, REGION, lambdaArn } from '../ack/Arns.ts';
import { INVOKE_LIMIT_BYTES } from '../ack/Payload.ts';
import { InputError } from '../run/InputError.ts';
import { DEFAULT_EPOCH_MS, VirtualClock } from '../sim/Clock.ts';
import { Rng } from '../sim/Rng.ts';
import {
  DEFAULT_BUFFER_INTERVAL_SECONDS, DEFAULT_BUFFER_MB, DEFAULT_FIREHOSE_RETRY_DELAY_MS, DEFAULT_FIREHOSE_TIMEOUT_SECONDS, DEFAULT_NUMBER_OF_RETRIES,
  MAX_OUTSTANDING, MAX_RECORD_BYTES, recordName, type FirehoseCase,
} from './FirehoseCase.ts';
import type { FirehoseMutation } from './FirehoseMutation.ts';
import type { FirehoseTraceEvent } from './FirehoseTrace.ts';
import { TransformProcessor, type ProcessorConfig } from './TransformProcessor.ts';

/** The delivery stream every run simulates. */
export const DELIVERY_STREAM_ARN = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/streamcheck-stream`;

const DEFAULT_HORIZON_MS = 3600_000;

/** Options of one simulation. */
export interface SimulateFirehoseOptions {
  readonly mutation?: FirehoseMutation;
  /** A real handler, run instead of the case's script. */
  readonly handler?: AckHandler<FirehoseTransformationEvent>;
}

/** Run the case until every batch has ended. */
export async function simulateFirehose(c: FirehoseCase, options: SimulateFirehoseOptions = {}): Promise<FirehoseTraceEvent[]> {
  const config = processorConfig(c);
  const clock = new VirtualClock({ fakeGlobals: options.handler !== undefined });
  try {
    const rng = new Rng(c.seed);
    const trace: FirehoseTraceEvent[] = [];
    const emit = (e: FirehoseTraceEvent) => void trace.push(e);
    const fn = options.handler
      ? { kind: 'handler' as const, handler: options.handler }
      : { kind: 'script' as const, fn: new ScriptedAckFunction(c.processor.script, FIREHOSE_DIALECT) };
    const invoker = new AckInvoker<FirehoseTransformationEvent>(fn, clock, (c.processor.timeoutSeconds ?? DEFAULT_FIREHOSE_TIMEOUT_SECONDS) * 1000, config.lambdaArn);
    const processor = new TransformProcessor({
      config, clock, recordIds: rng.fork('records'), invocationIds: rng.fork('invocations'), invoker, emit, mutation: options.mutation,
    });
    emit({
      t: clock.now, type: 'start', deliveryStreamArn: config.deliveryStreamArn, lambdaArn: config.lambdaArn, bufferSizeBytes: config.bufferSizeBytes,
      bufferIntervalMs: config.bufferIntervalMs, numberOfRetries: config.numberOfRetries, payloadLimitBytes: INVOKE_LIMIT_BYTES, maxOutstanding: MAX_OUTSTANDING,
    });
    const puts = schedulePuts(c, clock, processor, emit);
    const horizon = DEFAULT_EPOCH_MS + Math.max(0, ...c.records.map((r) => r.at)) + (c.horizonMs ?? DEFAULT_HORIZON_MS);
    const done = () => puts.left === 0 && processor.idle;
    await clock.run(() => done() || clock.now >= horizon);
    emit({ t: clock.now, type: 'end', reason: done() ? 'quiescent' : 'horizon' });
    return trace;
  } finally {
    clock.dispose();
  }
}

function schedulePuts(c: FirehoseCase, clock: VirtualClock, processor: TransformProcessor, emit: (e: FirehoseTraceEvent) => void): { left: number } {
  const order = c.records.map((r, i) => ({ rid: recordName(r, i), size: r.size, at: r.at, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  const puts = { left: order.length };
  for (const r of order) {
    clock.at(DEFAULT_EPOCH_MS + r.at, () => {
      puts.left -= 1;
      emit({ t: clock.now, type: 'put', rid: r.rid, bytes: r.size });
      processor.put(r.rid, r.size);
    });
  }
  return puts;
}

/** Validate the processor parameters (M-3, M-4) and resolve defaults. */
export function processorConfig(c: FirehoseCase): ProcessorConfig {
  const p = c.processor;
  const mb = p.bufferSizeInMBs ?? DEFAULT_BUFFER_MB;
  const seconds = p.bufferIntervalInSeconds ?? DEFAULT_BUFFER_INTERVAL_SECONDS;
  const retries = p.numberOfRetries ?? DEFAULT_NUMBER_OF_RETRIES;
  if (!(mb >= 0.2 && mb <= 3)) throw new InputError(`BufferSizeInMBs must be 0.2..3 for a Lambda processor (M-3), not ${mb}`);
  if (!(seconds >= 0 && seconds <= 900)) throw new InputError(`BufferIntervalInSeconds must be 0..900 (M-3), not ${seconds}`);
  if (!(Number.isInteger(retries) && retries >= 0 && retries <= 300)) throw new InputError(`NumberOfRetries must be an integer 0..300, not ${retries}`);
  const big = c.records.find((r) => r.size < 0 || r.size > MAX_RECORD_BYTES);
  if (big) throw new InputError(`a record of ${big.size} bytes is outside 0..${MAX_RECORD_BYTES}`);
  return {
    deliveryStreamArn: DELIVERY_STREAM_ARN, lambdaArn: lambdaArn(p.functionName ?? 'transform'),
    bufferSizeBytes: Math.round(mb * 1024 * 1024), bufferIntervalMs: seconds * 1000, numberOfRetries: retries,
    retryDelayMs: c.retryDelayMs ?? DEFAULT_FIREHOSE_RETRY_DELAY_MS,
  };
}
