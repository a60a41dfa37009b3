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

/** Fire control actions and the series in time order; `done()` once all have run. */
export function scheduleActions(actions: readonly TimedAction[], clock: VirtualClock, series: TimedSeries): { done: () => boolean; lastAt: number } {
  const control = [...actions].sort((a, b) => a.at - b.at || a.rank - b.rank); // stable: workload order within a rank
  const order = seriesOrder(series);
  const seriesAt = (k: number) => series.at(order ? order[k]! : k);
  let nextControl = 0;
  let nextPut = 0;
  const controlAt = () => (nextControl < control.length ? control[nextControl]!.at : Infinity);
  const putAt = () => (nextPut < series.count ? seriesAt(nextPut) : Infinity);
  /** Run everything due by now, control first at equal times; then wait for the next. */
  const fire = () => {
    const due = clock.now - DEFAULT_EPOCH_MS;
    for (;;) {
      const c = controlAt();
      // The puts due strictly before the next control action, in one run (a put adds no control action).
      while (nextPut < series.count) {
        const p = seriesAt(nextPut);
        if (p >= c || p > due) break;
        series.run(order ? order[nextPut++]! : nextPut++);
      }
      if (c <= due) control[nextControl++]!.run(); // the next put, if any, is not before it
      else break;
    }
    const at = Math.min(controlAt(), putAt());
    if (at !== Infinity) clock.at(DEFAULT_EPOCH_MS + at, fire);
  };
  const first = Math.min(controlAt(), putAt());
  if (first !== Infinity) clock.at(DEFAULT_EPOCH_MS + first, fire);
  const lastAt = Math.max(control.length > 0 ? control[control.length - 1]!.at : 0, series.count > 0 ? seriesAt(series.count - 1) : 0);
  return { done: () => nextControl >= control.length && nextPut >= series.count, lastAt };
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
