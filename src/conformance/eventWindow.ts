/**
 * The tumbling-window fields of an event a poller built (H-9), read into the
 * trace's terms (`InvokeWindow`): `window.start` and `window.end` as ISO-8601
 * UTC, `state`, `isFinalInvokeForWindow` and `isWindowTerminatedEarly`, with
 * `shardId` and `eventSourceARN` naming where the batch came from.
 *
 * An event with none of these fields has no window: the trace records none,
 * and the `tumbling-window` checker judges whether it should have had one.
 * An event with some of them must have all, well formed: the trace could not
 * hold a window whose times do not parse, and the function would have been
 * handed garbage. That is the poller's fault, told in a sentence.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import { isoMillis } from '../esm/OnFailureRecord.ts';
import type { InvokeWindow } from '../trace/TraceEvent.ts';
import { preview } from './preview.ts';

/** The window an event carries (none without window fields), or why its fields are malformed. */
export type EventWindow = { readonly window: InvokeWindow | undefined } | { readonly fault: string };

/** The fields H-9 adds to the stream event. */
const WINDOW_KEYS = ['window', 'state', 'isFinalInvokeForWindow', 'isWindowTerminatedEarly'] as const;

/** An ISO-8601 UTC time as Lambda writes window bounds (`2020-12-09T07:04:00Z`), also with a fraction of a second or `+00:00`. */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|\+00:00)$/;

/** Read the window fields of `event`, an invocation of `shardId` on the stream `streamArn`. */
export function eventWindow(event: KinesisStreamEvent, shardId: string, streamArn: string): EventWindow {
  if (typeof event !== 'object' || event === null) return { window: undefined }; // no event at all: the harness says so where it reads the records
  const e = event as unknown as Record<string, unknown>;
  if (!WINDOW_KEYS.some((k) => e[k] !== undefined)) return { window: undefined }; // as JSON, which the function gets, the event has none
  const bounds = e['window'] as { start?: unknown; end?: unknown } | null | undefined;
  const start = isoMs(bounds?.start);
  const end = isoMs(bounds?.end);
  if (start === undefined || end === undefined) return malformed(`window ${preview(e['window'])}, not {start, end} as ISO-8601 UTC times`);
  if (end <= start) return malformed(`window ${preview(e['window'])}, which does not end after it starts`);
  const state = asReceived(e['state']);
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return malformed(`state ${preview(e['state'])}, not an object (the first invocation of a window gets {})`);
  const final = e['isFinalInvokeForWindow'];
  const terminatedEarly = e['isWindowTerminatedEarly'];
  if (typeof final !== 'boolean') return malformed(`isFinalInvokeForWindow ${preview(final)}, not true or false`);
  if (typeof terminatedEarly !== 'boolean') return malformed(`isWindowTerminatedEarly ${preview(terminatedEarly)}, not true or false`);
  if (e['shardId'] !== shardId) return malformed(`shardId ${preview(e['shardId'])}, though it invoked for ${shardId}`);
  if (e['eventSourceARN'] !== streamArn) return malformed(`eventSourceARN ${preview(e['eventSourceARN'])}, not the stream's ARN ${streamArn}`);
  return { window: { start, end, state, final, terminatedEarly } };
}

/**
 * The state as the function receives it, through JSON (not `marshal`, whose
 * response limit is no business of a request: `batch-bounds` judges its size):
 * a copy, so that a poller changing its object later does not rewrite the
 * trace; a value JSON cannot carry (a BigInt, a cycle) is no state, and a
 * Date comes back as a string, so not an object.
 */
function asReceived(value: unknown): unknown {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : JSON.parse(json);
  } catch {
    return undefined;
  }
}

function malformed(what: string): { readonly fault: string } {
  return { fault: `invoked the function with a tumbling-window event (H-9) whose ${what}` };
}

/** Epoch ms of an ISO-8601 UTC time, or undefined when `value` is not one. */
function isoMs(value: unknown): number | undefined {
  const m = typeof value === 'string' ? ISO_UTC.exec(value) : null;
  if (m === null) return undefined;
  const text = m[0];
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')));
  // Date.UTC rolls 2020-02-30 over into March: a time that does not come back as written is not one.
  return isoMillis(ms).slice(0, 19) === text.slice(0, 19) ? ms : undefined;
}
