/**
 * The workload's timed events fed to the model through one timer at a time:
 * puts, reshardings and mapping lifecycle changes. At equal times control
 * events (reshardings, then lifecycle changes) come before puts, and each kind
 * keeps its workload order.
 */
import { DEFAULT_EPOCH_MS, type VirtualClock } from '../sim/Clock.ts';

/**
 * One timed action: `run(arg)`. Puts share one `run` and differ by `arg` (their
 * index), so a million puts cost a million small objects, not a million closures.
 */
export interface TimedAction {
  /** ms after the run's epoch. */
  readonly at: number;
  /** Lower ranks run first at equal times. */
  readonly rank: number;
  readonly run: (arg: number) => void;
  readonly arg?: number;
}

/** Fire actions in time order; `done()` once all have run. */
export function scheduleActions(actions: readonly TimedAction[], clock: VirtualClock): { done: () => boolean; lastAt: number } {
  const order = Uint32Array.from({ length: actions.length }, (_, i) => i);
  if (!isSorted(actions)) order.sort((a, b) => actions[a]!.at - actions[b]!.at || actions[a]!.rank - actions[b]!.rank || a - b);
  let next = 0;
  const fire = () => {
    const now = clock.now;
    while (next < order.length && DEFAULT_EPOCH_MS + actions[order[next]!]!.at <= now) {
      const action = actions[order[next++]!]!;
      action.run(action.arg ?? 0);
    }
    if (next < order.length) clock.at(DEFAULT_EPOCH_MS + actions[order[next]!]!.at, fire);
  };
  if (order.length > 0) clock.at(DEFAULT_EPOCH_MS + actions[order[0]!]!.at, fire);
  const lastAt = order.length > 0 ? actions[order[order.length - 1]!]!.at : 0;
  return { done: () => next >= order.length, lastAt };
}

function isSorted(actions: readonly TimedAction[]): boolean {
  for (let i = 1; i < actions.length; i++) {
    const a = actions[i - 1]!;
    const b = actions[i]!;
    if (a.at > b.at || (a.at === b.at && a.rank > b.rank)) return false;
  }
  return true;
}
