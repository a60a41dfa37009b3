/**
 * Property suites for the Kinesis mapping reference model: it satisfies every
 * checker it offers to others, and each deliberately broken variant is caught
 * by generated workloads, with a counterexample that shrinks to a few records.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain } from '../src/check/explain.ts';
import { catchers, KINESIS_MUTATIONS, type Mutation } from '../src/esm/Mutation.ts';
import { kinesisSuite, runKinesisCase } from '../src/run/kinesisSuite.ts';
import type { GeneratedCase } from '../src/workload/arbitraries.ts';

describe('the reference model holds every checker', () => {
  it('over generated workloads, configs and function behaviours', async () => {
    await fc.assert(
      fc.asyncProperty(kinesisSuite.arbitrary, async (c) => {
        const { findings } = await runKinesisCase(c);
        if (findings.length > 0) throw new Error(findings.map((f) => explain(f)).join('\n'));
      }),
      { numRuns: 250, seed: 20261122 },
    );
  });
});

describe('every deliberately broken variant is caught by generated workloads', () => {
  it.each(Object.keys(KINESIS_MUTATIONS) as Mutation[])('%s', async (mutation) => {
    const details = await fc.check(
      fc.asyncProperty(kinesisSuite.arbitrary, async (c) => (await runKinesisCase(c, mutation)).findings.length === 0),
      { numRuns: 2000, seed: 1 },
    );
    expect(details.failed, `${mutation} survived ${details.numRuns} generated cases`).toBe(true);
    const counterexample = details.counterexample![0] as GeneratedCase;
    const { findings } = await runKinesisCase(counterexample, mutation);
    expect(findings.some((f) => catchers(mutation).includes(f.checker)), `${mutation} caught by ${findings.map((f) => f.checker).join(', ')}`).toBe(true);
    expect(counterexample.workload.puts.length).toBeLessThanOrEqual(6);
  });
});

describe('model options a user can flip to see what breaks', () => {
  it('lineage "eager" (children start before their parents finish, J-4) breaks per-key order, caught with a small counterexample', async () => {
    const eager = (c: GeneratedCase): GeneratedCase => ({ ...c, options: { ...c.options, lineage: 'eager' } });
    const details = await fc.check(
      fc.asyncProperty(kinesisSuite.arbitrary, async (c) => (await runKinesisCase(eager(c))).findings.length === 0),
      { numRuns: 2000, seed: 1 },
    );
    expect(details.failed).toBe(true);
    const counterexample = eager(details.counterexample![0] as GeneratedCase);
    expect((await runKinesisCase(counterexample)).findings.map((f) => f.checker)).toContain('per-key-order');
    expect(counterexample.workload.reshards?.length).toBeGreaterThan(0);
    expect(counterexample.workload.puts.length).toBeLessThanOrEqual(6);
  });
});
