/**
 * Scenario results for the terminal: one line per scenario, and for a failed
 * one its differences and the compact timeline of what happened.
 */
import { textTimeline } from '../report/textTimeline.ts';
import type { ScenarioResult } from './runScenario.ts';

/** The text of one result. */
export function formatScenarioResult(r: ScenarioResult): string {
  const head = `${r.status === 'passed' ? 'PASS' : r.status === 'failed' ? 'FAIL' : 'INVALID'}  ${r.file}  [${r.rules.join(', ')}] ${r.name}${r.mutation ? ` (mutation ${r.mutation})` : ''}`;
  if (r.status === 'invalid') return `${head}\n  ${(r.error ?? '').split('\n').join('\n  ')}`;
  if (r.status === 'passed') return head;
  const width = Math.max(...r.differences.map((d) => d.path.length));
  const lines = r.differences.map((d) => `  ${d.path.padEnd(width)}  expected ${d.expected}\n  ${' '.repeat(width)}  actual   ${d.actual}`);
  const timeline = r.trace ? ['', '  What happened:', textTimeline(r.trace, 40).split('\n').map((l) => `  ${l}`).join('\n')] : [];
  return [head, ...lines, ...timeline].join('\n');
}

/** Summary line of a scenario run. */
export function formatScenarioSummary(results: readonly ScenarioResult[]): string {
  const count = (s: ScenarioResult['status']) => results.filter((r) => r.status === s).length;
  // An invalid file never ran: it is counted apart, not among those run.
  return `scenarios: ${count('passed') + count('failed')} run, ${count('passed')} passed, ${count('failed')} failed, ${count('invalid')} invalid`;
}

/** The `--json` form of a result (no trace). */
export function jsonScenarioResult(r: ScenarioResult): Record<string, unknown> {
  return {
    file: r.file, name: r.name, rules: r.rules, ...(r.mutation ? { mutation: r.mutation } : {}), status: r.status,
    differences: r.differences, ...(r.error ? { error: r.error } : {}),
    ...(r.observed ? { observed: { ...r.observed, findings: r.observed.findings.map((f) => ({ checker: f.checker, rule: f.rule, summary: f.summary })) } } : {}),
  };
}
