/**
 * `streamcheck check` (npm run check): the main job. Every suite against the
 * reference model, coverage obligations, and a report in reports/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { explain } from '../check/explain.ts';
import { runCampaign, type CampaignResult } from '../run/campaign.ts';
import { coverageShortfalls, type CoverageShortfall } from '../report/coverage.ts';
import { combinedDigest, formatSummary, formatViolation, replayCommand } from './format.ts';
import { Progress } from './Progress.ts';
import { SUITES } from './suites.ts';

/** Directory reports are written to. */
export const REPORTS_DIR = 'reports';

/** Run the main job; returns the exit code. */
export async function runCheck(seed: number, runs: number): Promise<number> {
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
  const file = writeReport('check', { seed, runs, results, shortfalls });
  process.stdout.write(`report: ${file}\n`);
  return results.some((r) => r.violation) || shortfalls.length > 0 ? 1 : 0;
}

/** Write `reports/<name>.json`; returns its path. */
function writeReport(name: string, data: { seed: number; runs: number; results: CampaignResult[]; shortfalls: CoverageShortfall[] }): string {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const body = {
    name, seed: data.seed, runs: data.runs, traceDigest: combinedDigest(data.results),
    holds: data.results.every((r) => !r.violation) && data.shortfalls.length === 0,
    suites: data.results.map((r) => ({
      suite: r.suite, runs: r.runs, traceDigest: r.traceDigest, hits: r.hits, checkerFailures: r.checkerFailures,
      violation: r.violation ? { findings: r.violation.findings.map((f) => ({ ...f, text: explain(f) })), counterexample: r.violation.counterexample, replay: replayCommand(r.violation, data.runs) } : null,
    })),
    coverageShortfalls: data.shortfalls,
  };
  const file = `${REPORTS_DIR}/${name}.json`;
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}
