/**
 * The Firehose data transformation suite (M-1..M-4): generated cases, the
 * model, its checkers and deliberately broken variants, behind the common
 * Suite interface that the CLI, property tests and benchmark drive.
 */
import { runCheckers } from '../ack/IndexChecker.ts';
import type { Suite } from '../suite/Suite.ts';
import { firehoseCaseArbitrary } from './arbitraries.ts';
import { FIREHOSE_CHECKERS } from './checkers/index.ts';
import type { FirehoseCase } from './FirehoseCase.ts';
import { FirehoseIndex } from './FirehoseIndex.ts';
import { FIREHOSE_MUTATIONS, type FirehoseMutation } from './FirehoseMutation.ts';
import { firehoseHits } from './firehoseHits.ts';
import { simulateFirehose } from './simulateFirehose.ts';

export const firehoseSuite: Suite<FirehoseCase> = {
  name: 'firehose',
  description: 'Firehose data transformation with Lambda: buffering hints, recordId/result contract, NumberOfRetries, processing-failed records (M-1..M-4)',
  arbitrary: firehoseCaseArbitrary,
  checkers: FIREHOSE_CHECKERS,
  mutations: FIREHOSE_MUTATIONS,
  async run(c, mutation) {
    if (mutation !== undefined && !(mutation in FIREHOSE_MUTATIONS)) throw new Error(`unknown firehose mutation "${mutation}"`);
    const trace = await simulateFirehose(c, mutation === undefined ? {} : { mutation: mutation as FirehoseMutation });
    const index = new FirehoseIndex(trace);
    return { trace, findings: runCheckers(index, FIREHOSE_CHECKERS), hits: firehoseHits(index) };
  },
  coverage: {
    // About half the lowest rate seen over ten seeds: a drifting generator falls to 0, noise does not fail the check.
    retry: 5, 'retries-exhausted': 2, 'duplicate-id': 2, 'missing-id': 10, 'json-exception': 5, 'processing-failed': 2, dropped: 1,
    'p3-empty-items': 2, 'flush-size': 6, 'flush-interval': 50,
  },
};
