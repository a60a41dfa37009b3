/**
 * The DynamoDB Streams event source mapping suite: generated item writes,
 * simulated by the reference model and checked by the same mapping checkers
 * as Kinesis (they read only the trace).
 */
import { checkRun, ESM_CHECKERS } from '../check/index.ts';
import { DYNAMODB_MUTATIONS, type Mutation } from '../esm/Mutation.ts';
import type { Suite } from '../suite/Suite.ts';
import { dynamoDbCaseArb, type GeneratedDynamoDbCase } from '../workload/dynamodbArbitraries.ts';
import { simulateDynamoDb } from './simulateDynamoDb.ts';

/** Simulate a DynamoDB case (optionally under a mutation) and check its trace. */
export async function runDynamoDbCase(c: GeneratedDynamoDbCase, mutation?: string) {
  const options = mutation ? { ...c.options, mutation: mutation as Mutation } : c.options;
  const out = checkRun(await simulateDynamoDb({ ...c, ...(options ? { options } : {}) }, { seed: c.seed }));
  return { ...out, hits: { ...out.hits, ...writeHits(c) } };
}

/** Which kinds of item change the case makes (K-2). */
function writeHits(c: GeneratedDynamoDbCase): Record<string, number> {
  const hits: Record<string, number> = {};
  for (const w of c.workload.writes) hits[`write-${w.op}`] = (hits[`write-${w.op}`] ?? 0) + 1;
  return hits;
}

/** DynamoDB Streams -> Lambda event source mapping. */
export const dynamodbSuite: Suite<GeneratedDynamoDbCase> = {
  name: 'dynamodb',
  description: 'DynamoDB Streams event source mapping: INSERT/MODIFY/REMOVE records, TTL deletes, shard roll-over lineage, 4 polls/s, disable and re-enable, event filtering on the stream record, with the Kinesis suite\'s failure handling',
  arbitrary: dynamoDbCaseArb(),
  checkers: ESM_CHECKERS,
  mutations: DYNAMODB_MUTATIONS as Record<string, { checker: string; what: string }>,
  run: runDynamoDbCase,
  coverage: { 'rollover': 20, 'retries-exhausted': 3, 'partial-response': 3, 'child-shard-delivered': 10, 'write-delete': 20, 'write-ttlDelete': 10, 'disable-period': 5, 'config-update': 5, 'several-mappings': 5, 'filtered': 3, 'throttled': 5 },
};
