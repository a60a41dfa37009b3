/**
 * Property suite of KDA output delivery (L-1..L-8): the reference model
 * passes every checker over generated cases and keeps hitting its scenario
 * classes; every deliberately broken variant is caught by generated
 * workloads, with a shrunk counterexample, by the checker meant to catch it.
 */
import { describe, expect, it } from 'vitest';
import { cleanCampaign, huntMutation } from '../src/ack/suiteHarness.ts';
import { kdaSuite as suite } from '../src/kda/suite.ts';

const SEED = Number(process.env['STREAMCHECK_SEED'] ?? 20_260_101);

describe(`${suite.name} suite`, () => {
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
