/**
 * The Firehose transformation trace: every observable step of a run, in
 * order. An interchange format: records are named by workload name (`rid`)
 * and the recordId the function saw (M-1); results are kept raw so checkers
 * match them themselves (M-2); what reached the destination and what went to
 * `processing-failed/` (M-4) is recorded as written. `t` is virtual epoch ms.
 */
import type { AckResultEvent } from '../ack/FunctionResult.ts';

/** The delivery stream and its Lambda processor. */
export interface FirehoseStartEvent {
  readonly t: number;
  readonly type: 'start';
  readonly deliveryStreamArn: string;
  readonly lambdaArn: string;
  /** M-3 hints, bytes and ms. */
  readonly bufferSizeBytes: number;
  readonly bufferIntervalMs: number;
  /** M-4. */
  readonly numberOfRetries: number;
  readonly payloadLimitBytes: number;
  readonly maxOutstanding: number;
}

/** A record arrived (`t` is its approximateArrivalTimestamp). */
export interface FirehosePutEvent {
  readonly t: number;
  readonly type: 'put';
  readonly rid: string;
  readonly bytes: number;
}

/** A record as sent to the function. */
export interface FirehoseSentRecord {
  readonly rid: string;
  readonly recordId: string;
}

/** The transformation function was invoked (M-1). */
export interface FirehoseInvokeEvent {
  readonly t: number;
  readonly type: 'invoke';
  readonly invocationId: string;
  readonly records: readonly FirehoseSentRecord[];
  /** Size of the request JSON, bytes. */
  readonly bytes: number;
}

/** How an invocation ended, exactly as the function ended it (raw, so checkers match acks themselves). */
export type FirehoseResultEvent = AckResultEvent;

/** Transformed records written to the destination. */
export interface FirehoseDeliverEvent {
  readonly t: number;
  readonly type: 'deliver';
  readonly records: readonly FirehoseSentRecord[];
}

/** M-4: the document written to `processing-failed/` for one record. */
export interface ProcessingFailedDocument {
  readonly attemptsMade: number;
  readonly arrivalTimestamp: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attemptEndingTimestamp: number;
  readonly rawData: string;
  readonly lambdaArn: string;
}

/** A record written to `processing-failed/` (M-4). */
export interface FirehoseFailedEvent {
  readonly t: number;
  readonly type: 'processing-failed';
  readonly rid: string;
  readonly recordId: string;
  readonly document: ProcessingFailedDocument;
}

/** The run ended. */
export interface FirehoseEndEvent {
  readonly t: number;
  readonly type: 'end';
  readonly reason: 'quiescent' | 'horizon';
}

/** Any Firehose trace event. */
export type FirehoseTraceEvent =
  | FirehoseStartEvent | FirehosePutEvent | FirehoseInvokeEvent | FirehoseResultEvent | FirehoseDeliverEvent | FirehoseFailedEvent | FirehoseEndEvent;
