/**
 * Property suites for the DynamoDB Streams mapping model: it satisfies every
 * mapping checker, runs deterministically, and each deliberately broken
 * variant the suite offers is caught by generated writes with a counterexample
 * of at most 6 writes.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain } from '../src/check/explain.ts';
import { catchers, DYNAMODB_MUTATIONS, type Mutation } from '../src/esm/Mutation.ts';
import { dynamodbSuite, runDynamoDbCase } from '../src/run/dynamodbSuite.ts';
import { toJsonLines } from '../src/trace/Trace.ts';
import type { GeneratedDynamoDbCase } from '../src/workload/dynamodbArbitraries.ts';

describe('the DynamoDB reference model holds every checker', () => {
  it('over generated tables, writes, configs and function behaviours', async () => {
    await fc.assert(
      fc.asyncProperty(dynamodbSuite.arbitrary, async (c) => {
        const { findings } = await runDynamoDbCase(c);
        if (findings.length > 0) throw new Error(findings.map((f) => explain(f)).join('\n'));
      }),
      { numRuns: 250, seed: 20261123 },
    );
  });

  it('gives byte-identical traces for the same seed', async () => {
    await fc.assert(
      fc.asyncProperty(dynamodbSuite.arbitrary, async (c) => {
        expect(toJsonLines((await runDynamoDbCase(c)).trace)).toBe(toJsonLines((await runDynamoDbCase(c)).trace));
      }),
      { numRuns: 40, seed: 12 },
    );
  });
});

describe('every deliberately broken DynamoDB variant is caught by generated writes', () => {
  it.each(Object.keys(DYNAMODB_MUTATIONS) as Mutation[])('%s', async (mutation) => {
    const details = await fc.check(
      fc.asyncProperty(dynamodbSuite.arbitrary, async (c) => (await runDynamoDbCase(c, mutation)).findings.length === 0),
      { numRuns: 1000, seed: 1 },
    );
    expect(details.failed, `${mutation} survived ${details.numRuns} generated cases`).toBe(true);
    const counterexample = details.counterexample![0] as GeneratedDynamoDbCase;
    const { findings } = await runDynamoDbCase(counterexample, mutation);
    expect(findings.some((f) => catchers(mutation).includes(f.checker)), `${mutation} caught by ${findings.map((f) => f.checker).join(', ')}`).toBe(true);
    expect(counterexample.workload.writes.length).toBeLessThanOrEqual(6);
  });
});
