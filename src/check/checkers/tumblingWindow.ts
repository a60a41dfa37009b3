/**
 * Tumbling windows (H-2..H-6, H-9), judged per lane (a shard's batcher; with
 * ParallelizationFactor > 1 each keeps its own window, a model decision) on
 * the `window` fields of `invoke` events, walking the trace in order:
 *
 * - H-9: a mapping with TumblingWindowInSeconds > 0 invokes with window fields,
 *   one without none;
 * - H-2: a window lasts TumblingWindowInSeconds, and every record of an
 *   invocation arrived within its window;
 * - H-3: an invocation receives `{}` at its window's first invocation, then the
 *   state the last invocation that counted returned (a success, or a partial
 *   response: a model decision); a failed one leaves it;
 * - H-4: a window closes with a final invocation that succeeds, at or after
 *   its end (any delay: AWS may wait up to two minutes), or early when its
 *   shard ended (H-6) or its state passed 1 MB (H-5); before it, the lane
 *   starts no later window; after it, no record of the window comes again;
 *   and a trace that ends quiescent leaves no window open;
 * - H-5: after a state over 1 MB, the next invocation is a final one with
 *   `terminatedEarly`, and the window goes on with `{}`.
 *
 * A stop (`Disabling`, `Updating`) drops open windows without a final
 * invocation (a model decision: pollers restart with fresh state).
 * That a return without state is a failure (H-3) is judged where every
 * checker classifies results (TraceIndex), so the checkpoint and retry
 * checkers hold a mapping to it.
 */
import { isDeepStrictEqual } from 'node:util';
import { windowStateOf } from '../../esm/BatchResponse.ts';
import { isoSeconds } from '../../esm/OnFailureRecord.ts';
import { MAX_STATE_BYTES, stateBytes } from '../../esm/TumblingWindow.ts';
import type { InvokeEvent, InvokeWindow } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding, StoryStep } from '../Finding.ts';
import { idsOf, type Invocation } from '../Invocation.ts';
import type { TraceIndex } from '../TraceIndex.ts';

/** A lane's open window, as the checker follows it. */
interface LaneWindow {
  readonly start: number;
  readonly end: number;
  /** The state its next invocation must receive. */
  expected: unknown;
  /** The invocation that returned `expected`, if any did. */
  from: Invocation | undefined;
  /** The first invocation of the window. */
  readonly opened: Invocation;
  /** The last state returned was over 1 MB: the next invocation must end the window early (H-5). */
  endingEarly: boolean;
}

/** What the checker knows of one lane. */
interface LaneState {
  open: LaneWindow | undefined;
  /** Windows closed by a final invocation, by start, with that invocation. */
  readonly closed: Map<number, Invocation>;
}

const MAX_FINDINGS = 20;

export const tumblingWindow: Checker = {
  name: 'tumbling-window',
  rules: ['H-2', 'H-3', 'H-4', 'H-5', 'H-6', 'H-9'],
  invariant: 'Each lane carries one tumbling window at a time: its records arrived within it, each invocation receives the state last returned in it, and it closes with a successful final invocation before a later window starts.',
  check(index) {
    if (!index.invocations.some(hasWindow)) return []; // no window anywhere: nothing to follow (most traces)
    const judge = new WindowJudge(index);
    judge.walk();
    return judge.findings.slice(0, MAX_FINDINGS);
  },
};

/** Does the invocation carry window fields, or should it (H-9)? */
function hasWindow(inv: Invocation): boolean {
  return inv.invoke.window !== undefined || inv.config.TumblingWindowInSeconds > 0;
}

/** One pass over the trace, lane by lane. */
class WindowJudge {
  readonly findings: Finding[] = [];
  private readonly lanes = new Map<number, LaneState>();
  private readonly byInvoke = new Map<InvokeEvent, Invocation>();
  private readonly byId = new Map<string, Invocation>();
  /** Shards that resharding closed (a `shard` event names them as parents, H-6). */
  private readonly closedShards = new Set<string>();

  constructor(private readonly index: TraceIndex) {
    for (const inv of index.invocations) {
      this.byInvoke.set(inv.invoke, inv);
      this.byId.set(inv.invoke.id, inv);
    }
    for (const e of index.trace) {
      if (e.type !== 'shard') continue;
      this.closedShards.add(e.parentShardId);
      if (e.adjacentParentShardId !== undefined) this.closedShards.add(e.adjacentParentShardId);
    }
  }

  walk(): void {
    for (const e of this.index.trace) {
      if (this.findings.length >= MAX_FINDINGS) return;
      if (e.type === 'state' && (e.state === 'Disabling' || e.state === 'Updating')) this.lanes.clear(); // pollers stop: windows dropped
      else if (e.type === 'invoke') this.invoked(this.byInvoke.get(e)!);
      else if (e.type === 'result') {
        const inv = this.byId.get(e.id);
        if (inv?.invoke.window !== undefined) this.ended(inv, inv.invoke.window);
      }
    }
    if (this.index.end?.reason === 'quiescent') this.leftOpen();
  }

  private lane(inv: Invocation): LaneState {
    let lane = this.lanes.get(inv.laneNo);
    if (lane === undefined) {
      lane = { open: undefined, closed: new Map() };
      this.lanes.set(inv.laneNo, lane);
    }
    return lane;
  }

  private invoked(inv: Invocation): void {
    const seconds = inv.config.TumblingWindowInSeconds;
    const window = inv.invoke.window;
    if (window === undefined) {
      if (seconds > 0) this.add(inv, 'H-9', 'an invocation of a mapping with a tumbling window carried no window fields', [`the mapping has TumblingWindowInSeconds ${seconds}`, 'it carried no window, state or isFinalInvokeForWindow']);
      return;
    }
    if (seconds === 0) return this.add(inv, 'H-9', 'an invocation carried tumbling-window fields, though the mapping has no window', ['the mapping has TumblingWindowInSeconds 0', `it carried a window ${span(window)}`]);
    if (window.end - window.start !== seconds * 1000) this.add(inv, 'H-2', `a window of ${(window.end - window.start) / 1000}s, not TumblingWindowInSeconds ${seconds}`, [`the mapping has TumblingWindowInSeconds ${seconds}`, `it carried the window ${span(window)}`]);
    this.bounds(inv, window);
    const lane = this.lane(inv);
    this.order(inv, window, lane);
    this.state(inv, window, lane);
  }

  /** H-2: every record arrived within the window. */
  private bounds(inv: Invocation, window: InvokeWindow): void {
    for (const rec of inv.recs) {
      const put = this.index.putOf(rec);
      if (put === undefined || (put.t >= window.start && put.t < window.end)) continue;
      return this.add(inv, 'H-2', `${this.index.nameOf(rec)} was delivered in the window ${span(window)}, though it arrived outside it`, [
        { what: `${this.index.describe(rec)} arrive`, t: put.t },
        `it was delivered in invocation ${inv.invoke.id}, whose window is ${span(window)}`,
      ], [this.index.idOf(rec)]);
    }
  }

  /** H-4, H-5: windows follow one another, each closed before the next, and a closed window's records do not come again. */
  private order(inv: Invocation, window: InvokeWindow, lane: LaneState): void {
    const open = lane.open;
    if (open !== undefined && open.start !== window.start) {
      this.add(inv, 'H-4', `a lane started the window ${span(window)} before the window ${span(open)} had its final invocation`, [
        `the window ${span(open)} open in ${where(inv)} with invocation ${open.opened.invoke.id}`,
        `invocation ${inv.invoke.id} belongs to the window ${span(window)}, and no final invocation of the earlier window succeeded before it`,
      ]);
      lane.open = undefined;
    }
    if (open !== undefined && open.start === window.start && open.endingEarly && !(window.final && window.terminatedEarly)) {
      this.add(inv, 'H-5', 'the window went on after its state passed 1 MB, without ending early', [
        `invocation ${open.from!.invoke.id} return a state of ${stateBytes(open.expected)} bytes in the window ${span(open)}`,
        `invocation ${inv.invoke.id} followed without isFinalInvokeForWindow and isWindowTerminatedEarly: a state over 1 MB ends the window early`,
      ]);
      open.endingEarly = false;
    }
    const closedBy = lane.closed.get(window.start);
    if (lane.open === undefined && closedBy !== undefined && inv.recs.length > 0) {
      this.add(inv, 'H-4', `records of the window ${span(window)} were delivered after its final invocation`, [
        `the window ${span(window)} close in ${where(inv)} with the final invocation ${closedBy.invoke.id}`,
        `invocation ${inv.invoke.id} delivered records of that window afterwards: after the final invocation the state is dropped`,
      ]);
    }
    if (window.final && !window.terminatedEarly && inv.t < window.end && !this.closedShards.has(inv.shardId)) {
      this.add(inv, 'H-4', `the window ${span(window)} had its final invocation before its end`, [
        `the window ${span(window)} be open in ${where(inv)}, its shard not closed by resharding`,
        `its final invocation ${inv.invoke.id} came before the window ended`,
      ]);
    }
    lane.open ??= { start: window.start, end: window.end, expected: {}, from: undefined, opened: inv, endingEarly: false };
  }

  /** H-3: the state received is the state last returned in the window. */
  private state(inv: Invocation, window: InvokeWindow, lane: LaneState): void {
    const open = lane.open!;
    if (isDeepStrictEqual(window.state, open.expected)) return; // JSON values, object keys in any order
    const before = open.from ? `invocation ${open.from.invoke.id} returned the state ${json(open.expected)} in it, the last that counted` : 'no invocation had returned a state in it yet, so its state was {}';
    this.add(inv, 'H-3', `an invocation received the state ${json(window.state)}, not ${json(open.expected)}`, [
      `the window ${span(window)} be open in ${where(inv)}`,
      before,
      `invocation ${inv.invoke.id} received ${json(window.state)}`,
    ]);
  }

  /** An invocation with a window ended: a final one that counted closes it; another keeps its state (H-3, H-4, H-5). */
  private ended(inv: Invocation, window: InvokeWindow): void {
    const lane = this.lane(inv);
    const open = lane.open;
    const c = inv.classification;
    if (open === undefined || open.start !== window.start || c === undefined || c.kind === 'failure') return;
    if (window.final) {
      if (window.terminatedEarly) {
        open.expected = {};
        open.from = undefined;
        open.endingEarly = false;
      } else {
        lane.closed.set(window.start, inv);
        lane.open = undefined;
      }
      return;
    }
    const state = windowStateOf(inv.result!.response);
    if (state === undefined) return;
    open.expected = state;
    open.from = inv;
    open.endingEarly = stateBytes(state) > MAX_STATE_BYTES;
  }

  /** H-4: a trace that ended with nothing left to do left no window without its final invocation. */
  private leftOpen(): void {
    for (const lane of this.lanes.values()) {
      const open = lane.open;
      if (open === undefined || this.findings.length >= MAX_FINDINGS) continue;
      this.add(open.opened, 'H-4', `the window ${span(open)} never had a successful final invocation`, [
        `the window ${span(open)} open in ${where(open.opened)} with invocation ${open.opened.invoke.id}`,
        'the run ended with nothing left to do, and no final invocation of the window had succeeded',
      ]);
    }
  }

  /** A finding about `inv`: its first step a `let`, the last a `but` (at the invocation, unless a step says when). */
  private add(inv: Invocation, rule: string, summary: string, steps: ReadonlyArray<string | { what: string; t: number }>, records: readonly string[] = idsOf(inv)): void {
    const last = steps.length - 1;
    const story: StoryStep[] = steps.map((step, i) => {
      const kind = i === 0 ? 'let' : i === last ? 'but' : 'then';
      if (typeof step !== 'string') return { kind, ...step };
      return i === last ? { kind, t: inv.t, what: step } : { kind, what: step };
    });
    this.findings.push({ checker: 'tumbling-window', rule, summary, records, at: inv.t, story });
  }
}

/** `[start, end)` as the event writes them (H-9). */
function span(w: { readonly start: number; readonly end: number }): string {
  return `[${isoSeconds(w.start)}, ${isoSeconds(w.end)})`;
}

function where(inv: Invocation): string {
  return inv.lane !== undefined && inv.lane > 0 ? `lane ${inv.lane} of ${inv.shardId}` : inv.shardId;
}

function json(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
