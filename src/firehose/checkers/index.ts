/**
 * The checkers of Firehose transformation traces.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { FirehoseIndex } from '../FirehoseIndex.ts';
import { bufferBounds } from './bufferBounds.ts';
import { everyRecordResolved } from './everyRecordResolved.ts';
import { processingFailedShape } from './processingFailedShape.ts';
import { recordIdStable } from './recordIdStable.ts';
import { responseContract } from './responseContract.ts';
import { retryLimit } from './retryLimit.ts';

/** Every Firehose checker, in report order. */
export const FIREHOSE_CHECKERS: readonly IndexChecker<FirehoseIndex>[] = [everyRecordResolved, responseContract, retryLimit, processingFailedShape, recordIdStable, bufferBounds];
