/**
 * `repro --save`: a shrunk counterexample becomes a scenario file whose
 * expectations are the findings observed, so a found bug stays a permanent
 * regression. The mutation (if any) is the case's `options.mutation` field:
 * run the file with `--mutation none` (or delete that one field) to run the
 * same case on the reference model, where the findings should not occur.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Violation } from '../run/campaign.ts';
import { InputError } from '../run/InputError.ts';
import { findingKinds } from '../report/ledger.ts';
import type { GeneratedCase } from '../workload/arbitraries.ts';
import type { GeneratedDynamoDbCase } from '../workload/dynamodbArbitraries.ts';
import type { Scenario } from './Scenario.ts';

/** The scenario schema of this package (beside this module, in src/ and in dist/). */
const SCHEMA_FILE = fileURLToPath(new URL('./scenario.schema.json', import.meta.url));

/**
 * The `$schema` of a scenario saved as `file`: the package's schema, relative
 * to the file's directory, so that an editor finds it wherever the file is
 * saved (in a user's project, inside node_modules/streamcheck).
 */
export function schemaRefFor(file: string): string {
  const path = relative(dirname(resolve(file)), SCHEMA_FILE);
  // On Windows, a file on another drive has no relative path: a file URL, not `D:/...`, which an editor would read as a URL of scheme `d`.
  return isAbsolute(path) ? pathToFileURL(SCHEMA_FILE).href : path.split(sep).join('/');
}

/** The scenario of a violation found by a campaign (Kinesis and DynamoDB suites), to be saved as `file`. */
export function scenarioOfViolation(v: Violation, token: string, file: string): Scenario {
  if (v.suite !== 'kinesis' && v.suite !== 'dynamodb') throw new InputError(`--save writes Kinesis and DynamoDB scenarios; suite ${v.suite} has no scenario format yet`);
  const c = v.counterexample as GeneratedCase | GeneratedDynamoDbCase;
  const kinds = findingKinds(v.findings);
  const options = v.mutation ? { ...c.options, mutation: v.mutation } : c.options;
  return {
    $schema: schemaRefFor(file),
    name: `Regression: ${v.findings[0]?.summary ?? 'violation'}`,
    rules: [...new Set(kinds.map((k) => k.rule))],
    description: `Saved by "streamcheck repro ${token} --save". Found ${v.mutation ? `under mutation ${v.mutation}` : 'on the reference model'}; `
      + 'the expectations are the findings observed. Run with --mutation none (or delete case.options.mutation) to run the case on the reference model.',
    suite: v.suite,
    case: { ...c, ...(options ? { options } : {}) } as GeneratedCase | GeneratedDynamoDbCase,
    expect: { findings: kinds },
  };
}

/** The file text of a scenario (stable key order, trailing newline). */
export function scenarioText(s: Scenario): string {
  return JSON.stringify(s, null, 2) + '\n';
}
