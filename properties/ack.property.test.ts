/**
 * Property suites of the ack-matching models, KDA Lambda output delivery
 * (L-1..L-8) and Firehose data transformation (M-1..M-4): each reference model
 * passes every checker over generated cases and keeps hitting its scenario
 * classes; every deliberately broken variant is caught by generated
 * workloads, with a shrunk counterexample, by the checker meant to catch it.
 */
import { describe, expect, it } from 'vitest';
import { cleanCampaign, huntMutation } from '../src/ack/suiteHarness.ts';
import { firehoseSuite } from '../src/firehose/suite.ts';
import { kdaSuite } from '../src/kda/suite.ts';
import type { AnySuite } from '../src/suite/Suite.ts';

const SEED = Number(process.env['STREAMCHECK_SEED'] ?? 20_260_101);

describe.each([kdaSuite, firehoseSuite] as AnySuite[])('$name suite', (suite) => {
  it('the unmutated model passes all checkers and covers its scenario classes', async () => {
    expect(await cleanCampaign(suite, 200, SEED)).toEqual({ failure: undefined, uncovered: {} });
  });

  it.each(Object.entries(suite.mutations))('mutation %s is caught with a shrunk counterexample', async (mutation, { checker }) => {
    const found = await huntMutation(suite, mutation, 200, SEED, 5000);
    expect(found).toMatchObject({ caught: true, cleanFindings: 0 });
    expect(found.numShrinks).toBeGreaterThan(0);
    expect(found.checkers).toContain(checker);
  });
});
