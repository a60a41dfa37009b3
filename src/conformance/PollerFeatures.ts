/**
 * The features a poller under test claims. Generated cases use only these
 * beyond the basics every poller must get right (batch size, starting
 * positions, retries, record age, function errors and timeouts).
 */
import { InputError } from '../run/InputError.ts';
import { preview } from './preview.ts';

/** Features a poller claims (each off unless set). */
export interface PollerFeatures {
  /** MaximumBatchingWindowInSeconds > 0 (B-3, B-4). */
  readonly batchingWindow?: boolean;
  /** BisectBatchOnFunctionError (D-8, D-9). */
  readonly bisect?: boolean;
  /** FunctionResponseTypes ReportBatchItemFailures (E). */
  readonly partialResponses?: boolean;
  /** ParallelizationFactor > 1 (G); the poller passes each invocation's `lane`. */
  readonly parallelization?: boolean;
  /** Split and merge while the poller runs (J-4). */
  readonly resharding?: boolean;
  /** Lambda throttles the function (D-1): `invoke` may answer `throttled`, which the poller retries without counting it. */
  readonly throttling?: boolean;
  /**
   * The mapping is disabled and enabled again while it runs (C-2): the harness
   * stops the poller, and later starts a fresh one from the factory, which
   * resumes where the last left off (`PollerContext.checkpoints`).
   */
  readonly restarts?: boolean;
  /**
   * FilterCriteria (I-1, I-2, I-4, I-7): cases give the mapping one to three
   * filter patterns over the records' JSON data. The poller drops every record
   * none of them matches, never delivers it, and reports it with
   * `PollerContext.filter` (I-3).
   */
  readonly filtering?: boolean;
  /**
   * TumblingWindowInSeconds (H): the poller adds the window fields to each
   * event (H-9), passes on the state the function last returned (H-3), and
   * closes each window with a final invocation (H-4), which may name no
   * records (the model's does not).
   * It passes each invocation's `lane` when it keeps a window per batcher.
   */
  readonly tumblingWindows?: boolean;
  /**
   * UpdateEventSourceMapping while the mapping runs: cases change
   * BatchSize, retries and record age (and what else the poller claims) at
   * virtual times. The harness stops the poller, and after the update lag
   * starts a fresh one from the factory with the new `config`, which resumes
   * after `PollerContext.checkpoints` as after a re-enable (C-2): claiming
   * updates claims that restart too, as `restarts` does.
   */
  readonly updates?: boolean;
}

/** Each feature's name on the command line (`--features bisect,partial-responses`). */
export const FEATURE_NAMES: Readonly<Record<string, keyof PollerFeatures>> = Object.freeze({
  'batching-window': 'batchingWindow',
  bisect: 'bisect',
  'partial-responses': 'partialResponses',
  parallelization: 'parallelization',
  resharding: 'resharding',
  throttling: 'throttling',
  restarts: 'restarts',
  filtering: 'filtering',
  'tumbling-windows': 'tumblingWindows',
  updates: 'updates',
});

/** `--features` as a comma-separated list of names (`none` for the basics only). */
export function parseFeatures(text: string): PollerFeatures {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'none');
  const features: Record<string, boolean> = {};
  for (const name of names) {
    const key = FEATURE_NAMES[name];
    if (key === undefined) throw new InputError(`--features: unknown feature "${name}"; the features are: ${Object.keys(FEATURE_NAMES).join(', ')} (or none)`);
    features[key] = true;
  }
  return features;
}

/** The features a module declares in its `features` export: an object of the known keys, each a boolean. */
export function declaredFeatures(value: unknown, where: string): PollerFeatures {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${where}: "features" must be an object such as { bisect: true }, got ${preview(value)}`);
  const keys = Object.values(FEATURE_NAMES) as string[];
  for (const [key, flag] of Object.entries(value)) {
    if (!keys.includes(key)) throw new InputError(`${where}: "features" has an unknown key "${key}"; the keys are: ${keys.join(', ')}`);
    if (typeof flag !== 'boolean') throw new InputError(`${where}: "features.${key}" must be true or false, got ${preview(flag)}`);
  }
  return value as PollerFeatures;
}

/** The features as `--features` names, in the order of FEATURE_NAMES (`none` when there are none). */
export function featureNames(features: PollerFeatures): string {
  const names = Object.entries(FEATURE_NAMES).filter(([, key]) => features[key] === true).map(([name]) => name);
  return names.length > 0 ? names.join(',') : 'none';
}
