/**
 * The workload's timed events fed to the model through one timer at a time:
 * control events (reshardings, mapping lifecycle changes and updates) and the
 * data-plane series (Kinesis puts, DynamoDB writes). At equal times control
 * events come first, reshardings before lifecycle changes, and each kind keeps
 * its workload order.
 */
import { DEFAULT_EPOCH_MS, type VirtualClock } from '../sim/Clock.ts';

/** One control action. */
export interface TimedAction {
  /** ms after the run's epoch. */
  readonly at: number;
  /** Lower ranks run first at equal times (0: resharding, 1: lifecycle). */
  readonly rank: number;
  readonly run: () => void;
}

/**
 * The data-plane events: `count` of them, the i-th at `at(i)`, done by
 * `run(i)`. A million puts cost no object each, only their index.
 */
export interface TimedSeries {
  readonly count: number;
  at(i: number): number;
  run(i: number): void;
}

/** Fire control actions and the series in time order; `done()` (a method: call it on the result) once all have run. */
export function scheduleActions(actions: readonly TimedAction[], clock: VirtualClock, series: TimedSeries): { done(): boolean; readonly lastAt: number } {
  return new Timeline(actions, clock, series);
}

/**
 * The cursor over both lists. A class with methods rather than closures over
 * local variables: the loader names every closure it makes, at a cost (see
 * docs/design.md, "Closures and the loader"), and a run makes one timeline.
 */
class Timeline {
  private readonly control: readonly TimedAction[];
  private readonly order: Uint32Array | undefined;
  private nextControl = 0;
  private nextPut = 0;
  readonly lastAt: number;
  /** `fire`, bound once: a put-heavy run sets a timer per put instant. */
  private readonly onDue = this.fire.bind(this);

  constructor(
    actions: readonly TimedAction[],
    private readonly clock: VirtualClock,
    private readonly series: TimedSeries,
  ) {
    this.control = [...actions].sort((a, b) => a.at - b.at || a.rank - b.rank); // stable: workload order within a rank
    this.order = seriesOrder(series);
    const { control } = this;
    this.lastAt = Math.max(control.length > 0 ? control[control.length - 1]!.at : 0, series.count > 0 ? this.seriesAt(series.count - 1) : 0);
    this.wait();
  }

  done(): boolean {
    return this.nextControl >= this.control.length && this.nextPut >= this.series.count;
  }

  private seriesAt(k: number): number {
    return this.series.at(this.order ? this.order[k]! : k);
  }

  private controlAt(): number {
    return this.nextControl < this.control.length ? this.control[this.nextControl]!.at : Infinity;
  }

  private putAt(): number {
    return this.nextPut < this.series.count ? this.seriesAt(this.nextPut) : Infinity;
  }

  /** Set the timer for whatever comes next, if anything does. */
  private wait(): void {
    const at = Math.min(this.controlAt(), this.putAt());
    if (at !== Infinity) this.clock.at(DEFAULT_EPOCH_MS + at, this.onDue);
  }

  /** Run everything due by now, control first at equal times; then wait for the next. */
  private fire(): void {
    const { series, order } = this;
    const due = this.clock.now - DEFAULT_EPOCH_MS;
    for (;;) {
      const c = this.controlAt();
      // The puts due strictly before the next control action, in one run (a put adds no control action).
      while (this.nextPut < series.count) {
        const p = this.seriesAt(this.nextPut);
        if (p >= c || p > due) break;
        series.run(order ? order[this.nextPut++]! : this.nextPut++);
      }
      if (c <= due) this.control[this.nextControl++]!.run(); // the next put, if any, is not before it
      else break;
    }
    this.wait();
  }
}

/** The series' indexes in time order (stable), or undefined when they already are. */
export function seriesOrder(series: TimedSeries): Uint32Array | undefined {
  let sorted = true;
  for (let i = 1; i < series.count && sorted; i++) sorted = series.at(i - 1) <= series.at(i);
  if (sorted) return undefined;
  const times = new Float64Array(series.count);
  for (let i = 0; i < times.length; i++) times[i] = series.at(i);
  return packedOrder(times) ?? Uint32Array.from(times.keys()).sort((a, b) => times[a]! - times[b]! || a - b);
}

/**
 * Whole-millisecond times (the usual case) sorted without a comparator: each
 * index packed with its time into one exact double, (time - earliest) * n + index,
 * which the typed array's native sort puts in time order, ties by index.
 * Undefined when a time is fractional or the packing would pass 2^53.
 */
function packedOrder(times: Float64Array): Uint32Array | undefined {
  const n = times.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) {
    if (!Number.isInteger(t)) return undefined;
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  if ((hi - lo + 1) * n > Number.MAX_SAFE_INTEGER) return undefined;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (times[i]! - lo) * n + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = keys[i]! % n;
  return order;
}
