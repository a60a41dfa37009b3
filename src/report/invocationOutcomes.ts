/**
 * How the mapping took each invocation's result, for drawing it: the
 * checkers' own classification (E-1, E-4..E-6) under the configuration in
 * force when it started (A-20), so that the timeline colours a bar as the
 * table does. A body with an empty `itemIdentifier` is a complete failure,
 * not a partial one; a list of failures returned without the opt-in is a
 * success.
 */
import { judgedViews } from '../check/index.ts';
import { TraceIndex } from '../check/TraceIndex.ts';
import type { JudgedUnder } from '../suite/Suite.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';

/** A bar's colour class. */
export type InvocationOutcome = 'success' | 'partial' | 'failure' | 'timeout' | 'pending';

/** Each invocation's outcome by invoke id, in trace order; undefined when no mapping configuration is known (then the timeline falls back to reading the result alone). */
export function invocationOutcomes(trace: readonly object[], under: JudgedUnder): Record<string, InvocationOutcome> | undefined {
  const events = trace as readonly TraceEvent[];
  const views = judgedViews({ ...under, trace: events });
  if (views.length === 0 || !events.some((e) => e.type === 'invoke')) return undefined;
  const out: Record<string, InvocationOutcome> = {};
  for (const view of views) {
    for (const inv of new TraceIndex(view.trace, view.config).invocations) {
      const c = inv.classification;
      out[inv.invoke.id] = !c ? 'pending' : inv.result?.outcome === 'timeout' ? 'timeout' : c.kind;
    }
  }
  return out;
}
