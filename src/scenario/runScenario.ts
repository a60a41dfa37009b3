/**
 * Running a scenario: simulate its case on the reference model (optionally
 * under a different mutation), run every checker, and compare what happened
 * with what the scenario expects.
 */
import type { JudgedUnder } from '../suite/Suite.ts';
import { InputError } from '../run/InputError.ts';
import { kinesisSuite, runKinesisCase } from '../run/kinesisSuite.ts';
import { dynamodbSuite, runDynamoDbCase } from '../run/dynamodbSuite.ts';
import type { GeneratedDynamoDbCase } from '../workload/dynamodbArbitraries.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';
import { judgedUnder } from '../run/campaign.ts';
import type { GeneratedCase } from '../workload/arbitraries.ts';
import { diffOutcomes, type Difference } from './diff.ts';
import { observe, RecordNames, type Observed } from './observe.ts';
import type { InvalidScenario } from './loadScenario.ts';
import type { ErrorExpectation, LoadedScenario } from './Scenario.ts';

/** How a scenario ended, and the configuration(s) its trace was judged under once it ran. */
export interface ScenarioResult extends JudgedUnder {
  readonly file: string;
  readonly name: string;
  readonly rules: readonly string[];
  /** The mutation it ran under, if any. */
  readonly mutation: string | undefined;
  /** `invalid`: the case cannot run (e.g. AWS rejects its configuration and the scenario did not expect that). */
  readonly status: 'passed' | 'failed' | 'invalid';
  readonly differences: readonly Difference[];
  /** Why it is invalid, or the AWS error the configuration got. */
  readonly error?: string;
  readonly observed?: Observed;
  readonly trace?: readonly TraceEvent[];
}

/** Run options. */
export interface ScenarioRunOptions {
  /** Replace the case's mutation: a mutation name, or `none` for the reference model. */
  readonly mutation?: string;
}

/** The case as it runs: the scenario's, with the mutation replaced if asked. */
export function caseUnder<C extends GeneratedCase | GeneratedDynamoDbCase>(c: C, mutation: string | undefined): C {
  if (mutation === undefined) return c;
  const { mutation: _ignored, ...rest } = c.options ?? {};
  const options = mutation === 'none' ? rest : { ...rest, mutation };
  return { ...c, options: options as GeneratedCase['options'] };
}

/** The model mutations of each suite scenarios run, by suite. */
export const MUTATIONS_OF = { kinesis: kinesisSuite.mutations, dynamodb: dynamodbSuite.mutations } as const;

/** Simulate and check a scenario's case with its suite's runner. */
function runCase(suite: 'kinesis' | 'dynamodb' | undefined, c: GeneratedCase | GeneratedDynamoDbCase) {
  return suite === 'dynamodb' ? runDynamoDbCase(c as GeneratedDynamoDbCase) : runKinesisCase(c as GeneratedCase);
}

/** Run one scenario. */
export async function runScenario(loaded: LoadedScenario, opts: ScenarioRunOptions = {}): Promise<ScenarioResult> {
  const { scenario: s, file } = loaded;
  const c = caseUnder(s.case, opts.mutation);
  const base = { file, name: s.name, rules: s.rules, mutation: c.options?.mutation };
  const suite = s.suite ?? 'kinesis';
  if (opts.mutation !== undefined && opts.mutation !== 'none' && !Object.hasOwn(MUTATIONS_OF[suite], opts.mutation)) {
    return { ...base, status: 'invalid', differences: [], error: `${file}: --mutation ${opts.mutation} is not a mutation of the ${suite} model, which this scenario runs (it has: ${Object.keys(MUTATIONS_OF[suite]).join(', ')})` };
  }
  let out: Awaited<ReturnType<typeof runKinesisCase>>;
  try {
    out = await runCase(s.suite, c);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (!s.expect.error) return { ...base, status: 'invalid', differences: [], error: `${file}: ${err.message}` };
    const differences = diffError(s.expect.error, err);
    return { ...base, status: differences.length ? 'failed' : 'passed', differences, error: err.message };
  }
  if (s.expect.error) {
    return { ...base, status: 'failed', differences: [{ path: 'error', expected: describeError(s.expect.error), actual: 'the configuration was accepted and the case ran' }], trace: out.trace, ...judgedUnder(out) };
  }
  const observed = observe(out.trace, out.findings);
  const differences = diffOutcomes(s.expect, observed, new RecordNames(out.trace).puts);
  return { ...base, status: differences.length ? 'failed' : 'passed', differences, observed, trace: out.trace, ...judgedUnder(out) };
}

/** The result of a file that could not be loaded. */
export function invalidResult(i: InvalidScenario): ScenarioResult {
  return { file: i.file, name: '(invalid file)', rules: [], mutation: undefined, status: 'invalid', differences: [], error: i.message };
}

/** Run scenarios in order. */
export async function runScenarios(list: readonly LoadedScenario[], opts: ScenarioRunOptions = {}, onDone?: (n: number) => void): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const l of list) {
    results.push(await runScenario(l, opts));
    onDone?.(results.length);
  }
  return results;
}

function diffError(e: ErrorExpectation, err: InputError): Difference[] {
  const type = err.awsType ?? '';
  const text = type && err.message.startsWith(`${type}: `) ? err.message.slice(type.length + 2) : err.message;
  const out: Difference[] = [];
  if (e.type !== undefined && e.type !== type) out.push({ path: 'error.type', expected: e.type, actual: type || '(none)' });
  if (e.message !== undefined && e.message !== text) out.push({ path: 'error.message', expected: e.message, actual: text });
  if (e.messagePattern !== undefined && !new RegExp(`^(?:${e.messagePattern})$`).test(text)) out.push({ path: 'error.message', expected: `/${e.messagePattern}/`, actual: text });
  return out;
}

function describeError(e: ErrorExpectation): string {
  return `AWS error ${[e.type, e.message && JSON.stringify(e.message), e.messagePattern && `/${e.messagePattern}/`].filter(Boolean).join(' ')}`;
}
