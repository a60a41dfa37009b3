/**
 * Joining invocations with their results: each invocation id's last result
 * event. A `Map`: V8 keeps a string's hash in the string, and a producer that
 * hands an invocation's result the id string of its invoke event (the
 * reference model does) has it hashed once, so the join reads each id's
 * characters once; ids that differ anywhere, at either end or in the middle,
 * spread alike. Keys compare by SameValueZero, so a malformed trace's
 * non-string ids join as they are.
 */
import type { ResultEvent } from '../trace/TraceEvent.ts';

/** Where the last result of each id is among `results` (in trace order): its index in the list. */
export function resultsById(results: readonly ResultEvent[]): ReadonlyMap<unknown, number> {
  const byId = new Map<unknown, number>();
  for (let i = 0; i < results.length; i++) byId.set(results[i]!.id, i); // a later result of an id replaces an earlier one
  return byId;
}
