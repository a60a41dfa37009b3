/**
 * The suites the CLI knows, by name.
 */
import { firehoseSuite } from '../firehose/suite.ts';
import { kdaSuite } from '../kda/suite.ts';
import { dynamodbSuite } from '../run/dynamodbSuite.ts';
import { kinesisSuite } from '../run/kinesisSuite.ts';
import { InputError } from '../run/InputError.ts';
import type { AnySuite } from '../suite/Suite.ts';

/** Every suite, in the order `all` runs them. */
export const SUITES: readonly AnySuite[] = [kinesisSuite, dynamodbSuite, kdaSuite, firehoseSuite];

/** Suites named by a `--suite` value (`all` or a comma-separated list). */
export function selectSuites(value: string): AnySuite[] {
  if (value === 'all') return [...SUITES];
  const names = value.split(',');
  return names.map((name, i) => {
    if (name === 'all') throw new InputError(`--suite all stands alone: it already names every suite (${SUITES.map((s) => s.name).join(', ')})`);
    if (names.indexOf(name) !== i) throw new InputError(`--suite names "${name}" twice`);
    return suiteNamed(name);
  });
}

/** The suite called `name`; an input error naming the suites otherwise. */
export function suiteNamed(name: string): AnySuite {
  const suite = SUITES.find((s) => s.name === name);
  if (!suite) throw new InputError(`unknown suite "${name}"; choose from: all, ${SUITES.map((s) => s.name).join(', ')}`);
  return suite;
}
