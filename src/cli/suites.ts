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
  return value.split(',').map((name) => {
    const suite = SUITES.find((s) => s.name === name);
    if (!suite) throw new InputError(`unknown suite "${name}"; choose from: all, ${SUITES.map((s) => s.name).join(', ')}`);
    return suite;
  });
}
