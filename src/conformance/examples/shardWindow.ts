/**
 * One shard's tumbling window (H), as the example poller (./simplePoller.ts)
 * keeps it, written as a team would from Lambda's developer guide:
 *
 * - H-2: a record's window is that of its arrival time, aligned to the epoch;
 *   a batch holds records of one window only;
 * - H-9: each event carries `window`, `state`, `shardId`, `eventSourceARN`,
 *   `isFinalInvokeForWindow` and `isWindowTerminatedEarly`;
 * - H-3: the first invocation of a window gets `{}`, each later one the state
 *   the last invocation that counted returned; a return without `state` is a
 *   failure, retried as any other;
 * - H-4: the window closes with a final invocation that names no records,
 *   once its records are done and a record of a later window waits, or a read
 *   made after its end reached the shard's tip (a clock past the end is not
 *   enough: records of the window may not have been read yet, which the
 *   harness found in this poller's first draft); it is retried until it
 *   succeeds, the shard waiting;
 * - H-5: a state over 1 MB ends the window early (`isWindowTerminatedEarly`),
 *   and the window goes on with `{}`;
 * - H-6: a shard's end closes its open window.
 *
 * Like the rest of the worked poller it uses none of the model's code (its
 * sizes and times are its own), so that the harness judges an independent
 * implementation. `Date.now()` is read as a real poller reads it: under the
 * harness, `Date` is the virtual clock's (fake globals).
 */
import type { KinesisStreamTumblingWindowEvent } from 'aws-lambda';
import type { InvokeOutcome, KinesisRecord, PollerContext } from '../PollerUnderTest.ts';

/** A window's event: Lambda's, with the `shardId` and `eventSourceARN` the DefinitelyTyped type leaves out (H-9). */
export type WindowEvent = KinesisStreamTumblingWindowEvent & { shardId: string; eventSourceARN: string };

/** Largest state a window keeps (H-5), bytes of JSON. */
const MAX_STATE_BYTES = 1024 * 1024;

type State = Record<string, unknown>;

/** What a shard's window needs from its poller. */
export interface WindowHost {
  readonly stopped: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Whether a response fails its batch outright (E-5), so that a final invocation answered so is not a success. */
  readonly failedOutright: (response: unknown) => boolean;
  /** `no-final-invoke`: move on to the next window without the final invocation (a familiar bug). */
  readonly skipFinal: boolean;
  /** `close-unread`: close a window once the clock passes its end, read or not (the first draft's bug). */
  readonly closeUnread: boolean;
}

/** The open tumbling window of one shard. */
export class ShardWindow {
  private open: { readonly start: number; readonly end: number; state: State } | undefined;
  /** The last state kept was over 1 MB: the next invocation ends the window early (H-5). */
  private endingEarly = false;
  /** The start of the window the last event was built for. */
  private offered = 0;

  constructor(
    private readonly ctx: PollerContext,
    private readonly shardId: string,
    private readonly windowMs: number,
    private readonly host: WindowHost,
  ) {}

  /** Take the next batch from the front of `queue`: at most `max` records, all of the first one's window, after closing the open window if it must close first. */
  async nextBatch(queue: KinesisRecord[], max: number): Promise<KinesisRecord[]> {
    const start = this.startOf(queue[0]!);
    if (this.open !== undefined && (this.endingEarly || start !== this.open.start)) await this.close();
    let n = 0;
    while (n < queue.length && n < max && this.startOf(queue[n]!) === start) n++;
    return queue.splice(0, n);
  }

  /** The size of the JSON of the event for a batch that starts with `first`, before its records are added (B-7: the window's fields count toward the payload). */
  emptyEventBytes(first: KinesisRecord): number {
    return Buffer.byteLength(JSON.stringify(this.event([], this.open?.start ?? this.startOf(first), this.open?.state ?? {})), 'utf8');
  }

  /** The event for a batch: Lambda's stream event with the window's fields. */
  eventFor(records: WindowEvent['Records'], first: KinesisRecord): WindowEvent {
    this.offered = this.open?.start ?? this.startOf(first);
    return this.event(records, this.offered, this.open?.state ?? {});
  }

  /**
   * An invocation of the window reached the function and ended: it opened
   * the window if none was open, and a return with `state` counted and keeps
   * that state, unless its response failed the batch outright (E-5: a
   * partial failure keeps it). False when it did not count (H-3).
   */
  ended(result: InvokeOutcome, failedOutright = false): boolean {
    this.open ??= { start: this.offered, end: this.offered + this.windowMs, state: {} };
    const state = stateOf(result);
    if (state === undefined || failedOutright) return false;
    this.open.state = state;
    this.endingEarly = Buffer.byteLength(JSON.stringify(state), 'utf8') > MAX_STATE_BYTES;
    return true;
  }

  /** After a read made at `readAt`, whose records are all done: close the window if the read came after its end and reached the shard's tip (`caughtUp`), so that no record of it is left to read. */
  async closeIfDue(readAt: number, caughtUp: boolean): Promise<void> {
    const readPast = this.host.closeUnread ? Date.now() : caughtUp ? readAt : -Infinity;
    if (this.open !== undefined && readPast >= this.open.end) await this.close();
  }

  /** The shard ended (H-6): the open window closes now, with its final invocation. */
  async closeAtShardEnd(): Promise<void> {
    if (this.open !== undefined) await this.close();
  }

  /** The final invocation (H-4), retried until it succeeds while the poller runs. */
  private async close(): Promise<void> {
    const open = this.open!;
    const early = this.endingEarly;
    if (!this.host.skipFinal && !(await this.finalSucceeded(open, early))) return; // stopped first: the next poller starts afresh
    this.endingEarly = false;
    this.open = early ? { ...open, state: {} } : undefined;
  }

  /** Invoke the final invocation until it succeeds (returns a state); false if the poller is stopped first. */
  private async finalSucceeded(open: { readonly start: number; readonly state: State }, early: boolean): Promise<boolean> {
    for (let failures = 0; !this.host.stopped(); failures++) {
      const result = await this.ctx.invoke(this.shardId, this.event([], open.start, open.state, { final: true, early }));
      if (stateOf(result) !== undefined && !this.host.failedOutright(result.response)) return true;
      await this.host.sleep(Math.min(1000 * 2 ** failures, 60_000));
    }
    return false;
  }

  private event(records: WindowEvent['Records'], start: number, state: State, close = { final: false, early: false }): WindowEvent {
    return {
      Records: records,
      window: { start: isoSeconds(start), end: isoSeconds(start + this.windowMs) },
      state,
      shardId: this.shardId,
      eventSourceARN: this.ctx.streamArn,
      isFinalInvokeForWindow: close.final,
      isWindowTerminatedEarly: close.early,
    };
  }

  /** The start of a record's window (H-2). */
  private startOf(r: KinesisRecord): number {
    const arrival = r.ApproximateArrivalTimestamp.getTime();
    return arrival - (arrival % this.windowMs);
  }
}

/** The state a returned response carries (H-3), if it returned one. */
function stateOf(result: InvokeOutcome): State | undefined {
  const state = result.outcome === 'return' ? (result.response as { state?: unknown } | null | undefined)?.state : undefined;
  return typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as State) : undefined;
}

/** An epoch-ms time as Lambda writes window bounds: `2020-12-09T07:04:00Z`. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
