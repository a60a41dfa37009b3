/**
 * Coverage obligations: a suite's generator must keep hitting the scenario
 * classes it declares, at least so many times per 100 cases, or the check
 * fails, so a generator that drifts away from bisect or retry exhaustion is
 * noticed.
 */
import type { CampaignResult } from '../run/campaign.ts';
import type { AnySuite } from '../suite/Suite.ts';

/** One obligation and how the campaign did against it. */
export interface CoverageRow {
  readonly scenarioClass: string;
  /** Cases that must hit the class in this campaign. */
  readonly required: number;
  readonly actual: number;
  readonly met: boolean;
}

/** Every obligation of a suite, measured against a campaign (per 100 cases, rounded up). */
export function coverageRows(suite: AnySuite, result: CampaignResult): CoverageRow[] {
  return Object.entries(suite.coverage ?? {}).map(([scenarioClass, perHundred]) => {
    const required = Math.ceil((perHundred * result.runs) / 100);
    const actual = result.hits[scenarioClass] ?? 0;
    return { scenarioClass, required, actual, met: actual >= required };
  });
}

/** A scenario class hit too rarely. */
export interface CoverageShortfall {
  readonly suite: string;
  readonly scenarioClass: string;
  readonly required: number;
  readonly actual: number;
}

/** Shortfalls of one campaign against its suite's obligations. */
export function coverageShortfalls(suite: AnySuite, result: CampaignResult): CoverageShortfall[] {
  return coverageRows(suite, result)
    .filter((row) => !row.met)
    .map(({ scenarioClass, required, actual }) => ({ suite: suite.name, scenarioClass, required, actual }));
}
