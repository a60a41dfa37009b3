/**
 * The KDA output delivery suite (L-1..L-8): generated cases, the model, its
 * checkers and deliberately broken variants, behind the common Suite
 * interface that the CLI, property tests and benchmark drive.
 */
import type { Suite } from '../suite/Suite.ts';
import { kdaCaseArbitrary } from './arbitraries.ts';
import { runCheckers } from '../ack/IndexChecker.ts';
import { KDA_CHECKERS } from './checkers/index.ts';
import type { KdaCase } from './KdaCase.ts';
import { KdaIndex } from './KdaIndex.ts';
import { KDA_MUTATIONS, type KdaMutation } from './KdaMutation.ts';
import { kdaHits } from './kdaHits.ts';
import { simulateKda } from './simulateKda.ts';

export const kdaSuite: Suite<KdaCase> = {
  name: 'kda',
  description: 'Kinesis Data Analytics (SQL) output to Lambda: recordId/result ack matching, retries with retryHint, restarts, back-pressure (L-1..L-8)',
  arbitrary: kdaCaseArbitrary,
  checkers: KDA_CHECKERS,
  mutations: KDA_MUTATIONS,
  async run(c, mutation) {
    if (mutation !== undefined && !(mutation in KDA_MUTATIONS)) throw new Error(`unknown kda mutation "${mutation}"`);
    const trace = await simulateKda(c, mutation === undefined ? {} : { mutation: mutation as KdaMutation });
    const index = new KdaIndex(trace);
    return { trace, findings: runCheckers(index, KDA_CHECKERS), hits: kdaHits(index) };
  },
  coverage: { retry: 30, restart: 20, 'partial-ack': 10, missing: 10, duplicated: 5, 'invented-id': 5, 'p3-empty-items': 3, 'unknown-result': 5, 'payload-split': 3, 'lag-growing': 2 },
};
