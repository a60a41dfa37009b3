/**
 * The Kinesis event source mapping suite: generated cases simulated by the
 * reference model and checked by the mapping checkers.
 */
import { checkRun, ESM_CHECKERS } from '../check/index.ts';
import { KINESIS_MUTATIONS, type Mutation } from '../esm/Mutation.ts';
import type { Suite } from '../suite/Suite.ts';
import { caseArb, type GeneratedCase } from '../workload/arbitraries.ts';
import { simulateKinesis } from './simulateKinesis.ts';

/** Simulate a case (optionally under a mutation) and check its trace. */
export async function runKinesisCase(c: GeneratedCase, mutation?: string) {
  const options = mutation ? { ...c.options, mutation: mutation as Mutation } : c.options;
  return checkRun(await simulateKinesis({ ...c, ...(options ? { options } : {}) }, { seed: c.seed }));
}

/** Kinesis Data Streams -> Lambda event source mapping. */
export const kinesisSuite: Suite<GeneratedCase> = {
  name: 'kinesis',
  description: 'Kinesis event source mapping: batching, retries, record age, bisect, partial batch responses, parallelization, on-failure destinations, event filtering, resharding lineage, disable and re-enable',
  arbitrary: caseArb(),
  checkers: ESM_CHECKERS,
  mutations: KINESIS_MUTATIONS as Record<string, { checker: string; what: string }>,
  run: runKinesisCase,
  coverage: {
    'retries-exhausted': 5, 'age-expired': 2, 'bisect-to-single': 2, 'partial-response': 5, 'partial-several-failures': 1,
    'parallel-failing-key': 3, 'window-flush': 3, 'timeout': 2, 'wrong-top-level-key': 1, 'malformed-response': 1,
    'split': 10, 'merge': 5, 'child-shard-delivered': 10, 'disable-period': 5, 'config-update': 5, 'several-mappings': 5, 'filtered': 3, 'throttled': 5,
  },
};
