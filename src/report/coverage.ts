/**
 * Coverage obligations: a suite's generator must keep hitting the scenario
 * classes it declares, at least so many times per 100 cases, or the check
 * fails, so a generator that drifts away from bisect or retry exhaustion is
 * noticed.
 */
import type { CampaignResult } from '../run/campaign.ts';
import type { AnySuite } from '../suite/Suite.ts';

/** A scenario class hit too rarely. */
export interface CoverageShortfall {
  readonly suite: string;
  readonly scenarioClass: string;
  readonly required: number;
  readonly actual: number;
}

/** Shortfalls of one campaign against its suite's obligations (per 100 cases). */
export function coverageShortfalls(suite: AnySuite, result: CampaignResult): CoverageShortfall[] {
  const out: CoverageShortfall[] = [];
  for (const [scenarioClass, perHundred] of Object.entries(suite.coverage ?? {})) {
    const required = Math.ceil((perHundred * result.runs) / 100);
    const actual = result.hits[scenarioClass] ?? 0;
    if (actual < required) out.push({ suite: suite.name, scenarioClass, required, actual });
  }
  return out;
}
