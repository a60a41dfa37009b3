/**
 * The checkers of KDA output delivery traces, and running them.
 */
import { runCheckers, type IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { KdaIndex } from '../KdaIndex.ts';
import type { KdaTraceEvent } from '../KdaTrace.ts';
import { cadence } from './cadence.ts';
import { everyRowAcked } from './everyRowAcked.ts';
import { payloadBounds } from './payloadBounds.ts';
import { recordIdStable } from './recordIdStable.ts';
import { resendIffFailed } from './resendIffFailed.ts';
import { retryHint } from './retryHint.ts';

/** Every KDA checker, in report order. */
export const KDA_CHECKERS: readonly IndexChecker<KdaIndex>[] = [everyRowAcked, resendIffFailed, recordIdStable, retryHint, cadence, payloadBounds];

/** Run the KDA checkers over one trace. */
export function checkKdaTrace(trace: readonly KdaTraceEvent[], checkers = KDA_CHECKERS): Finding[] {
  return runCheckers(new KdaIndex(trace), checkers);
}
