/**
 * Reports and the regression ledger through the CLI: the same command writes
 * byte-identical report files; violations land in the ledger, are replayed
 * first by later runs, and leave it when removed.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTimeline } from '../src/report/svgTimeline.ts';
import { cli } from './cli.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'streamcheck-report-'));
const bytes = (dir: string, name: string) => [readFileSync(join(dir, `${name}.json`)), readFileSync(join(dir, `${name}.html`))];

describe('reports', () => {
  it('the same scenario command writes byte-identical files', async () => {
    const dir = tmp();
    const args = ['scenario', 'scenarios/D-7-expire-while-retrying.json', 'scenarios/Q-2-lane-leak-mutation.json', 'scenarios/G-2-per-key-order-with-parallelization.json', '--out', dir];
    expect((await cli(...args)).code).toBe(0);
    const first = bytes(dir, 'scenario');
    expect((await cli(...args)).code).toBe(0);
    expect(bytes(dir, 'scenario')).toEqual(first);
    const report = JSON.parse(first[0]!.toString());
    expect(report.summary.scenarios).toEqual({ passed: 3, failed: 0, invalid: 0 });
    for (const s of report.scenarios as Array<{ trace: Array<{ type: string; id?: string }>; outcomes?: Record<string, string> }>) {
      expect(Object.keys(s.outcomes ?? {})).toEqual(s.trace.filter((e) => e.type === 'invoke').map((e) => e.id));
    }
  });

  it('the same run command writes byte-identical files, with the counterexample and its token', async () => {
    const dir = tmp();
    const args = ['run', '--suite', 'kinesis', '--seed', '5', '--runs', '300', '--mutation', 'lane-leak', '--out', dir, '--ledger', join(dir, 'ledger.json')];
    expect((await cli(...args)).code).toBe(1);
    const first = bytes(dir, 'run');
    expect((await cli(...args)).code).toBe(1);
    expect(bytes(dir, 'run')).toEqual(first);
    const report = JSON.parse(first[0]!.toString());
    expect(report.holds).toBe(false);
    expect(report.counterexamples).toHaveLength(1);
    expect(report.counterexamples[0].token).toMatch(/^sc1\./);
    expect(report.counterexamples[0].findings[0].text).toContain('Let r0');
    expect(report.suites[0].checkers).toContainEqual({ checker: 'per-key-order', failedCases: 1 });
    // Each invocation's bar is coloured by how the mapping took its result.
    const c = report.counterexamples[0] as { trace: Array<{ type: string; id?: string }>; outcomes: Record<string, string> };
    expect(Object.keys(c.outcomes)).toEqual(c.trace.filter((e) => e.type === 'invoke').map((e) => e.id));
  });

  it('check runs the scenarios and keeps coverage obligations in its report', async () => {
    const dir = tmp();
    const out = await cli('check', '--runs', '30', '--out', dir);
    const report = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8'));
    expect(report.summary.scenarios.passed).toBeGreaterThanOrEqual(50);
    expect(report.summary.scenarios.failed).toBe(0);
    expect(report.suites[0].coverage.map((c: { scenarioClass: string }) => c.scenarioClass)).toContain('retries-exhausted');
    expect(out.code).toBe(report.holds ? 0 : 1);
    expect(out.stdout).toMatch(/scenarios: \d+ run, \d+ passed, 0 failed, 0 invalid/);
  });

  it('draws a plain event list for traces without shards or invocations (other suites)', () => {
    const html = renderTimeline([{ t: 1_767_225_600_000, type: 'deliver', records: ['<b>x</b>'] }]);
    expect(html).toContain('<table class="events">');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<svg');
  });
});

describe('regression ledger', () => {
  it('records a violation, replays it first in the next run, and forgets it when removed', async () => {
    const dir = tmp();
    const ledger = join(dir, 'ledger.json');
    const run = ['run', '--suite', 'kinesis', '--seed', '5', '--runs', '300', '--mutation', 'lane-leak', '--out', dir, '--ledger', ledger];
    const first = await cli(...run);
    expect(first.stdout).toContain(`ledger: recorded 1 new violation(s) in ${ledger}`);
    const entries = JSON.parse(readFileSync(ledger, 'utf8')).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ suite: 'kinesis', mutation: 'lane-leak', findings: [{ checker: 'per-key-order', rule: 'Q-2' }] });

    const second = await cli(...run);
    expect(second.stdout.split('\n')[0]).toMatch(/^ledger: sc1\.\S+\.\.\. still fails: r1 was delivered/);
    expect(JSON.parse(readFileSync(ledger, 'utf8')).entries).toEqual(entries);

    // Four cases do not find the bug again, but the entry still fails: the exit is 1, and --json says why.
    const few = await cli('run', '--suite', 'kinesis', '--seed', '5', '--runs', '4', '--mutation', 'lane-leak', '--json', '--out', dir, '--ledger', ledger);
    expect(few.code).toBe(1);
    const summary = JSON.parse(few.stdout) as { violations: unknown[]; ledger: Array<{ token: string; stillFails: boolean; findings: Array<{ rule: string }>; replay: string }> };
    expect(summary.violations).toEqual([]);
    expect(summary.ledger).toHaveLength(1);
    expect(summary.ledger[0]).toMatchObject({ token: entries[0].token, stillFails: true, findings: [{ rule: 'Q-2' }], replay: `npx streamcheck repro ${entries[0].token}` });

    const other = await cli('run', '--suite', 'kinesis', '--seed', '3', '--runs', '5', '--out', dir, '--ledger', ledger);
    expect(other.stdout).not.toContain('ledger:');

    const listed = await cli('ledger', 'list', '--ledger', ledger);
    expect(listed.stdout).toContain(entries[0].token);
    expect((await cli('ledger', 'remove', entries[0].token.slice(0, 30), '--ledger', ledger)).code).toBe(0);
    expect(JSON.parse(readFileSync(ledger, 'utf8')).entries).toEqual([]);
    const missing = await cli('ledger', 'remove', 'sc1.nothing', '--ledger', ledger);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no ledger entry matches');
    expect(existsSync(ledger)).toBe(true);
  });
});
