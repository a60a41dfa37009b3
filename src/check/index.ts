/**
 * The checkers for event source mapping traces, and running them.
 */
import type { EsmConfig } from '../esm/EsmConfig.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import type { Checker } from './Checker.ts';
import { batchBounds } from './checkers/batchBounds.ts';
import { bisect } from './checkers/bisect.ts';
import { checkpointOrder } from './checkers/checkpointOrder.ts';
import { conservation } from './checkers/conservation.ts';
import { lifecycle } from './checkers/lifecycle.ts';
import { onFailure } from './checkers/onFailure.ts';
import { partialResponse } from './checkers/partialResponse.ts';
import { perKeyOrder } from './checkers/perKeyOrder.ts';
import { recordAge } from './checkers/recordAge.ts';
import { retryLimit } from './checkers/retryLimit.ts';
import type { Finding } from './Finding.ts';
import { TraceIndex } from './TraceIndex.ts';
import { hitsOf } from './hits.ts';

/** Every checker of mapping traces, in report order. */
export const ESM_CHECKERS: readonly Checker[] = [perKeyOrder, conservation, retryLimit, recordAge, batchBounds, checkpointOrder, onFailure, partialResponse, bisect, lifecycle];

/** Run checkers over one trace. */
export function checkTrace(trace: readonly TraceEvent[], config: EsmConfig, checkers: readonly Checker[] = ESM_CHECKERS): Finding[] {
  const index = new TraceIndex(trace, config);
  return checkers.flatMap((c) => c.check(index));
}

/** Index a run's trace, run every mapping checker and count its scenario classes. */
export function checkRun<T extends { trace: readonly TraceEvent[]; config: EsmConfig }>(run: T) {
  const index = new TraceIndex(run.trace, run.config);
  return { ...run, findings: ESM_CHECKERS.flatMap((k) => k.check(index)), hits: hitsOf(index) };
}
