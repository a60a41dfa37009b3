/**
 * Property-based conformance of a poller: generated Kinesis cases driven
 * through it (simulatePoller), each trace judged by every checker the
 * reference model is judged by, a failure shrunk by fast-check to a small
 * counterexample that `seed` and `path` replay exactly.
 */
import * as fc from 'fast-check';
import { checkTrace } from '../check/index.ts';
import type { Finding } from '../check/Finding.ts';
import type { EsmRequest } from '../esm/EsmConfig.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import { caseArb, withTimestamp, type CaseShape, type GeneratedCase } from '../workload/arbitraries.ts';
import type { PollerFeatures } from './PollerFeatures.ts';
import type { PollerFactory } from './PollerUnderTest.ts';
import { PollerFault, simulatePoller } from './simulatePoller.ts';

/** Options of a conformance run. */
export interface PollerCheckOptions {
  /** fast-check seed (default 1): the same seed generates the same cases. */
  readonly seed?: number;
  /** Generated cases (default 100). */
  readonly runs?: number;
  /** Replay one counterexample: the `path` a failed run reported, with its seed. */
  readonly path?: string;
  readonly features?: PollerFeatures;
  readonly shape?: CaseShape;
  /** Called before each case is driven through the poller (a watchdog's heartbeat: see `streamcheck conform`). */
  readonly onCase?: (progress: CaseProgress) => void;
}

/** Where a conformance run is: the case about to be driven. */
export interface CaseProgress {
  /** Cases driven before this one, shrinking included. */
  readonly index: number;
  /** Set once a case has failed: its index. Every case after it is fast-check shrinking that failure, or replaying the smallest. */
  readonly failedAt?: number;
}

/** What a conformance run found. */
export interface PollerVerdict {
  readonly ok: boolean;
  readonly seed: number;
  readonly runs: number;
  /** On failure: the shrunk case, what was wrong with it, and how to replay it. */
  readonly failure?: {
    readonly counterexample: GeneratedCase;
    /** The checkers' findings on its trace (empty when the poller faulted). */
    readonly findings: readonly Finding[];
    /** The poller broke the harness's contract (threw, rejected, answered garbage). */
    readonly fault?: string;
    readonly trace?: readonly TraceEvent[];
    /** Options that replay exactly this counterexample. */
    readonly replay: { readonly seed: number; readonly path: string };
  };
}

const SHAPE: CaseShape = { maxPuts: 20, maxShards: 4, spanMs: 60_000 };

/**
 * Generated Kinesis cases a poller claiming `features` can be judged on: one
 * mapping, and no mutations; disable/enable only with `restarts`, filters
 * (and JSON data to filter) only with `filtering`, tumbling windows only with
 * `tumblingWindows`, configuration updates only with `updates` (each changing
 * only what the basics and the claimed features cover).
 */
export function pollerCaseArb(features: PollerFeatures = {}, shape: CaseShape = SHAPE): fc.Arbitrary<GeneratedCase> {
  return caseArb(shape).map((c) => {
    const { reshards, lifecycle, updates: generated, ...workload } = c.workload;
    const updates = features.updates ? (generated ?? []).map((u) => ({ at: u.at, mapping: claimedParameters(u.mapping, features) })).filter((u) => Object.keys(u.mapping).length > 0) : [];
    const mapping = withTimestamp(claimedParameters(c.mapping, features), c.workload);
    const puts = features.filtering ? workload.puts : workload.puts.map(({ data: _d, ...p }) => p); // without filters, no JSON data to filter on
    const { reservedConcurrency: _r, throttles: _t, ...unthrottled } = c.function;
    const schedule = { ...(features.resharding && reshards ? { reshards } : {}), ...(features.restarts && lifecycle ? { lifecycle } : {}), ...(updates.length > 0 ? { updates } : {}) };
    return { workload: { ...workload, puts, ...schedule }, mapping, function: features.throttling ? c.function : unthrottled, seed: c.seed };
  });
}

/** The mapping parameters every poller handles ('basics'), and the feature each other one needs; the rest are never generated for a poller. */
const PARAMETER_FEATURES: Readonly<Record<string, keyof PollerFeatures | 'basics'>> = {
  StartingPosition: 'basics', BatchSize: 'basics', MaximumRetryAttempts: 'basics', MaximumRecordAgeInSeconds: 'basics',
  MaximumBatchingWindowInSeconds: 'batchingWindow', BisectBatchOnFunctionError: 'bisect', FunctionResponseTypes: 'partialResponses',
  ParallelizationFactor: 'parallelization', FilterCriteria: 'filtering', TumblingWindowInSeconds: 'tumblingWindows',
};

/** The parameters of a generated request (a mapping, or an update's patch) that the poller claims, in PARAMETER_FEATURES' order. */
function claimedParameters(request: EsmRequest, features: PollerFeatures): EsmRequest {
  const given = request as Record<string, unknown>;
  const claimed = Object.entries(PARAMETER_FEATURES).filter(([key, needs]) => given[key] !== undefined && (needs === 'basics' || features[needs] === true));
  return Object.fromEntries(claimed.map(([key]) => [key, given[key]])) as EsmRequest;
}

/** Drive generated cases through the poller and judge every trace; shrink the first failure. */
export async function checkPoller(makePoller: PollerFactory, options: PollerCheckOptions = {}): Promise<PollerVerdict> {
  const seed = options.seed ?? 1;
  const runs = options.runs ?? 100;
  let index = 0;
  let failedAt: number | undefined;
  const judged = async (c: GeneratedCase) => {
    options.onCase?.({ index, ...(failedAt !== undefined ? { failedAt } : {}) });
    let ok = false;
    try {
      const outcome = await judge(c, makePoller);
      ok = outcome.ok;
      return outcome;
    } finally {
      if (!ok) failedAt ??= index; // a throw is a failure to fast-check too: it shrinks from here
      index++;
    }
  };
  const property = fc.asyncProperty(pollerCaseArb(options.features, options.shape), async (c) => (await judged(c)).ok);
  const details = await fc.check(property, { seed, numRuns: runs, ...(options.path !== undefined ? { path: options.path } : {}) });
  if (!details.failed || details.counterexample === null) return { ok: true, seed, runs };
  const [counterexample] = details.counterexample;
  const outcome = await judged(counterexample);
  return {
    ok: false, seed, runs,
    failure: { counterexample, findings: outcome.findings, ...(outcome.fault !== undefined ? { fault: outcome.fault } : {}), ...(outcome.trace ? { trace: outcome.trace } : {}), replay: { seed, path: details.counterexamplePath ?? '' } },
  };
}

/** One case through the poller: its findings, or the fault that ended it. */
async function judge(c: GeneratedCase, makePoller: PollerFactory): Promise<{ ok: boolean; findings: Finding[]; fault?: string; trace?: readonly TraceEvent[] }> {
  try {
    const { trace, config } = await simulatePoller(c, makePoller, { seed: c.seed });
    const findings = checkTrace(trace, config);
    return { ok: findings.length === 0, findings, trace };
  } catch (err) {
    if (err instanceof PollerFault) return { ok: false, findings: [], fault: err.message };
    throw err;
  }
}
