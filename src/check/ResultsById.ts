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

/** The last result of each id among `results` (in trace order). */
export function resultsById(results: readonly ResultEvent[]): ReadonlyMap<unknown, ResultEvent> {
  const byId = new Map<unknown, ResultEvent>();
  for (const r of results) byId.set(r.id, r); // a later result of an id replaces an earlier one
  return byId;
}
