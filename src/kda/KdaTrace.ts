/**
 * The KDA output delivery trace: every observable step of a run, in order.
 *
 * An interchange format, like the Kinesis trace: the reference model writes
 * it, another implementation could, and the checkers read nothing else.
 * Rows are named by their workload name (`rid`); each delivery names the
 * recordId and retryHint the function saw (L-1), and results are kept raw so
 * checkers match acks themselves (L-2). `t` is virtual epoch milliseconds.
 */
import type { AckResultEvent } from '../ack/FunctionResult.ts';

/** The application started for the first time. */
export interface KdaStartEvent {
  readonly t: number;
  readonly type: 'start';
  readonly applicationArn: string;
  /** L-4: invocations for new rows happen only at `t + k * triggerPeriodMs`, k >= 1. */
  readonly query: 'tumbling' | 'continuous';
  readonly triggerPeriodMs: number;
  /** L-5: invoke request limit, bytes. */
  readonly payloadLimitBytes: number;
  readonly destinations: ReadonlyArray<{ readonly name: string; readonly functionArn: string }>;
}

/** An output row entered the destination in-application stream (every destination receives it). */
export interface KdaRowEvent {
  readonly t: number;
  readonly type: 'row';
  readonly rid: string;
  readonly bytes: number;
}

/** The application was stopped (L-6): in-flight deliveries are abandoned, retryHints forgotten. */
export interface KdaStopEvent {
  readonly t: number;
  readonly type: 'stop';
}

/** The application started again, resuming output from row `fromRid` (null: nothing to resend). */
export interface KdaResumeEvent {
  readonly t: number;
  readonly type: 'resume';
  readonly fromRid: string | null;
}

/** One record of a delivery, as the function saw it (L-1). */
export interface KdaDeliveredRecord {
  readonly rid: string;
  readonly recordId: string;
  readonly retryHint: number;
  /** Row data size, bytes (before base64). */
  readonly bytes: number;
}

/** A destination's function was invoked. */
export interface KdaInvokeEvent {
  readonly t: number;
  readonly type: 'invoke';
  readonly destination: string;
  readonly invocationId: string;
  readonly records: readonly KdaDeliveredRecord[];
  /** Size of the request JSON, bytes. */
  readonly bytes: number;
}

/** How an invocation ended, exactly as the function ended it (raw, so checkers match acks themselves). */
export type KdaResultEvent = AckResultEvent;

/** L-8 `MillisBehindLatest`-like sample at a trigger: rows emitted but not yet acked Ok at a destination. */
export interface KdaLagEvent {
  readonly t: number;
  readonly type: 'lag';
  readonly destination: string;
  readonly pendingRows: number;
  /** Age of the oldest such row, ms. */
  readonly oldestPendingMs: number;
}

/** The run ended: nothing left to do, or the virtual-time horizon (e.g. a destination failing forever). */
export interface KdaEndEvent {
  readonly t: number;
  readonly type: 'end';
  readonly reason: 'quiescent' | 'horizon';
}

/** Any KDA trace event. */
export type KdaTraceEvent =
  | KdaStartEvent | KdaRowEvent | KdaStopEvent | KdaResumeEvent | KdaInvokeEvent | KdaResultEvent | KdaLagEvent | KdaEndEvent;
