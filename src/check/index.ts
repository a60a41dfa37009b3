/**
 * The checkers for event source mapping traces, and running them.
 */
import type { EsmConfig } from '../esm/EsmConfig.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import type { JudgedUnder } from '../suite/Suite.ts';
import type { Checker } from './Checker.ts';
import { batchBounds } from './checkers/batchBounds.ts';
import { bisect } from './checkers/bisect.ts';
import { checkpointOrder } from './checkers/checkpointOrder.ts';
import { filtering } from './checkers/filtering.ts';
import { conservation } from './checkers/conservation.ts';
import { lifecycle } from './checkers/lifecycle.ts';
import { onFailure } from './checkers/onFailure.ts';
import { partialResponse } from './checkers/partialResponse.ts';
import { perKeyOrder } from './checkers/perKeyOrder.ts';
import { recordAge } from './checkers/recordAge.ts';
import { retention } from './checkers/retention.ts';
import { tumblingWindow } from './checkers/tumblingWindow.ts';
import { resume } from './checkers/resume.ts';
import { retryLimit } from './checkers/retryLimit.ts';
import { startingPosition } from './checkers/startingPosition.ts';
import type { Finding } from './Finding.ts';
import { TraceIndex } from './TraceIndex.ts';
import { hitsOf } from './hits.ts';

/** Every checker of mapping traces, in report order. */
export const ESM_CHECKERS: readonly Checker[] = [perKeyOrder, conservation, retryLimit, recordAge, batchBounds, checkpointOrder, onFailure, partialResponse, bisect, lifecycle, resume, filtering, startingPosition, retention, tumblingWindow];

/** Run checkers over one trace. */
export function checkTrace(trace: readonly TraceEvent[], config: EsmConfig, checkers: readonly Checker[] = ESM_CHECKERS): Finding[] {
  const index = new TraceIndex(trace, config);
  return checkers.flatMap((c) => c.check(index));
}

/**
 * Index a run's trace, run every mapping checker and count its scenario
 * classes. With several mappings on the stream (C-3), each is judged on its
 * own events (those stamped with its UUID) and the stream's, with its own
 * configuration; their hits add up.
 */
export function checkRun<T extends JudgedRun & { readonly config: EsmConfig }>(run: T) {
  const views = judgedViews(run);
  const findings: Finding[] = [];
  const hits: Record<string, number> = {};
  for (const view of views) {
    const index = new TraceIndex(view.trace, view.config);
    for (const checker of ESM_CHECKERS) for (const finding of checker.check(index)) findings.push(finding);
    for (const [k, n] of Object.entries(hitsOf(index))) hits[k] = (hits[k] ?? 0) + n;
  }
  return { ...run, findings, hits };
}

/** A run's trace and the configuration(s) it ran under: `configs` by UUID when several mappings read the stream (C-3). */
export interface JudgedRun extends JudgedUnder {
  readonly trace: readonly TraceEvent[];
}

/** What each of a run's mappings is judged on: its own view when several read the stream (C-3), else the whole trace; none without a configuration. */
export function judgedViews(run: JudgedRun): ReadonlyArray<{ readonly trace: readonly TraceEvent[]; readonly config: EsmConfig }> {
  if (run.configs) return mappingViews(run.trace, run.configs);
  return run.config ? [{ trace: run.trace, config: run.config }] : [];
}

/** One mapping's view of a trace, judged under its configuration. */
export interface MappingView {
  readonly mapping: string;
  readonly trace: readonly TraceEvent[];
  readonly config: EsmConfig;
}

/** Each mapping's view: its own events and the stream's, under its configuration (C-3). */
export function mappingViews(trace: readonly TraceEvent[], configs: Readonly<Record<string, EsmConfig>>): MappingView[] {
  return Object.entries(configs).map(([mapping, config]) => ({ mapping, trace: ownEvents(trace, mapping), config }));
}

/** The mapping (UUID) that stamped an event; undefined on the stream's own events (C-3). */
export function mappingOf(e: TraceEvent): string | undefined {
  return (e as { readonly mapping?: string }).mapping;
}

/** One mapping's events and the stream's (C-3). */
export function ownEvents(trace: readonly TraceEvent[], uuid: string): TraceEvent[] {
  return trace.filter((e) => {
    const mapping = mappingOf(e);
    return mapping === undefined || mapping === uuid;
  });
}
