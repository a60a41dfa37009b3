/**
 * Deliberately broken variants of the reference model, one bug each, so that
 * tests can show every checker catches the bug it exists for. A mutation is
 * never on unless asked for (`ModelOptions.mutation`); each names the checker
 * expected to catch it.
 */

/** The catalogue of mutations and the checker that must catch each. */
export const MUTATIONS = {
  'checkpoint-past-failure': { checker: 'conservation', what: 'a batch that failed is checkpointed as if it had succeeded' },
  'reorder-within-key': { checker: 'per-key-order', what: 'batches are delivered in reverse sequence order' },
  'retry-past-limit': { checker: 'retry-limit', what: 'one retry more than MaximumRetryAttempts' },
  'give-up-early': { checker: 'retry-limit', what: 'records are given up one retry before MaximumRetryAttempts' },
  'ignore-record-age': { checker: 'record-age', what: 'MaximumRecordAgeInSeconds is never checked' },
  'batch-over-size': { checker: 'batch-bounds', what: 'batches may hold BatchSize + 1 records' },
  'silent-discard': { checker: 'conservation', what: 'records given up are dropped without a trace or on-failure record' },
  'latest-reads-backlog': { checker: 'starting-position', what: 'a mapping started at LATEST reads the shard from its trim horizon (C-1)' },
  'invoke-count-retries-only': { checker: 'on-failure', what: 'the on-failure record\'s approximateInvokeCount counts the retries, not the first invocation (Q-4, D-3)' },
  'age-record-with-response': { checker: 'on-failure', what: 'RecordAgeExceeded on-failure records carry a responseContext' },
  'checkpoint-at-batch-end': { checker: 'checkpoint', what: 'the checkpoint jumps to the end of each finished batch, even past other lanes\' unfinished records' },
  'split-consumes-retry': { checker: 'bisect', what: 'each bisect split consumes a retry' },
  'checkpoint-at-highest-failure': { checker: 'checkpoint', what: 'a partial response checkpoints before the highest reported failure, not the lowest' },
  'partial-without-opt-in': { checker: 'retry-limit', what: 'batchItemFailures are honoured although FunctionResponseTypes lacks ReportBatchItemFailures (E-1)' },
  'string-seq-compare': { checker: 'partial-response', what: 'sequence numbers are compared as strings' },
  // In a tumbling window, the leaking lane also closes its window while a retry waits (H-4): a shrunk case may show that first.
  'lane-leak': { checker: 'per-key-order', what: 'a failing batcher lets later records of its key through while it retries', alsoCaughtBy: ['tumbling-window'] },
  'upper-half-first': { checker: 'bisect', what: 'bisect runs the upper half before the lower half' },
  'child-before-parent': { checker: 'per-key-order', what: 'a child shard starts once its parent is read to its end, before the parent\'s records are resolved and checkpointed (J-4)' },
  'ddb-drops-remove': { checker: 'conservation', what: 'the DynamoDB poller drops REMOVE records (deletes and TTL expiries never reach the function)' },
  'resume-latest-after-enable': { checker: 'conservation', what: 're-enabling a disabled mapping resumes from LATEST instead of the checkpoint, skipping what arrived meanwhile (C-2)' },
  'resume-from-trim-horizon': { checker: 'resume', what: 're-enabling a disabled mapping reads each shard it had checkpointed from its trim horizon again, so what it had processed is delivered again (C-2)' },
  'deliver-filtered': { checker: 'filtering', what: 'records the FilterCriteria filtered out are reported as filtered, and delivered all the same (I-3)' },
  'ignore-filters': { checker: 'filtering', what: 'the mapping ignores its FilterCriteria and delivers every record it reads (I-1)' },
  'serve-trimmed': { checker: 'retention', what: 'the stream ignores its trim horizon, so a mapping re-enabled after more than the retention period reads records retention trimmed while it was disabled (J-1, C-2)' },
  'window-state-lost': { checker: 'tumbling-window', what: 'a tumbling window\'s state is never kept: every invocation receives {} (H-3)' },
  'no-final-invoke': { checker: 'tumbling-window', what: 'a tumbling window closes without its final invocation (H-4)' },
  'window-spans-boundary': { checker: 'tumbling-window', what: 'a batch may hold records of two tumbling windows (H-2)' },
  'stateless-success': { checker: 'checkpoint', what: 'a tumbling-window function that returns no state counts as a success, and its records are checkpointed (H-3)' },
  'throttle-counts-retry': { checker: 'retry-limit', what: 'a throttled invocation counts against MaximumRetryAttempts, so records are given up before they failed that often (D-1, P-7)' },
  'throttle-counts-invocation': { checker: 'on-failure', what: 'the on-failure record\'s approximateInvokeCount counts throttled invocations, which never reached the function (D-1)' },
  'unrecorded-filter': { checker: 'conservation', what: 'records filtered out are passed by the checkpoint without a filter event, as if lost (I-3)' },
} as const;

/** The checkers a shrunk counterexample of `mutation` may be caught by: its own, or one it also breaks. */
export function catchers(mutation: Mutation): readonly string[] {
  const entry: { readonly checker: string; readonly alsoCaughtBy?: readonly string[] } = MUTATIONS[mutation];
  return [entry.checker, ...(entry.alsoCaughtBy ?? [])];
}

/** Name of a deliberately broken variant. */
export type Mutation = keyof typeof MUTATIONS;

/** All mutation names. */
export const MUTATION_NAMES = Object.keys(MUTATIONS) as Mutation[];

/** Mutations the Kinesis suite offers: all but the DynamoDB-only ones. */
export const KINESIS_MUTATIONS = Object.fromEntries(Object.entries(MUTATIONS).filter(([name]) => !name.startsWith('ddb-'))) as Partial<typeof MUTATIONS>;

/** Mutations the DynamoDB suite offers: its own, and the source-agnostic ones its workloads catch. */
export const DYNAMODB_MUTATIONS = Object.fromEntries(
  (['ddb-drops-remove', 'checkpoint-past-failure', 'reorder-within-key', 'silent-discard', 'lane-leak', 'child-before-parent', 'resume-latest-after-enable', 'resume-from-trim-horizon', 'retry-past-limit', 'deliver-filtered', 'unrecorded-filter', 'serve-trimmed', 'window-state-lost', 'no-final-invoke', 'window-spans-boundary', 'stateless-success'] as const).map((m) => [m, MUTATIONS[m]]),
) as Partial<typeof MUTATIONS>;
