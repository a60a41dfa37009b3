/**
 * `streamcheck check` (npm run check): the main job. Every suite against the
 * reference model, coverage obligations, every scenario in scenarios/, and a
 * report in reports/check.{json,html}.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCampaign, type CampaignResult } from '../run/campaign.ts';
import { coverageShortfalls, type CoverageShortfall } from '../report/coverage.ts';
import { buildReport } from '../report/Report.ts';
import { REPORTS_DIR, writeReport } from '../report/writeReport.ts';
import { loadScenarios } from '../scenario/loadScenario.ts';
import { invalidResult, runScenarios, type ScenarioResult } from '../scenario/runScenario.ts';
import { formatScenarioResult, formatScenarioSummary } from '../scenario/formatScenario.ts';
import { formatSummary, formatViolation } from './format.ts';
import { Progress } from './Progress.ts';
import { SUITES } from './suites.ts';
import { packageUrl } from '../packageFiles.ts';

/**
 * The scenario library `check` runs: the package's own `scenarios/` (shipped
 * with it), wherever the command is run from, named relative to the working
 * directory (`scenarios` at the repository's root, as reports name it).
 */
export const SCENARIOS_DIR = relative(process.cwd(), fileURLToPath(packageUrl('scenarios'))) || '.';

/** Run the main job; returns the exit code (1 on any violation, shortfall or failed scenario; 2 on an invalid scenario file). */
export async function runCheck(seed: number, runs: number, outDir = REPORTS_DIR, scenariosDir = SCENARIOS_DIR): Promise<number> {
  const results: CampaignResult[] = [];
  const shortfalls: CoverageShortfall[] = [];
  for (const suite of SUITES) {
    const progress = new Progress(suite.name, runs);
    const result = await runCampaign({ suite, seed, runs, onProgress: (n) => progress.update(n) });
    progress.done();
    results.push(result);
    shortfalls.push(...coverageShortfalls(suite, result));
    process.stdout.write(formatSummary(result) + '\n');
  }
  for (const r of results) if (r.violation) process.stdout.write('\n' + formatViolation(r.violation, runs) + '\n');
  for (const s of shortfalls) process.stdout.write(`coverage: ${s.suite} hit "${s.scenarioClass}" in ${s.actual} case(s), fewer than the required ${s.required}\n`);
  const scenarios = await checkScenarios(scenariosDir);
  const report = buildReport({
    name: 'check', command: `streamcheck check --seed ${seed} --runs ${runs}`,
    campaigns: results.map((result, i) => ({ suite: SUITES[i]!, result, runs })), scenarios, enforceCoverage: true,
  });
  const files = writeReport(report, outDir);
  process.stdout.write(`report: ${files.html}\n`);
  if (scenarios.some((s) => s.status === 'invalid')) return 2;
  return report.holds ? 0 : 1;
}

async function checkScenarios(dir: string): Promise<ScenarioResult[]> {
  const { scenarios, invalid } = loadScenarios([dir]);
  const progress = new Progress('scenarios', scenarios.length);
  const results = await runScenarios(scenarios, {}, (n) => progress.update(n));
  progress.done();
  const all: ScenarioResult[] = [...invalid.map(invalidResult), ...results];
  for (const r of all) if (r.status !== 'passed') process.stdout.write(formatScenarioResult(r) + '\n');
  process.stdout.write(formatScenarioSummary(all) + '\n');
  return all;
}
