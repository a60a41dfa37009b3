/**
 * Text and JSON renderings of campaign results for the terminal.
 */
import { createHash } from 'node:crypto';
import { explain } from '../check/explain.ts';
import type { CampaignResult, Violation } from '../run/campaign.ts';
import { replayCommand, violationToken } from '../run/replayToken.ts';
import { risksOf } from '../report/risks.ts';
import { textTimeline } from '../report/textTimeline.ts';

/** The violation as a person reads it: findings, counterexample, timeline, replay. */
export function formatViolation(v: Violation, runs: number): string {
  const parts = [
    `VIOLATION in suite ${v.suite}${v.mutation ? ` (mutation ${v.mutation})` : ''}: ${v.findings.length} finding(s)`,
    '',
    ...v.findings.slice(0, 5).map(explain),
    ...(v.findings.length > 5 ? [`  ... and ${v.findings.length - 5} more finding(s)`] : []),
    '',
    'Shrunk counterexample:',
    indent(JSON.stringify(v.counterexample, null, 1)),
    '',
    'Timeline:',
    textTimeline(v.trace),
    '',
    `Replay: ${replayCommand(violationToken(v, runs))}`,
    `    or: npx streamcheck run --suite ${v.suite} --seed ${v.seed} --path ${v.path}${v.mutation ? ` --mutation ${v.mutation}` : ''}`,
  ];
  return parts.join('\n');
}

/** Summary line of a campaign. */
export function formatSummary(r: CampaignResult): string {
  const hits = Object.entries(r.hits).map(([k, n]) => `${k} ${n}`).join(', ');
  const risks = risksOf(r.hits).map((k) => `\n  ${k.text}`).join('');
  return `${r.suite}: ${r.runs} case(s), ${r.violation ? 'VIOLATION' : 'all checkers hold'}; digest ${r.traceDigest.slice(0, 16)}\n  hits: ${hits || 'none'}${risks}`;
}

/** The `--json` object for a set of campaigns. */
export function jsonSummary(results: readonly CampaignResult[], seed: number, runs: number): Record<string, unknown> {
  return {
    seed,
    runs,
    suites: results.map((r) => ({ suite: r.suite, runs: r.runs, traceDigest: r.traceDigest, hits: r.hits, checkerFailures: r.checkerFailures, risks: risksOf(r.hits) })),
    violations: results.filter((r) => r.violation).map((r) => {
      const v = r.violation!;
      return {
        suite: v.suite, seed: v.seed, path: v.path, ...(v.mutation ? { mutation: v.mutation } : {}),
        findings: v.findings.map((f) => ({ ...f, text: explain(f) })),
        counterexample: v.counterexample,
        replay: replayCommand(violationToken(v, runs)),
      };
    }),
    traceDigest: combinedDigest(results),
  };
}

/** One digest over every suite's digest, in suite order (a single suite's is its own). */
export function combinedDigest(results: readonly CampaignResult[]): string {
  if (results.length === 1) return results[0]!.traceDigest;
  return createHash('sha256').update(results.map((r) => r.traceDigest).join('\n')).digest('hex');
}

function indent(s: string): string {
  return s.split('\n').map((l) => `  ${l}`).join('\n');
}
