/**
 * One run of the KDA output delivery model (L-1..L-8): the output rows the
 * application's in-application stream emits, how the query emits them (L-4),
 * the Lambda destinations (up to 3, L-7), application disruptions (L-6), and
 * the run's own seed. Plain JSON, so scenario files and replays can hold it.
 */
import type { AckScript } from '../ack/AckScript.ts';

/** How the destination in-application stream is fed (L-4). */
export type KdaQuery =
  /** Tumbling window: one invocation per window trigger, every `windowSeconds`. */
  | { readonly kind: 'tumbling'; readonly windowSeconds: number }
  /** Continuous query or sliding window: about once per second. */
  | { readonly kind: 'continuous' };

/** One output row, emitted `at` ms after the run's epoch. */
export interface KdaRowSpec {
  readonly at: number;
  /** Size of the row's data, bytes (L-7: at most 511 KiB of row data). */
  readonly size: number;
  /** Name of the row; defaults to `o<index>`. */
  readonly rid?: string;
}

/** A Lambda destination and its function. */
export interface KdaDestinationSpec {
  readonly name: string;
  readonly script: AckScript;
  /** Function timeout, seconds (default 3). */
  readonly timeoutSeconds?: number;
}

/** The application is stopped `at` ms after the epoch and started again `downMs` later (L-6). */
export interface KdaRestartSpec {
  readonly at: number;
  readonly downMs: number;
}

/** Everything one run needs. */
export interface KdaCase {
  /** Seed of every random choice in the run (GUIDs): the case replays alone. */
  readonly seed: string;
  readonly query: KdaQuery;
  readonly rows: readonly KdaRowSpec[];
  readonly destinations: readonly KdaDestinationSpec[];
  readonly restarts?: readonly KdaRestartSpec[];
  /** Model decision (L-3 sets no delay): wait before re-sending a failed set, ms (default 1000). */
  readonly retryDelayMs?: number;
  /** How long the run may go on past the last row or restart, virtual ms (default 120 000). */
  readonly horizonMs?: number;
}

/** L-7: an in-application row is at most 512 KiB including up to 1 KiB of metadata. */
export const MAX_ROW_BYTES = 512 * 1024 - 1024;
/** L-7: up to 3 destinations per application. */
export const MAX_DESTINATIONS = 3;
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_HORIZON_MS = 120_000;
export const DEFAULT_KDA_TIMEOUT_SECONDS = 3;

/** L-4: the trigger period of the query, ms. */
export function triggerPeriodMs(query: KdaQuery): number {
  return query.kind === 'tumbling' ? query.windowSeconds * 1000 : 1000;
}

/** The name of the i-th row. */
export function rowName(row: KdaRowSpec, index: number): string {
  return row.rid ?? `o${index}`;
}
