/**
 * One lane's tumbling window (H): the window it is in, the state returned in
 * it so far, and when the window must close with a final invocation.
 *
 * - H-3: a window's first invocation gets `{}`; each later one gets the state
 *   the last successful invocation returned (model decision: a partial
 *   response's state is kept too, since the function returned normally).
 * - H-4: the window closes with a final invocation, at the first moment its
 *   records are all resolved and either a record of a later window waits, or
 *   the clock has passed the window's end with the shard read past it, or the
 *   shard has ended (H-6). Model decision (H-10): no further delay; AWS's
 *   Kinesis guide says it may wait up to two minutes for records, which the
 *   checker allows.
 * - H-5: a state over 1 MB ends the window early: the next invocation is a
 *   final one with `isWindowTerminatedEarly`, after which the same window goes
 *   on with fresh state.
 * - Model decision (G): with ParallelizationFactor > 1 each lane keeps its own
 *   window and state, as each lane has one batch in flight at a time.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { InvokeWindow } from '../trace/TraceEvent.ts';
import { Batch } from './Batch.ts';
import { MAX_STATE_BYTES, stateBytes, windowStartOf } from './TumblingWindow.ts';

/** The batch of a final invocation: no records (H-10 model decision). */
export const FINAL_BATCH = new Batch([], [], []);

/** A window's first state, `{}` (H-3), and its size. */
const FRESH_STATE: Record<string, unknown> = Object.freeze({});
const FRESH_STATE_BYTES = 2;

/** The window a lane is in. */
interface OpenWindow {
  readonly start: number;
  readonly end: number;
  state: Record<string, unknown>;
  /** `stateBytes(state)`. */
  stateBytes: number;
}

/** A lane's tumbling window. */
export class WindowTracker {
  private open: OpenWindow | undefined;
  /** The last state returned was over 1 MB: the window ends early (H-5). */
  private endingEarly = false;

  constructor(
    private readonly windowMs: number,
    /** `window-state-lost`: returned state is never kept (a deliberately broken model). */
    private readonly forgetsState = false,
  ) {}

  /** A window is open: it owes a final invocation. */
  get isOpen(): boolean {
    return this.open !== undefined;
  }

  /** When the open window ends, if one is open. */
  get end(): number | undefined {
    return this.open?.end;
  }

  /** The start of `r`'s window (H-2). */
  startOf(r: StreamRecord): number {
    return windowStartOf(r.arrivalMs, this.windowMs);
  }

  /**
   * Must the open window close before anything else runs? `front`: the
   * record at the front of the lane's queue, if any; `readThrough`:
   * everything put before it has been read (Infinity once the shard ended).
   */
  closeDue(front: StreamRecord | undefined, now: number, readThrough: number): boolean {
    const open = this.open;
    if (open === undefined) return false;
    if (this.endingEarly) return true;
    if (front !== undefined) return this.startOf(front) !== open.start;
    return readThrough === Infinity || (now >= open.end && readThrough >= open.end);
  }

  /** The window fields of an invocation of `batch` (its first record's window, when none is open). */
  fieldsFor(batch: Batch): InvokeWindow {
    return this.nextFields(batch.records[0]!);
  }

  /**
   * An invocation with these fields reached the function: their window is
   * open from now on, if none was. (A throttled one, D-1, opens nothing: a
   * window no invocation reached owes no final invocation.)
   */
  admitted(fields: InvokeWindow): void {
    this.open ??= { start: fields.start, end: fields.end, state: FRESH_STATE, stateBytes: FRESH_STATE_BYTES };
  }

  /** The fields an invocation of a batch starting with `first` would get (the window `admitted` opens, when none is open). */
  nextFields(first: StreamRecord): InvokeWindow {
    const open = this.open;
    if (open !== undefined) return { start: open.start, end: open.end, state: open.state, final: false, terminatedEarly: false };
    const start = this.startOf(first);
    return { start, end: start + this.windowMs, state: FRESH_STATE, final: false, terminatedEarly: false };
  }

  /** The size of the state the next invocation gets, bytes of JSON. */
  get stateBytes(): number {
    return this.open?.stateBytes ?? FRESH_STATE_BYTES;
  }

  /** The window fields of the open window's final invocation. */
  finalFields(): InvokeWindow {
    const open = this.open!;
    return { start: open.start, end: open.end, state: open.state, final: true, terminatedEarly: this.endingEarly };
  }

  /** An invocation in the window returned `state` and counted (H-3); over 1 MB, the window ends early (H-5). */
  kept(state: Record<string, unknown>): void {
    if (this.open === undefined || this.forgetsState) return;
    this.open.state = state;
    this.open.stateBytes = stateBytes(state);
    if (this.open.stateBytes > MAX_STATE_BYTES) this.endingEarly = true;
  }

  /** The final invocation succeeded: the window is closed, or after an early end goes on with fresh state (H-4, H-5). */
  closed(): void {
    if (this.endingEarly && this.open !== undefined) {
      this.endingEarly = false;
      this.open.state = FRESH_STATE;
      this.open.stateBytes = FRESH_STATE_BYTES;
      return;
    }
    this.open = undefined;
  }
}
