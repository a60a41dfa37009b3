/**
 * fast-check generators for Kinesis mapping cases: streams of 1..8 shards,
 * timed puts over a small partition-key space, configs across AWS's ranges,
 * and function behaviours with their failures. Weighted toward the cases
 * where implementations go wrong (poison records, partial responses,
 * bisect, PF > 1, old records) while still covering the whole ranges.
 */
import * as fc from 'fast-check';
import type { EsmRequest } from '../esm/EsmConfig.ts';
import type { BehaviourRule } from '../lambda/Behaviour.ts';
import type { ThrottleSpec } from '../lambda/Throttler.ts';
import { ACCOUNT, REGION } from '../run/simulateKinesis.ts';
import type { KinesisCase, LifecycleSpec, PutSpec, ReshardSpec, ScriptedFunctionSpec, UpdateSpec, Workload } from './Workload.ts';

/** A generated case plus the seed of its simulation. */
export interface GeneratedCase extends KinesisCase {
  readonly seed: string;
}

/** Tuning of the generators. */
export interface CaseShape {
  readonly maxPuts: number;
  readonly maxShards: number;
  /** Span of put times, ms. */
  readonly spanMs: number;
}

const DEFAULT_SHAPE: CaseShape = { maxPuts: 40, maxShards: 8, spanMs: 120_000 };

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'user-1', 'user-2', 'ünï'];

/** A record's size: mostly small, sometimes large, rarely at the 1 MiB limit (J-3, B-7). */
const sizeArb = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 2_000, max: 300_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 900_000, max: 1_048_576 }) },
);

const putArb = (spanMs: number) =>
  fc.record({ at: fc.integer({ min: 0, max: spanMs }), key: fc.nat({ max: KEYS.length - 1 }), size: sizeArb });

/** A resharding somewhere in the span (J-4): split, merge or UpdateShardCount. */
const reshardArb = (spanMs: number): fc.Arbitrary<ReshardSpec> => {
  const at = fc.integer({ min: 0, max: spanMs });
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ at, split: fc.nat({ max: 7 }) }) },
    { weight: 2, arbitrary: fc.record({ at, merge: fc.nat({ max: 7 }) }) },
    { weight: 1, arbitrary: fc.record({ at, shardCount: fc.integer({ min: 1, max: 8 }) }) },
  );
};

/** Mostly none; else one to three reshardings. */
const reshardsArb = (spanMs: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant([] as ReshardSpec[]) }, { weight: 2, arbitrary: fc.array(reshardArb(spanMs), { minLength: 1, maxLength: 3 }) });

/** A disable period: short, or longer than the 24 h retention (C-2, P-9). */
const disablePeriodArb = (spanMs: number) =>
  fc.record({
    at: fc.integer({ min: 0, max: spanMs }),
    forMs: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 90_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 86_400_000, max: 100_000_000 }) }),
  });

/** Mostly none; else one or two disable periods, each ended by re-enabling. */
export const lifecycleArb = (spanMs: number): fc.Arbitrary<LifecycleSpec[]> =>
  fc
    .oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(disablePeriodArb(spanMs), { minLength: 1, maxLength: 2 }) })
    .map((periods) => periods.flatMap((p) => [{ at: p.at, enabled: false }, { at: p.at + p.forMs, enabled: true }]));

/** UpdateEventSourceMapping patches within AWS's ranges: some of the parameters that shape batches and retries. */
const patchArb: fc.Arbitrary<EsmRequest> = fc.record(
  {
    BatchSize: fc.integer({ min: 1, max: 20 }),
    MaximumBatchingWindowInSeconds: fc.integer({ min: 0, max: 5 }),
    MaximumRetryAttempts: fc.integer({ min: -1, max: 3 }),
    MaximumRecordAgeInSeconds: fc.oneof(fc.constant(-1), fc.integer({ min: 60, max: 300 })),
    BisectBatchOnFunctionError: fc.boolean(),
    ParallelizationFactor: fc.integer({ min: 1, max: 4 }),
    FunctionResponseTypes: fc.constantFrom([], ['ReportBatchItemFailures']),
    // A-20 with I: filters set or cleared mid-run (a record filtered out before may be delivered after).
    FilterCriteria: fc.constantFrom({ Filters: [] }, { Filters: [{ Pattern: '{"data":{"kind":["shipped","late"]}}' }] }),
  },
  { requiredKeys: [] },
);

/** Mostly none; else one or two configuration updates while the mapping runs. */
export const updatesArb = (spanMs: number): fc.Arbitrary<UpdateSpec[]> =>
  fc.oneof({ weight: 4, arbitrary: fc.constant([] as UpdateSpec[]) }, { weight: 1, arbitrary: fc.array(fc.record({ at: fc.integer({ min: 0, max: spanMs }), mapping: patchArb }), { minLength: 1, maxLength: 2 }) });

/**
 * A workload: shards, puts, and when the mapping starts. The key space's size
 * is generated too (a put's key is its key index modulo that size), so many
 * workloads crowd few keys: per-key order and same-key failures get tested.
 */
export function workloadArb(shape: CaseShape = DEFAULT_SHAPE): fc.Arbitrary<Workload> {
  return fc
    .record({
      stream: fc.record({
        shards: fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 1, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: shape.maxShards }) }),
        sequenceStyle: fc.constantFrom('short' as const, 'aws' as const),
      }),
      keys: fc.integer({ min: 1, max: KEYS.length }),
      puts: fc.array(putArb(shape.spanMs), { minLength: 1, maxLength: shape.maxPuts }),
      startAt: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 180_000 }) }),
      reshards: reshardsArb(shape.spanMs),
      lifecycle: lifecycleArb(shape.spanMs),
      updates: updatesArb(shape.spanMs),
    })
    .map(({ stream, keys, puts, startAt, reshards, lifecycle, updates }) => ({
      stream,
      puts: puts.map((p): PutSpec => ({ at: p.at, partitionKey: KEYS[p.key % keys]!, size: p.size })),
      startAt,
      ...(reshards.length > 0 ? { reshards } : {}),
      ...(lifecycle.length > 0 ? { lifecycle } : {}),
      ...(updates.length > 0 ? { updates } : {}),
    }));
}

const destinationArb = fc.constantFrom(
  undefined,
  `arn:aws:sqs:${REGION}:${ACCOUNT}:on-failure`,
  `arn:aws:sns:${REGION}:${ACCOUNT}:on-failure`,
  'arn:aws:s3:::on-failure-bucket',
);

/** A CreateEventSourceMapping request within AWS's ranges (A-1..A-14). */
export const mappingArb: fc.Arbitrary<EsmRequest> = fc
  .record({
    BatchSize: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 100 }), fc.constant(10_000)),
    MaximumBatchingWindowInSeconds: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 10 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 300 }) }),
    StartingPosition: fc.constantFrom('TRIM_HORIZON', 'TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'),
    MaximumRetryAttempts: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 4 }), fc.constant(10_000)),
    MaximumRecordAgeInSeconds: fc.oneof(fc.constant(-1), fc.integer({ min: 60, max: 300 }), fc.constant(604_800)),
    BisectBatchOnFunctionError: fc.boolean(),
    ParallelizationFactor: fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.integer({ min: 2, max: 10 }) }),
    FunctionResponseTypes: fc.constantFrom([], ['ReportBatchItemFailures'], ['ReportBatchItemFailures']),
    destination: destinationArb,
  })
  .map(({ destination, ...rest }) => ({ ...rest, ...(destination ? { DestinationConfig: { OnFailure: { Destination: destination } } } : {}) }));

/**
 * Raw response shapes of the classification table (E-4, E-5, E-6), where
 * `"$seq"` stands for the matched record's sequence number.
 */
export const RESPONSE_SHAPES: readonly unknown[] = [
  null, '', [], {}, { batchItemFailures: [] }, { batchItemFailures: null },
  { batchItemFailures: [{ itemIdentifier: '$seq' }] },
  { batchItemFailures: [{ itemIdentifier: '' }] }, { batchItemFailures: [{ itemIdentifier: null }] },
  { batchItemFailures: [{ foo: 123 }] }, { batchItemFailures: [{ itemIdentifier: 123 }] },
  { batchItemFailures: [{ itemIdentifier: '999999999999999999999999999999' }] },
  // E-6: wrong top-level keys, as users mistype them; each is a success, so the failure is lost.
  { failedItems: [{ itemIdentifier: '$seq' }] }, { BatchItemFailures: [{ itemIdentifier: '$seq' }] },
  { batchItemFailure: [{ itemIdentifier: '$seq' }] },
];

/** A failure plan aimed at record `target` (an index into the puts, taken modulo their count). */
export const ruleArb = fc.record({
  target: fc.nat(),
  byKey: fc.boolean(),
  action: fc.constantFrom('throw', 'throw', 'reportFailure', 'reportFailure', 'timeout', 'respond') as fc.Arbitrary<BehaviourRule['action']>,
  times: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  response: fc.constantFrom(...RESPONSE_SHAPES),
});

/** The function's generated parts: timing, timeout and failure plans. */
export const functionArb = fc.record({
  rules: fc.array(ruleArb, { maxLength: 3 }),
  baseMs: fc.integer({ min: 1, max: 200 }),
  perRecordMs: fc.integer({ min: 0, max: 3 }),
  timeoutSeconds: fc.constantFrom(3, 3, 1, 60),
});

/** Generated function parts. */
export type FunctionParts = typeof functionArb extends fc.Arbitrary<infer F> ? F : never;

/** The scripted function: each rule aims at one record (by name) or its key, named by `target(index)`. */
export function scriptedFunction(f: FunctionParts, count: number, target: (i: number) => { rid: string; key: string }): ScriptedFunctionSpec {
  return {
    behaviour: {
      baseMs: f.baseMs, perRecordMs: f.perRecordMs,
      rules: f.rules.map((r) => {
        const t = target(r.target % count);
        return {
          match: r.byKey ? { partitionKeys: [t.key] } : { rids: [t.rid] },
          action: r.action,
          ...(r.times !== undefined ? { times: r.times } : {}),
          ...(r.action === 'respond' ? { response: r.response } : {}),
        };
      }),
    },
    timeoutSeconds: f.timeoutSeconds,
  };
}

/** Mostly none; sometimes a second mapping on the same stream, for another function (C-3). */
export const moreMappingsArb: fc.Arbitrary<EsmRequest[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant([] as EsmRequest[]) },
  { weight: 1, arbitrary: mappingArb.map((m) => [{ ...m, FunctionName: 'second-function' }]) },
);

/** Kinds of order a filtered workload's JSON records carry. */
const KINDS = ['shipped', 'lost', 'late'];

/** One filter pattern over the JSON data filtered workloads put (I-7): a value list, a prefix, anything-but, a numeric range, exists. */
const patternArb: fc.Arbitrary<object> = fc.oneof(
  fc.subarray(KINDS, { minLength: 1 }).map((kinds) => ({ data: { kind: kinds } })),
  fc.constantFrom('sh', 'l').map((prefix) => ({ data: { kind: [{ prefix }] } })),
  fc.constantFrom(...KINDS).map((kind) => ({ data: { kind: [{ 'anything-but': kind }] } })),
  fc.integer({ min: 0, max: 40 }).map((n) => ({ data: { n: [{ numeric: ['>=', n] }] } })),
  fc.constant({ data: { note: [{ exists: false }] } }),
);

/** Mostly (six in seven) no filters; else one to `maxLength` patterns, ORed (I-1). */
export function sometimesPatternsArb(pattern: fc.Arbitrary<object>, maxLength: number): fc.Arbitrary<object[] | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.array(pattern, { minLength: 1, maxLength }) },
  );
}

/** The request with these patterns as its FilterCriteria, or as it is without any. */
export function withFilterPatterns(request: EsmRequest, patterns: readonly object[] | undefined): EsmRequest {
  return patterns ? { ...request, FilterCriteria: { Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) } } : request;
}

/**
 * Filters for a Kinesis case: one to three patterns, and then puts whose
 * data is JSON (`{"kind", "n"}`, every fifth also a `note`), except every
 * seventh, which stays filler bytes that no data pattern matches (I-4).
 */
const filterArb = sometimesPatternsArb(patternArb, 3);

/** The puts of a filtered workload: JSON data as described at filterArb (in place of the filler size, which data overrides and a scenario may not give beside it). */
function withJsonData(puts: readonly PutSpec[]): PutSpec[] {
  return puts.map(({ size, ...p }, i) => (i % 7 === 6 ? { ...p, size } : { ...p, data: JSON.stringify({ kind: KINDS[i % KINDS.length], n: i, ...(i % 5 === 4 ? { note: 'fragile' } : {}) }) }));
}

/**
 * TumblingWindowInSeconds (H-1): mostly none; sometimes a window short
 * enough that a generated workload spans several. Drawn last in a case, so
 * that adding it left every other draw of a seed as it was.
 */
export const tumblingWindowArb = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 5, 30) });

/** The request with a tumbling window, when `seconds` is not 0 (a request without one is left as it is). */
export function withTumblingWindow(request: EsmRequest, seconds: number): EsmRequest {
  return seconds === 0 ? request : { ...request, TumblingWindowInSeconds: seconds };
}

/**
 * How Lambda throttles the function (D-1): mostly (five in nine) not at all;
 * else a reserved concurrency of 1 to 3, often below the case's shards times
 * ParallelizationFactor, so that batchers contend for it; or one or two spans
 * of up to ten minutes in which the account has no concurrency to spare; or
 * both. (Reserved concurrency 0, P-7, holds every record until it ages out or
 * retention trims it: scenarios show it, as a generated case it would only be
 * a long wait.) Drawn last in a case, so that adding it left every other draw
 * of a seed as it was.
 */
export function throttleArb(spanMs: number): fc.Arbitrary<ThrottleSpec> {
  const reserved = fc.integer({ min: 1, max: 3 }).map((n): ThrottleSpec => ({ reservedConcurrency: n }));
  const span = fc.record({ from: fc.integer({ min: 0, max: spanMs }), length: fc.integer({ min: 1_000, max: 600_000 }) }).map(({ from, length }) => ({ from, to: from + length }));
  const spans = fc.array(span, { minLength: 1, maxLength: 2 }).map((throttles): ThrottleSpec => ({ throttles }));
  // Cross-shrinking lets a counterexample shed its throttling when the bug does not need it.
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 5, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: reserved },
    { weight: 1, arbitrary: spans },
    { weight: 1, arbitrary: fc.tuple(reserved, spans).map(([r, s]) => ({ ...r, ...s })) },
  );
}

/** A whole generated case, with its simulation seed. */
export function caseArb(shape: CaseShape = DEFAULT_SHAPE): fc.Arbitrary<GeneratedCase> {
  return fc
    .record({ workload: workloadArb(shape), mapping: mappingArb, more: moreMappingsArb, fn: functionArb, seed: seedArb, filters: filterArb, window: tumblingWindowArb, throttling: throttleArb(shape.spanMs) })
    .map(({ workload: generated, mapping: request, more, fn, seed, filters, window, throttling }) => {
      const workload = filters ? { ...generated, puts: withJsonData(generated.puts) } : generated;
      return { workload, mapping: withTumblingWindow(withFilterPatterns(request, filters), window), more, fn, seed, throttling };
    })
    .map(({ workload, mapping, more, fn, seed, throttling }) => ({
      workload,
      mapping: withTimestamp(mapping, workload),
      ...(more.length > 0 ? { mappings: more.map((m) => withTimestamp(m, workload)) } : {}),
      function: { ...scriptedFunction(fn, workload.puts.length, (i) => ({ rid: `r${i}`, key: workload.puts[i]!.partitionKey })), ...throttling },
      seed,
    }));
}

/** A simulation seed. */
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map(String);

/** AT_TIMESTAMP needs a timestamp not in the future: pick the middle of the puts (other requests are returned as they are). */
export function withTimestamp(mapping: EsmRequest, workload: Workload): EsmRequest {
  if (mapping.StartingPosition !== 'AT_TIMESTAMP') return mapping;
  const times = workload.puts.map((p) => p.at).sort((a, b) => a - b);
  const mid = Math.min(times[Math.floor(times.length / 2)] ?? 0, workload.startAt ?? 0);
  return { ...mapping, StartingPositionTimestamp: Math.floor((1_767_225_600_000 + mid) / 1000) };
}
