/**
 * The tumbling windows a poller has open (H-4), as the conformance harness
 * follows them from the invocations it sees: per shard and lane, a window
 * opens when an invocation with its fields reaches the function, and closes
 * when its final invocation succeeds, returning a state (H-3, H-4), unless it
 * ended the window early (H-5), after which the window goes on.
 *
 * Each open window is owed its final invocation by a time: two minutes after
 * its end, or after its lane last started or ended an invocation, or its
 * shard's last checkpoint or give-up, whichever is later (AWS may wait up to two minutes for records; a poller retrying a
 * throttled final invocation is still at it). Past that, the harness stops
 * waiting and leaves the window to the `tumbling-window` checker. A poller
 * whose back-off between tries of a final invocation is longer than two
 * minutes is judged on a trace that ends while it waits.
 */
import { windowStateOf } from '../esm/BatchResponse.ts';
import type { InvokeWindow, ResultEvent } from '../trace/TraceEvent.ts';

/** How long a window may wait for its final invocation after its end and after its lane's last invocation. */
export const WINDOW_GRACE_MS = 120_000;

/** Open windows per shard and lane, with when each is owed its final invocation. */
export class OpenWindows {
  /** By `shardId/lane`: when the window's final invocation is owed. */
  private readonly due = new Map<string, number>();

  /** An invocation of `window` reached the function at `now`: its window is open, if it was not. */
  admitted(key: string, window: InvokeWindow, now: number): void {
    if (!window.final && !this.due.has(key)) this.due.set(key, Math.max(window.end, now) + WINDOW_GRACE_MS);
  }

  /** The lane started or ended an invocation at `now`: its open window waits two minutes more. */
  busy(key: string, now: number): void {
    const due = this.due.get(key);
    if (due !== undefined) this.due.set(key, Math.max(due, now + WINDOW_GRACE_MS));
  }

  /** An invocation with `window`'s fields (if any) ended at `now`: a final one that succeeded (returned a state, H-3) closes it, unless it ended it early (H-5). */
  ended(key: string, window: InvokeWindow | undefined, result: Pick<ResultEvent, 'outcome' | 'response'>, now: number): void {
    this.busy(key, now);
    if (window?.final === true && !window.terminatedEarly && result.outcome === 'return' && windowStateOf(result.response) !== undefined) this.due.delete(key);
  }

  /** The poller was stopped: its open windows are dropped (the model's decision, which the checker holds to). */
  clear(): void {
    this.due.clear();
  }

  /** The poller checkpointed or gave up records of `shardId` at `now`: each open window of the shard waits two minutes more (a batch that waited out its age, B-7, closes its window after). */
  reported(shardId: string, now: number): void {
    for (const key of this.due.keys()) if (key.startsWith(`${shardId}/`)) this.busy(key, now);
  }

  /** Has a lane of `shardId` a window open? */
  openOn(shardId: string): boolean {
    for (const key of this.due.keys()) if (key.startsWith(`${shardId}/`)) return true;
    return false;
  }

  /** Is no window still owed its final invocation at `now`? */
  settledAt(now: number): boolean {
    for (const due of this.due.values()) if (now < due) return false;
    return true;
  }
}
