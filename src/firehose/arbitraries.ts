/**
 * Generators of Firehose cases (fast-check): records at random times and
 * sizes (enough, at times, to fill the size hint before the interval, M-3),
 * processor parameters across their ranges, and a scripted transformation
 * function that misbehaves in every way M-2 and P-3 name.
 */
import fc from 'fast-check';
import type { AckAction } from '../ack/AckScript.ts';
import { ackScriptArbitrary } from '../ack/scriptArbitrary.ts';
import type { FirehoseCase, FirehoseRecordSpec } from './FirehoseCase.ts';

/** Every misbehaviour of a transformation function (M-2, M-4, P-3). */
export const FIREHOSE_ACTIONS: readonly AckAction[] = ['fail', 'drop', 'omit', 'duplicate', 'invent', 'noResult', 'noId', 'wrongCase', 'asyncMap', 'throw', 'timeout'];

const TIMEOUT_SECONDS = 5;

/** Mostly small records; large ones fill a 0.2 MB hint in a few records. */
const record: fc.Arbitrary<FirehoseRecordSpec> = fc.record({
  at: fc.integer({ min: 0, max: 30_000 }),
  size: fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 1, max: 5000 }) }, { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 120_000 }) }),
});

const MAX_RECORDS = 30;

/** A whole Firehose case. Scripts name records from the full pool `f0..f29` (no `chain`, so cases shrink well). */
export const firehoseCaseArbitrary: fc.Arbitrary<FirehoseCase> = fc.record({
  seed: fc.nat().map((n) => `firehose-${n.toString(36)}`),
  records: fc.array(record, { minLength: 1, maxLength: MAX_RECORDS, size: 'medium' }),
  processor: fc.record({
    script: ackScriptArbitrary(Array.from({ length: MAX_RECORDS }, (_, i) => `f${i}`), { actions: FIREHOSE_ACTIONS, foreverWeight: 2, maxTimes: 4, timeoutMs: TIMEOUT_SECONDS * 1000 }),
    timeoutSeconds: fc.constant(TIMEOUT_SECONDS),
    numberOfRetries: fc.constantFrom(0, 1, 2, 3, 3, 3, 5),
    bufferSizeInMBs: fc.constantFrom(0.2, 0.25, 0.5, 1),
    bufferIntervalInSeconds: fc.constantFrom(0, 1, 5, 10, 60),
  }),
});
