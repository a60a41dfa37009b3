/**
 * Tumbling windows (H): which window a record falls in, the window fields
 * of an invocation event, and their size in the payload.
 *
 * - H-2, model decision: windows are aligned to the epoch,
 *   `start = floor(arrival / W) * W`, as AWS's examples are; a record's window
 *   is that of its arrival time (Kinesis `approximateArrivalTimestamp`,
 *   DynamoDB `ApproximateCreationDateTime`).
 * - H-9: the event is the stream event with `window` (`start` and `end` as
 *   ISO-8601 in whole seconds, e.g. `2020-12-09T07:04:00Z`), `state`,
 *   `shardId`, `eventSourceARN`, `isFinalInvokeForWindow` and
 *   `isWindowTerminatedEarly` at its top level.
 * - H-5: a state over 1 MB ends the window early.
 */
import type { InvokeWindow } from '../trace/TraceEvent.ts';
import { isoSeconds } from './OnFailureRecord.ts';

/** Largest state a window keeps per shard, bytes of JSON (H-5: 1 MB). */
export const MAX_STATE_BYTES = 1024 * 1024;

/** The start of the window of `arrivalMs`, for windows of `windowMs` (H-2, epoch-aligned). */
export function windowStartOf(arrivalMs: number, windowMs: number): number {
  return Math.floor(arrivalMs / windowMs) * windowMs;
}

/** The fields a windowed invocation event adds to `{"Records":[...]}` (H-9), in the order Lambda's examples show them. */
export function windowEventFields(window: InvokeWindow, shardId: string, eventSourceArn: string): Record<string, unknown> {
  return {
    window: { start: isoSeconds(window.start), end: isoSeconds(window.end) },
    state: window.state,
    shardId,
    eventSourceARN: eventSourceArn,
    isFinalInvokeForWindow: window.final,
    isWindowTerminatedEarly: window.terminatedEarly,
  };
}

/**
 * A source's event for a batch, with the window's fields after `Records` when
 * there is a window (H-9). The handler gets its own copy of the state, as
 * Lambda hands it JSON: a handler that changes `event.state` in place and then
 * fails must not change what its retry receives, nor what the trace recorded,
 * nor the size the lane keeps for it.
 */
export function windowedEvent(event: { Records: unknown[] }, window: InvokeWindow | undefined, shardId: string, eventSourceArn: string): object {
  return window === undefined ? event : { ...event, ...windowEventFields({ ...window, state: structuredClone(window.state) }, shardId, eventSourceArn) };
}

/** Bytes the window fields add to a serialised event: a comma and the fields, without their braces. */
export function windowEventBytes(window: InvokeWindow, shardId: string, eventSourceArn: string): number {
  return Buffer.byteLength(JSON.stringify(windowEventFields(window, shardId, eventSourceArn)), 'utf8') - 2 + 1;
}

/**
 * A lane's sizer of window fields (`windowEventBytes`, without a JSON
 * serialisation per call). A lane asks at every batch it forms and every
 * invocation. JSON puts a value's own serialisation in place, so the size is
 * the fields' size with state `{}` and both flags `false`, less those, plus
 * the state's size (which the lane's window keeps, H-5) and each flag's; the
 * times count only by the width of their ISO form, which is the same for every
 * time of years 1970 - 9999.
 */
export class WindowFieldsSizer {
  /** The size of the fields without state and flags, by the widths of the two times. */
  private bare: { widths: number; bytes: number } | undefined;

  constructor(
    private readonly shardId: string,
    private readonly eventSourceArn: string,
  ) {}

  /** `windowEventBytes(window, shardId, eventSourceArn)` for this lane's shard, given `stateBytes(window.state)`. */
  bytes(window: InvokeWindow, stateBytes: number): number {
    const widths = isoSecondsWidth(window.start) * 100 + isoSecondsWidth(window.end);
    let bare = this.bare;
    if (bare === undefined || bare.widths !== widths) {
      const empty = windowEventBytes({ start: window.start, end: window.end, state: {}, final: false, terminatedEarly: false }, this.shardId, this.eventSourceArn);
      bare = this.bare = { widths, bytes: empty - '{}'.length - 2 * 'false'.length };
    }
    return bare.bytes + stateBytes + flagBytes(window.final) + flagBytes(window.terminatedEarly);
  }
}

/** The length of `isoSeconds(ms)`: `YYYY-MM-DDTHH:MM:SSZ` for years 1970 - 9999. */
function isoSecondsWidth(ms: number): number {
  return ms >= 0 && ms < 253_402_300_800_000 ? 20 : isoSeconds(ms).length;
}

function flagBytes(flag: boolean): number {
  return flag ? 4 : 5;
}

/** Size of a state as JSON, bytes (H-5). */
export function stateBytes(state: unknown): number {
  return Buffer.byteLength(JSON.stringify(state), 'utf8');
}
