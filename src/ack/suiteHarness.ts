/**
 * Driving a suite with fast-check: run the unmutated model over generated
 * cases (collecting findings and scenario coverage), and hunt a mutation
 * down to a shrunk counterexample. Pure of any test framework, so property
 * tests assert on the outcomes and other tools can reuse it.
 */
import fc from 'fast-check';
import { explain } from '../check/explain.ts';
import type { Suite } from '../suite/Suite.ts';

/** What a clean campaign found. */
export interface CleanOutcome {
  /** Findings (explained) of the first failing case, if any. */
  readonly failure: readonly string[] | undefined;
  /** Scenario classes whose hits per 100 cases fell below the suite's coverage obligation, with the rate seen. */
  readonly uncovered: Readonly<Record<string, number>>;
}

/** Run `runs` generated cases without mutation. */
export async function cleanCampaign<C>(suite: Suite<C>, runs: number, seed: number): Promise<CleanOutcome> {
  const cases: Record<string, number> = {};
  let failure: string[] | undefined;
  await fc.check(
    fc.asyncProperty(suite.arbitrary, async (c) => {
      const out = await suite.run(c);
      for (const [k, n] of Object.entries(out.hits)) if (n > 0) cases[k] = (cases[k] ?? 0) + 1;
      if (out.findings.length > 0) failure ??= out.findings.map((f) => explain(f));
      return out.findings.length === 0;
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  const uncovered: Record<string, number> = {};
  for (const [hit, perHundred] of Object.entries(suite.coverage ?? {})) {
    const rate = ((cases[hit] ?? 0) * 100) / runs;
    if (rate < perHundred) uncovered[hit] = rate;
  }
  return { failure, uncovered };
}

/** What hunting one mutation found. */
export interface MutationOutcome<C> {
  readonly caught: boolean;
  readonly numShrinks: number;
  /** Checkers with findings on the shrunk counterexample under the mutation. */
  readonly checkers: readonly string[];
  /** Findings on the same counterexample without the mutation (should be none). */
  readonly cleanFindings: number;
  readonly counterexample: C | undefined;
}

/** Search generated cases for one that the mutation breaks; shrink it for at most `shrinkBudgetMs`. */
export async function huntMutation<T>(suite: Suite<T>, mutation: string, runs: number, seed: number, shrinkBudgetMs: number): Promise<MutationOutcome<T>> {
  const result = await fc.check(
    fc.asyncProperty(suite.arbitrary, async (c) => (await suite.run(c, mutation)).findings.length === 0),
    { numRuns: runs, seed, interruptAfterTimeLimit: shrinkBudgetMs },
  );
  const counterexample = result.counterexample?.[0];
  if (!result.failed || counterexample === undefined) return { caught: false, numShrinks: 0, checkers: [], cleanFindings: 0, counterexample: undefined };
  const mutated = await suite.run(counterexample, mutation);
  const clean = await suite.run(counterexample);
  return { caught: true, numShrinks: result.numShrinks, checkers: [...new Set(mutated.findings.map((f) => f.checker))], cleanFindings: clean.findings.length, counterexample };
}
