/**
 * Binary search over a list kept in ascending order of trace index (or
 * time), for the index and the checkers' questions "what comes after this
 * point?".
 */

/** The first index of an ascending list whose position is above `pos` (the list's length if none). */
export function firstAbove<T>(list: readonly T[], pos: number, positionOf: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (positionOf(list[mid]!) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
