/**
 * Where in the trace each lane attempted a batch: its invocations and the
 * attempts Lambda throttled (D-1), by trace index, with the give-ups for age
 * (D-6) that shrank a throttled attempt. Built on first use by the few
 * questions that need it (`TraceIndex.attempts`), and answered by binary
 * search, so a retry or throttle storm of thousands of attempts costs a
 * logarithm per question, not a scan.
 */
import { firstAbove } from './firstAbove.ts';
import type { Invocation } from './Invocation.ts';
import type { Throttled } from './TraceIndex.ts';

/** A lane's key: its shard and its number (absent counts as 0, as in `TraceIndex.lanes`). */
const laneKey = (shardId: string, lane: number | undefined) => `${shardId}\n${lane ?? 0}`;
/** The key of every lane of a shard together. */
const shardKey = (shardId: string) => `${shardId}\n*`;

/** The attempts of each lane, and of each shard, in trace order. */
export class LaneAttempts {
  /** Trace indices of the attempts, per lane key and per shard key, ascending (worked out on first use). */
  private positionsOf: Map<string, number[]> | undefined;
  /** Per lane key: its throttled attempts in an instant when records of its shard were given up for age, in trace order (worked out on first use). */
  private agedThrottlesOf: Map<string, Throttled[]> | undefined;

  constructor(
    private readonly invocations: readonly Invocation[],
    private readonly throttled: readonly Throttled[],
    /** The sequence numbers of `shardId` given up for RecordAgeExceeded at exactly `t` (D-6), if any. */
    private readonly agedOutAt: (shardId: string, t: number) => readonly string[] | undefined,
  ) {}

  private get positions(): Map<string, number[]> {
    if (this.positionsOf) return this.positionsOf;
    const positions = new Map<string, number[]>();
    const note = (shardId: string, lane: number | undefined, pos: number) => {
      push(positions, laneKey(shardId, lane), pos);
      push(positions, shardKey(shardId), pos);
    };
    for (const inv of this.invocations) note(inv.shardId, inv.lane, inv.pos);
    for (const th of this.throttled) note(th.event.shardId, th.event.lane, th.pos);
    for (const list of positions.values()) list.sort((a, b) => a - b);
    return (this.positionsOf = positions);
  }

  private get agedThrottles(): Map<string, Throttled[]> {
    if (this.agedThrottlesOf) return this.agedThrottlesOf;
    const aged = new Map<string, Throttled[]>();
    for (const th of this.throttled) if (this.agedOutAt(th.event.shardId, th.event.t)) push(aged, laneKey(th.event.shardId, th.event.lane), th);
    return (this.agedThrottlesOf = aged);
  }

  /**
   * The trace index of the first attempt of lane `lane` of `shardId` after
   * index `pos`, Infinity if none. With `lane` unknown, the first of any lane
   * of the shard (the attempt that held a record did not say which lane it
   * ran in, so any may have been its lane's next).
   */
  nextAfter(shardId: string, lane: number | undefined, pos: number): number {
    const list = this.positions.get(lane !== undefined ? laneKey(shardId, lane) : shardKey(shardId));
    if (list === undefined) return Infinity;
    const i = firstAbove(list, pos, (p) => p);
    return i < list.length ? list[i]! : Infinity;
  }

  /**
   * Did Lambda throttle (D-1) an attempt of lane `lane` of `shardId` between
   * the trace's events at indices `from` and `to` (exclusive), in an instant
   * when records of `held` were given up for RecordAgeExceeded? That attempt
   * shrank before it was throttled (D-6), and is tried again shrunk.
   */
  agedOutAtThrottleBetween(shardId: string, lane: number | undefined, from: number, to: number, held: readonly string[]): boolean {
    const aged = this.agedThrottles;
    if (aged.size === 0) return false; // the usual case: asked for every invocation, it makes no key
    const list = aged.get(laneKey(shardId, lane));
    if (list === undefined) return false;
    for (let i = firstAbove(list, from, (th) => th.pos); i < list.length && list[i]!.pos < to; i++) {
      if (this.agedOutAt(shardId, list[i]!.event.t)!.some((seq) => held.includes(seq))) return true;
    }
    return false;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
