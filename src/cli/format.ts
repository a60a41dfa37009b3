/**
 * Text and JSON renderings of campaign results for the terminal.
 */
import { createHash } from 'node:crypto';
import { explain } from '../check/explain.ts';
import type { CampaignResult, Violation } from '../run/campaign.ts';
import { replayCommand, violationToken } from '../run/replayToken.ts';
import type { Replayed } from '../report/ledger.ts';
import { risksOf } from '../report/risks.ts';
import { textTimeline } from '../report/textTimeline.ts';

/** The violation as a person reads it: findings, counterexample, timeline, replay. */
export function formatViolation(v: Violation, runs: number): string {
  const parts = [
    `VIOLATION in suite ${v.suite}${v.mutation ? ` (mutation ${v.mutation})` : ''}: ${v.findings.length} finding(s)`,
    '',
    ...v.findings.slice(0, 5).map((f) => explain(f)),
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
    `Rules: npx streamcheck rules ${[...new Set(v.findings.map((f) => f.rule))].join(' ')}`,
  ];
  return parts.join('\n');
}

/** Summary line of a campaign. */
export function formatSummary(r: CampaignResult): string {
  const hits = Object.entries(r.hits).map(([k, n]) => `${k} ${n}`).join(', ');
  const risks = risksOf(r.hits).map((k) => `\n  ${k.text}`).join('');
  return `${r.suite}: ${r.runs} case(s), ${r.violation ? 'VIOLATION' : 'all checkers hold'}; digest ${r.traceDigest.slice(0, 16)}\n  hits: ${hits || 'none'}${risks}`;
}

/** The `--json` object for a set of campaigns, and for `run`, the ledger entries it replayed first. */
export function jsonSummary(results: readonly CampaignResult[], seed: number, runs: number, replayed?: readonly Replayed[]): Record<string, unknown> {
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
    ...(replayed ? { ledger: replayed.map(jsonLedgerEntry) } : {}),
    traceDigest: combinedDigest(results),
  };
}

/** A replayed ledger entry in `run --json`: whether it still fails, and with what. One that does makes the run exit 1 even when `violations` is empty. */
function jsonLedgerEntry(r: Replayed): Record<string, unknown> {
  return {
    token: r.entry.token, suite: r.entry.suite, ...(r.entry.mutation ? { mutation: r.entry.mutation } : {}),
    stillFails: r.findings.length > 0,
    findings: r.findings.map((f) => ({ ...f, text: explain(f) })),
    replay: replayCommand(r.entry.token),
  };
}

/** One digest over every suite's digest, in suite order (a single suite's is its own). */
export function combinedDigest(results: readonly CampaignResult[]): string {
  if (results.length === 1) return results[0]!.traceDigest;
  return createHash('sha256').update(results.map((r) => r.traceDigest).join('\n')).digest('hex');
}

/** Each line of `s`, two spaces in. */
export function indent(s: string): string {
  return s.split('\n').map((l) => `  ${l}`).join('\n');
}
