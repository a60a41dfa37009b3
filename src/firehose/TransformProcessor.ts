/**
 * The Lambda processor of a delivery stream (M-1..M-4): records buffer until
 * the size hint is reached or the interval has passed since the first of
 * them arrived (M-3); each batch is one invocation, at most 5 outstanding.
 * An invocation failure is retried up to NumberOfRetries times with the same
 * records and recordIds (M-4); a response that breaks the contract fails the
 * batch at once (M-2); the results then route each record to the
 * destination (`Ok`), nowhere (`Dropped`) or `processing-failed/` (M-4).
 */
import type { AckInvoker } from '../ack/AckInvoker.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import type { Rng } from '../sim/Rng.ts';
import { MAX_OUTSTANDING } from './FirehoseCase.ts';
import type { FirehoseMutation } from './FirehoseMutation.ts';
import type { FirehoseTraceEvent } from './FirehoseTrace.ts';
import { PROCESSING_FAILED_CODE, classifyTransform, type TransformVerdict } from './TransformAcks.ts';
import { recordData, transformEvent, transformRequestBytes, type BufferedRecord } from './TransformRequest.ts';
import type { FirehoseTransformationEvent } from 'aws-lambda';

/** Resolved processor parameters. */
export interface ProcessorConfig {
  readonly deliveryStreamArn: string;
  readonly lambdaArn: string;
  readonly bufferSizeBytes: number;
  readonly bufferIntervalMs: number;
  readonly numberOfRetries: number;
  readonly retryDelayMs: number;
}

/** The processor's collaborators. */
export interface ProcessorParts {
  readonly config: ProcessorConfig;
  readonly clock: VirtualClock;
  readonly recordIds: Rng;
  readonly invocationIds: Rng;
  readonly invoker: AckInvoker<FirehoseTransformationEvent>;
  readonly emit: (e: FirehoseTraceEvent) => void;
  readonly mutation: FirehoseMutation | undefined;
}

interface Batch {
  records: BufferedRecord[];
  attempts: number;
}

/** A running processor. */
export class TransformProcessor {
  private buffer: BufferedRecord[] = [];
  private bufferBytes = 0;
  /** Bumped at every flush, so a stale interval timer does nothing. */
  private generation = 0;
  private readonly ready: Batch[] = [];
  private outstanding = 0;
  private retrying = 0;

  constructor(private readonly parts: ProcessorParts) {}

  /** A record arrives (M-3: flushed when the buffer reaches the size hint). */
  put(rid: string, bytes: number): void {
    const { clock, config } = this.parts;
    this.buffer.push({ rid, recordId: this.parts.recordIds.uuid(), bytes, arrivalMs: clock.now });
    this.bufferBytes += bytes;
    if (this.buffer.length === 1) {
      const generation = this.generation;
      clock.after(config.bufferIntervalMs, () => generation === this.generation && this.flush());
    }
    if (this.bufferBytes >= config.bufferSizeBytes && this.parts.mutation !== 'ignore-size-hint') this.flush();
  }

  /** Nothing buffered, queued, outstanding or waiting for a retry. */
  get idle(): boolean {
    return this.buffer.length === 0 && this.ready.length === 0 && this.outstanding === 0 && this.retrying === 0;
  }

  private flush(): void {
    this.generation += 1;
    this.ready.push({ records: this.buffer, attempts: 0 });
    this.buffer = [];
    this.bufferBytes = 0;
    this.pump();
  }

  /** M-3: start queued batches while fewer than 5 invocations are outstanding. */
  private pump(): void {
    while (this.outstanding < MAX_OUTSTANDING && this.ready.length > 0) this.invoke(this.ready.shift()!);
  }

  private invoke(batch: Batch): void {
    const { clock, config, emit } = this.parts;
    const id = this.parts.invocationIds.uuid();
    batch.attempts += 1;
    this.outstanding += 1;
    const records = batch.records;
    emit({ t: clock.now, type: 'invoke', invocationId: id, records: records.map(sent), bytes: transformRequestBytes(config.deliveryStreamArn, records) });
    const scriptRecords = records.map(sent);
    this.parts.invoker.invoke({ id, records: scriptRecords, event() { return transformEvent(id, config.deliveryStreamArn, records); } }, (result) => {
      this.outstanding -= 1;
      emit({ t: clock.now, type: 'result', invocationId: id, ...result });
      this.settle(batch, this.verdict(classifyTransform(result, records.map((r) => r.recordId)), result.response, records));
      this.pump();
    });
  }

  private settle(batch: Batch, v: TransformVerdict): void {
    if (v.kind === 'invocation-failed' && batch.attempts <= this.allowedRetries()) return this.retry(batch);
    if (v.kind !== 'records') return this.fail(batch, batch.records, v.errorCode, v.errorMessage);
    const ok = batch.records.filter((r) => v.results.get(r.recordId) === 'Ok');
    if (ok.length > 0) this.parts.emit({ t: this.parts.clock.now, type: 'deliver', records: ok.map(sent) });
    const failed = batch.records.filter((r) => v.results.get(r.recordId) === 'ProcessingFailed');
    this.fail(batch, failed, PROCESSING_FAILED_CODE, 'ProcessingFailed status set for record');
  }

  private allowedRetries(): number {
    return this.parts.config.numberOfRetries + (this.parts.mutation === 'retry-past-limit' ? 1 : 0);
  }

  /** M-4: the same records, under the same recordIds, in a new invocation. */
  private retry(batch: Batch): void {
    this.retrying += 1;
    this.parts.clock.after(this.parts.config.retryDelayMs, () => {
      this.retrying -= 1;
      if (this.parts.mutation === 'fresh-id-on-retry') batch.records = batch.records.map((r) => ({ ...r, recordId: this.parts.recordIds.uuid() }));
      this.ready.unshift(batch);
      this.pump();
    });
  }

  /** M-4: write each record to processing-failed/. */
  private fail(batch: Batch, records: readonly BufferedRecord[], errorCode: string, errorMessage: string): void {
    if (this.parts.mutation === 'failed-not-written') return;
    const { clock, config, emit } = this.parts;
    const attemptsMade = this.parts.mutation === 'attempts-off-by-one' ? batch.attempts - 1 : batch.attempts;
    for (const r of records) {
      emit({
        t: clock.now, type: 'processing-failed', rid: r.rid, recordId: r.recordId,
        document: { attemptsMade, arrivalTimestamp: r.arrivalMs, errorCode, errorMessage, attemptEndingTimestamp: clock.now, rawData: recordData(r), lambdaArn: config.lambdaArn },
      });
    }
  }

  /** The model's reading of a verdict; only the id mutations depart from M-2. */
  private verdict(v: TransformVerdict, response: unknown, records: readonly BufferedRecord[]): TransformVerdict {
    const m = this.parts.mutation;
    const lenient = (m === 'duplicate-ids-accepted' && v.kind === 'response-rejected' && v.errorCode === 'Lambda.DuplicatedRecordId')
      || (m === 'mismatched-id-ok' && v.kind === 'response-rejected' && v.errorCode === 'Lambda.MissingRecordId');
    if (!lenient) return v;
    const entries = (response as { records: Array<{ recordId?: unknown; result?: unknown }> }).records;
    const results = new Map<string, 'Ok' | 'Dropped' | 'ProcessingFailed'>();
    for (const [i, r] of records.entries()) {
      const positional = typeof entries[i]?.recordId === 'string' ? entries[i] : undefined;
      const entry = entries.find((e) => e.recordId === r.recordId) ?? (m === 'mismatched-id-ok' ? positional : undefined);
      if (!entry) return v;
      results.set(r.recordId, entry.result === 'Dropped' || entry.result === 'ProcessingFailed' ? entry.result : 'Ok');
    }
    return { kind: 'records', results };
  }
}

function sent(r: BufferedRecord): { rid: string; recordId: string } {
  return { rid: r.rid, recordId: r.recordId };
}
