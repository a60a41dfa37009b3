/**
 * Per-record and per-invocation scratch numbers for the index and checkers.
 * A plain array is used rather than a typed one: typed arrays of more than a
 * few dozen bytes live outside the JS heap, and allocating one costs several
 * times as much as a plain array of the same length, which adds up over the
 * handful each check of a short trace needs.
 */

/** An array of `length` numbers, each `value`. */
export function filledArray(length: number, value: number): number[] {
  return new Array<number>(length).fill(value);
}
