/**
 * One run of the Firehose data transformation model (M-1..M-4): records put
 * to a delivery stream, the Lambda processor's parameters, the
 * transformation function, and the run's own seed. Plain JSON.
 */
import type { AckScript } from '../ack/AckScript.ts';

/** One record put `at` ms after the epoch. */
export interface FirehoseRecordSpec {
  readonly at: number;
  /** Size of the record's data, bytes (filler named after the record). */
  readonly size: number;
  /** Name of the record; defaults to `f<index>`. */
  readonly rid?: string;
}

/** The Lambda processor (ProcessingConfiguration) and its function. */
export interface FirehoseProcessorSpec {
  readonly functionName?: string;
  readonly script: AckScript;
  /** Function timeout, seconds (default 60). */
  readonly timeoutSeconds?: number;
  /** M-4: retries after an invocation failure (default 3). */
  readonly numberOfRetries?: number;
  /** M-3: BufferSizeInMBs, 0.2..3 (default 1). */
  readonly bufferSizeInMBs?: number;
  /** M-3: BufferIntervalInSeconds, 0..900 (default 60). */
  readonly bufferIntervalInSeconds?: number;
}

/** Everything one run needs. */
export interface FirehoseCase {
  /** Seed of every random choice in the run (record and invocation ids). */
  readonly seed: string;
  readonly records: readonly FirehoseRecordSpec[];
  readonly processor: FirehoseProcessorSpec;
  /** Model decision (M-4 sets no delay): wait before retrying a failed invocation, ms (default 1000). */
  readonly retryDelayMs?: number;
  /** Safety horizon past the last put, virtual ms (default 1 hour). */
  readonly horizonMs?: number;
}

export const DEFAULT_NUMBER_OF_RETRIES = 3;
export const DEFAULT_BUFFER_MB = 1;
export const DEFAULT_BUFFER_INTERVAL_SECONDS = 60;
export const DEFAULT_FIREHOSE_TIMEOUT_SECONDS = 60;
export const DEFAULT_FIREHOSE_RETRY_DELAY_MS = 1000;
/** M-3: up to 5 outstanding invocations per shard (one Direct PUT stream here). */
export const MAX_OUTSTANDING = 5;
/** A Firehose record is at most 1,000 KiB. */
export const MAX_RECORD_BYTES = 1000 * 1024;

/** The name of the i-th record. */
export function recordName(r: FirehoseRecordSpec, index: number): string {
  return r.rid ?? `f${index}`;
}
