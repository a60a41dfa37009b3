/**
 * Reading scenario files: JSON parse, JSON Schema validation (ajv, unknown
 * fields rejected) and cross-checks the schema cannot express (every record
 * name an expectation uses must be a put of the case). A bad file is an
 * InputError naming the file, the JSON pointer and the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import schema from './scenario.schema.json' with { type: 'json' };
import { compileSchema, problemsOf } from '../schema/validator.ts';
import { InputError } from '../run/InputError.ts';
import { ridOf } from '../workload/Workload.ts';
import { writeRid } from '../workload/DynamoDbWorkload.ts';
import type { LoadedScenario, Scenario } from './Scenario.ts';

const validate = compileSchema(schema);

/** The scenario schema's case of each suite scenarios run, on its own. */
const CASE_VALIDATORS = {
  kinesis: compileSchema({ $schema: schema.$schema, $defs: schema.$defs, $ref: '#/$defs/case' }),
  dynamodb: compileSchema({ $schema: schema.$schema, $defs: schema.$defs, $ref: '#/$defs/dynamodbCase' }),
} as const;

/** What is wrong with `value` as a case of `suite` (a ledger entry edited by hand), by the scenario schema; empty when it is one, or when scenarios do not cover the suite. */
export function caseProblems(suite: string, value: unknown): string[] {
  const check = CASE_VALIDATORS[suite as keyof typeof CASE_VALIDATORS] as (typeof CASE_VALIDATORS)[keyof typeof CASE_VALIDATORS] | undefined;
  return check ? problemsOf(check, value).map((p) => `at ${p.pointer}: ${p.reason}`) : [];
}

/** Parse and validate one scenario's text; throws InputError listing the problems. */
export function parseScenario(text: string, file: string): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not JSON: ${(err as Error).message}`);
  }
  const problems = problemsOf(validate, value).map((p) => `at ${p.pointer}: ${p.reason}`);
  if (problems.length === 0) problems.push(...unknownNames(value as Scenario));
  if (problems.length > 0) throw new InputError(`${file}: invalid scenario:\n  ${[...new Set(problems)].slice(0, 10).join('\n  ')}`);
  return value as Scenario;
}

/** Records put under one name twice, and function rules and expectations naming records the workload never puts (a misspelt rule never fires, and the scenario tests nothing). */
function unknownNames(s: Scenario): string[] {
  const names = 'writes' in s.case.workload ? s.case.workload.writes.map(writeRid) : s.case.workload.puts.map(ridOf);
  const known = new Set(names);
  const problems: string[] = names.flatMap((n, i) => (names.indexOf(n) !== i ? [`at /case/workload/${'writes' in s.case.workload ? 'writes' : 'puts'}/${i}: the name "${n}" is already taken by an earlier record`] : []));
  const check = (pointer: string, names: readonly string[]) => {
    names.forEach((n, i) => {
      if (!known.has(n)) problems.push(`at ${pointer}/${i}: no put is named "${n}" (puts are ${[...known].join(', ') || 'none'})`);
    });
  };
  const rules = (s.case.function as { behaviour?: { rules?: ReadonlyArray<{ match?: { rids?: readonly string[] } }> } } | undefined)?.behaviour?.rules ?? [];
  rules.forEach((r, i) => check(`/case/function/behaviour/rules/${i}/match/rids`, r.match?.rids ?? []));
  (s.expect.invocations?.batches ?? []).forEach((b, i) => check(`/expect/invocations/batches/${i}${Array.isArray(b) ? '' : '/records'}`, Array.isArray(b) ? b : (b as { records: string[] }).records));
  (s.expect.discards ?? []).forEach((d, i) => check(`/expect/discards/${i}/records`, d.records));
  for (const name of Object.keys(s.expect.deliveries ?? {})) check('/expect/deliveries', [name]);
  for (const name of Object.keys(s.expect.throttles ?? {})) check('/expect/throttles', [name]);
  for (const [shard, name] of Object.entries(s.expect.checkpoints ?? {})) if (name !== null) check(`/expect/checkpoints/${shard}`, [name]);
  return problems;
}

/** Load one file. */
export function loadScenarioFile(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return { file, scenario: parseScenario(text, file) };
}

/** Expand files and directories (their `*.json`, sorted by name) into scenario files. */
export function scenarioFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new InputError(`no such scenario file or directory: ${p}`);
    }
    if (!isDir) files.push(p);
    else {
      const inside = readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => join(p, f));
      if (inside.length === 0) throw new InputError(`no scenario files (*.json) in ${p}`); // a mistyped path in CI must not pass green
      files.push(...inside);
    }
  }
  return files;
}

/** A file that is not a valid scenario, with why. */
export interface InvalidScenario {
  readonly file: string;
  readonly message: string;
}

/** Load many files: the valid scenarios, and every invalid file with its problems (those never run). */
export function loadScenarios(paths: readonly string[]): { scenarios: LoadedScenario[]; invalid: InvalidScenario[] } {
  const scenarios: LoadedScenario[] = [];
  const invalid: InvalidScenario[] = [];
  for (const file of scenarioFiles(paths)) {
    try {
      scenarios.push(loadScenarioFile(file));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      invalid.push({ file, message: err.message });
    }
  }
  return { scenarios, invalid };
}
