/**
 * Determinism: the same seed gives a byte-identical trace and digest; another
 * seed gives another.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCampaign } from '../src/run/campaign.ts';
import { kinesisSuite } from '../src/run/kinesisSuite.ts';
import { simulateKinesis } from '../src/run/simulateKinesis.ts';
import { toJsonLines } from '../src/trace/Trace.ts';

describe('determinism', () => {
  it('a case simulated twice gives byte-identical JSON-lines traces', async () => {
    await fc.assert(
      fc.asyncProperty(kinesisSuite.arbitrary, async (c) => {
        const a = toJsonLines((await simulateKinesis(c, { seed: c.seed })).trace);
        const b = toJsonLines((await simulateKinesis(c, { seed: c.seed })).trace);
        expect(a).toBe(b);
        const other = toJsonLines((await simulateKinesis(c, { seed: `${c.seed}x` })).trace);
        if (c.workload.puts.length > 3) expect(other).not.toBe(a); // request ids and sequence numbers come from the seed
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('streamcheck run --seed 7 --runs 200 gives the same traceDigest twice, and seed 8 another', async () => {
    const run = (seed: number) => runCampaign({ suite: kinesisSuite, seed, runs: 200 });
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(a.traceDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceDigest).toBe(a.traceDigest);
    expect(c.traceDigest).not.toBe(a.traceDigest);
    expect(b.hits).toEqual(a.hits);
  });
});
