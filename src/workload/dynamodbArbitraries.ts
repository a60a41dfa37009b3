/**
 * fast-check generators for DynamoDB mapping cases: a table (hash key, maybe
 * a range key, any StreamViewType, 1..3 partitions, often fast shard
 * roll-over so lineage is exercised), timed puts, updates, deletes and TTL
 * deletes over a few keys, disable periods, configs (no AT_TIMESTAMP, A-4),
 * sometimes FilterCriteria on the stream record (I-2), and failing functions.
 */
import * as fc from 'fast-check';
import { canonicalKey, type AttributeMap } from '../dynamodb/AttributeValue.ts';
import type { WriteOp } from '../dynamodb/Table.ts';
import { functionArb, lifecycleArb, throttleArb, mappingArb, moreMappingsArb, scriptedFunction, seedArb, sometimesPatternsArb, tumblingWindowArb, updatesArb, withFilterPatterns, withTumblingWindow } from './arbitraries.ts';
import type { EsmRequest } from '../esm/EsmConfig.ts';
import type { DynamoDbCase, TableSpec, WriteSpec } from './DynamoDbWorkload.ts';

/** A generated DynamoDB case plus its simulation seed. */
export interface GeneratedDynamoDbCase extends DynamoDbCase {
  readonly seed: string;
}

const SPAN_MS = 120_000;
const KEYS = ['a', 'b', 'c', 'd', 'user-1'];

const tableArb: fc.Arbitrary<TableSpec> = fc.record({
  hashKey: fc.constant('pk'),
  rangeKey: fc.constantFrom(undefined, 'sk'),
  streamViewType: fc.constantFrom('NEW_AND_OLD_IMAGES' as const, 'NEW_IMAGE' as const, 'OLD_IMAGE' as const, 'KEYS_ONLY' as const),
  partitions: fc.integer({ min: 1, max: 3 }),
  rolloverMs: fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.integer({ min: 5_000, max: 60_000 }) }),
}).map(({ rangeKey, rolloverMs, ...t }) => ({ ...t, ...(rangeKey ? { rangeKey } : {}), ...(rolloverMs ? { rolloverMs } : {}) }));

const writeArb = fc.record({
  at: fc.integer({ min: 0, max: SPAN_MS }),
  op: fc.oneof({ weight: 4, arbitrary: fc.constant<WriteOp>('put') }, { weight: 3, arbitrary: fc.constant<WriteOp>('update') }, { weight: 2, arbitrary: fc.constant<WriteOp>('delete') }, { weight: 1, arbitrary: fc.constant<WriteOp>('ttlDelete') }),
  key: fc.nat({ max: KEYS.length - 1 }),
  sort: fc.nat({ max: 1 }),
  value: fc.nat({ max: 5 }),
});

/** The item a write names: its key, plus an attribute for put/update (typed values, K-2). */
function itemOf(table: TableSpec, w: { op: WriteOp; key: number; sort: number; value: number }, keys: number): AttributeMap {
  const key: Record<string, AttributeMap[string]> = { pk: { S: KEYS[w.key % keys]! } };
  if (table.rangeKey) key['sk'] = { N: String(w.sort) };
  if (w.op === 'delete' || w.op === 'ttlDelete') return key;
  return { ...key, n: { N: String(w.value) }, ...(w.value % 2 === 0 ? { tags: { SS: ['x', `v${w.value}`] } } : { flag: { BOOL: true } }) };
}

/** A filter pattern on the K-2 stream record (I-2, I-7): the event name, keys and images, as users filter DynamoDB streams. */
const ddbPatternArb: fc.Arbitrary<object> = fc.oneof(
  fc.subarray(['INSERT', 'MODIFY', 'REMOVE'], { minLength: 1, maxLength: 2 }).map((names) => ({ eventName: names })),
  fc.constant({ eventName: [{ 'anything-but': 'REMOVE' }] }),
  fc.constantFrom('a', 'user').map((prefix) => ({ dynamodb: { Keys: { pk: { S: [{ prefix }] } } } })),
  fc.constant({ dynamodb: { NewImage: { flag: { BOOL: [true] } } } }),
  fc.constant({ eventName: ['MODIFY'], dynamodb: { NewImage: { tags: { SS: ['x'] } } } }),
  fc.constant({ dynamodb: { NewImage: { n: { N: [{ exists: false }] } } } }),
);

/** Filters for a DynamoDB case: one or two patterns. */
const ddbFiltersArb = sometimesPatternsArb(ddbPatternArb, 2);

/** DynamoDB streams have no AT_TIMESTAMP. */
function noTimestamp(m: EsmRequest): EsmRequest {
  return m.StartingPosition === 'AT_TIMESTAMP' ? { ...m, StartingPosition: 'TRIM_HORIZON' } : m;
}

/** A whole generated DynamoDB case. */
export function dynamoDbCaseArb(): fc.Arbitrary<GeneratedDynamoDbCase> {
  return fc
    .record({
      table: tableArb,
      keys: fc.integer({ min: 1, max: KEYS.length }),
      writes: fc.array(writeArb, { minLength: 1, maxLength: 30 }),
      startAt: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }) }),
      lifecycle: lifecycleArb(SPAN_MS),
      updates: updatesArb(SPAN_MS),
      mapping: mappingArb.map(noTimestamp),
      more: moreMappingsArb.map((list) => list.map(noTimestamp)),
      fn: functionArb,
      seed: seedArb,
      filters: ddbFiltersArb,
      window: tumblingWindowArb,
      throttling: throttleArb(SPAN_MS),
    })
    .map(({ table, keys, writes, startAt, lifecycle, updates, mapping: request, more, fn, seed, filters, window, throttling }) => {
      const mapping = withTumblingWindow(withFilterPatterns(request, filters), window);
      const specs = writes.map((w): WriteSpec => ({ at: w.at, op: w.op, item: itemOf(table, w, keys) }));
      const keySchema = { hashKey: table.hashKey, ...(table.rangeKey ? { rangeKey: table.rangeKey } : {}) };
      return {
        workload: { table, writes: specs, startAt, ...(lifecycle.length > 0 ? { lifecycle } : {}), ...(updates.length > 0 ? { updates } : {}) },
        mapping,
        ...(more.length > 0 ? { mappings: more } : {}),
        function: { ...scriptedFunction(fn, specs.length, (i) => ({ rid: `r${i}`, key: canonicalKey(specs[i]!.item, keySchema) })), ...throttling },
        seed,
      };
    });
}
