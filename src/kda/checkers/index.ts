/**
 * The checkers of KDA output delivery traces.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { KdaIndex } from '../KdaIndex.ts';
import { cadence } from './cadence.ts';
import { everyRowAcked } from './everyRowAcked.ts';
import { payloadBounds } from './payloadBounds.ts';
import { recordIdStable } from './recordIdStable.ts';
import { resendIffFailed } from './resendIffFailed.ts';
import { retryHint } from './retryHint.ts';

/** Every KDA checker, in report order. */
export const KDA_CHECKERS: readonly IndexChecker<KdaIndex>[] = [everyRowAcked, resendIffFailed, recordIdStable, retryHint, cadence, payloadBounds];

