/**
 * Scenario classes a trace exercised (coverage statistics): read from the
 * trace alone, like the checkers, so a conformance run reports them too.
 */
import { MAX_PAYLOAD_BYTES } from '../esm/KinesisEvent.ts';
import { filledArray } from './filledArray.ts';
import type { TraceIndex } from './TraceIndex.ts';

/** Count the scenario classes of one trace. */
export function hitsOf(index: TraceIndex): Record<string, number> {
  const hits: Record<string, number> = {}; // in order of first hit, as reports list them
  const hit = (name: string, n = 1) => {
    if (n > 0) hits[name] = (hits[name] ?? 0) + n;
  };
  const { config } = index;
  invocationHits(index, hit);
  for (const d of index.discards) hit(d.condition === 'RetryAttemptsExhausted' ? 'retries-exhausted' : 'age-expired');
  for (const m of index.destinations) hit(`on-failure-${m.kind}`);
  if (config.MaximumBatchingWindowInSeconds > 0 && index.invocations.some((i) => i.recs.length < config.BatchSize)) hit('window-flush');
  if (config.ParallelizationFactor > 1) hit('parallel');
  hit('trimmed', index.trimmed.length);
  hit('filtered', index.filters.length); // reads the FilterCriteria dropped records from (I-3)
  hit('throttled', index.throttles.length); // D-1
  lineageHits(index, hit);
  lifecycleHits(index, hit);
  hit(`start-${config.StartingPosition.toLowerCase()}`);
  return hits;
}

/** The classes read from each invocation, counted in plain fields and handed to `hit` in the order they were first met. */
function invocationHits(index: TraceIndex, hit: (name: string, n?: number) => void): void {
  const { config } = index;
  const count = {
    'timeout': 0, 'function-error': 0, 'partial-response': 0, 'partial-several-failures': 0, 'malformed-response': 0,
    'wrong-top-level-key': 0, 'batch-full': 0, 'payload-near-limit': 0, 'bisect-to-single': 0, 'parallel-failing-key': 0,
  };
  type Name = keyof typeof count;
  const firstMet: Name[] = [];
  const note = (name: Name) => {
    if (count[name]++ === 0) firstMet.push(name);
  };
  const failedMulti = filledArray(index.records.size, 0);
  let anyFailedMulti = false;
  for (const inv of index.invocations) {
    const c = inv.classification;
    const outcome = inv.result?.outcome;
    if (outcome === 'timeout') note('timeout');
    if (outcome === 'error') note('function-error');
    if (c?.kind === 'partial') {
      note('partial-response');
      const reported = (inv.result?.response as { batchItemFailures?: unknown[] }).batchItemFailures?.length ?? 0;
      if (reported > 1) note('partial-several-failures');
    }
    if (c?.kind === 'failure' && outcome === 'return') note('malformed-response');
    if (c?.kind === 'success' && 'note' in c) note('wrong-top-level-key');
    const n = inv.recs.length;
    if (n === config.BatchSize) note('batch-full');
    if (inv.invoke.bytes > MAX_PAYLOAD_BYTES - 1_500_000) note('payload-near-limit');
    if (config.BisectBatchOnFunctionError && n === 1 && failedMulti[inv.recs[0]!] === 1) note('bisect-to-single');
    if (inv.anyFailed && n > 1) {
      anyFailedMulti = true;
      for (const rec of inv.recs) failedMulti[rec] = 1;
    }
    if (config.ParallelizationFactor > 1 && inv.anyFailed) note('parallel-failing-key');
  }
  for (const name of firstMet) hit(name, count[name]);
  if (config.BisectBatchOnFunctionError && anyFailedMulti) hit('bisect');
}

/** J-4, J-2: splits (a parent with two children), merges, roll-overs (a parent with one child), and deliveries from child shards. */
function lineageHits(index: TraceIndex, hit: (name: string, n?: number) => void): void {
  const children = new Map<string, number>();
  for (const e of index.shardEvents) {
    if (e.adjacentParentShardId) hit('merge');
    else children.set(e.parentShardId, (children.get(e.parentShardId) ?? 0) + 1);
  }
  for (const n of children.values()) hit(n > 1 ? 'split' : 'rollover');
  const opened = new Set(index.shardEvents.map((e) => e.shardId));
  if (opened.size > 0 && index.invocations.some((i) => opened.has(i.shardId))) hit('child-shard-delivered');
}

/** C-2: disable periods, and records retention trimmed while the mapping was disabled. */
function lifecycleHits(index: TraceIndex, hit: (name: string, n?: number) => void): void {
  hit('disable-period', index.states.filter((s) => s.state === 'Disabling').length);
  hit('config-update', index.states.filter((s) => s.state === 'Updating').length);
  if (index.start?.mapping !== undefined) hit('several-mappings');
  let trimmedWhileDisabled = 0;
  for (const rec of index.trimmed) if (index.disabledAt(index.trimOf(rec)!.t)) trimmedWhileDisabled++;
  hit('trimmed-while-disabled', trimmedWhileDisabled);
}
