/**
 * The command line as a user meets it: usage errors exit 2 with one clear
 * line and no stack trace; a mutation finds its suite; the JSON summary has
 * the promised fields.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli.ts';

const out = () => ['--out', mkdtempSync(join(tmpdir(), 'streamcheck-cli-'))];

describe('streamcheck CLI', () => {
  it.each([
    [['run', '--runs', 'abc'], /--runs must be an integer, got "abc"/],
    // fast-check folds a seed to 32 bits: 2^32 + 1 would run seed 1's cases and report them as another seed's.
    [['run', '--seed', '4294967297'], /--seed must be from -2147483648 to 2147483647, got 4294967297/],
    [['run', '--seed', '100000000000000000000000'], /--seed must be from -2147483648 to 2147483647, got 100000000000000000000000$/m],
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['run', '--suite', 'foo'], /unknown suite "foo"; choose from: all, kinesis, dynamodb, kda, firehose/],
    [['run', '--mutation', 'nope'], /no suite has a mutation "nope"/],
    [['frob'], /unknown command "frob"/],
    [['repro', 'nope'], /not a streamcheck replay token/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a mutation without --suite runs the suite that has it and exits 1 on the violation', async () => {
    const run = await cli('run', '--mutation', 'upper-half-first', '--seed', '3', '--runs', '300', '--json', ...out(), '--ledger', join(mkdtempSync(join(tmpdir(), 'l-')), 'l.json'));
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as { seed: number; runs: number; suites: Array<{ suite: string }>; violations: Array<{ replay: string }>; traceDigest: string };
    expect(summary.suites.map((s) => s.suite)).toEqual(['kinesis']); // the DynamoDB suite does not offer upper-half-first
    expect(summary).toMatchObject({ seed: 3, runs: 300 });
    expect(summary.violations[0]!.replay).toMatch(/^npx streamcheck repro sc1\./);
    expect(summary.traceDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("prints a violation's story with times since the run's start, exactly as the README shows it", async () => {
    const run = await cli('run', '--suite', 'kinesis', '--mutation', 'lane-leak', '--seed', '5', '--runs', '300', ...out(), '--ledger', join(mkdtempSync(join(tmpdir(), 'l-')), 'l.json'));
    expect(run.code).toBe(1);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const sample = /A violation reads like this[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(sample).toMatch(/^\[Q-2\] per-key-order: .*\n(  (Let|Then|But) .*\n){4}$/);
    expect(run.stdout).toContain(sample);
  });

  it('run --json on the reference model: all suites hold, exit 0', async () => {
    const run = await cli('run', '--seed', '7', '--runs', '50', '--json', ...out());
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { suites: Array<{ suite: string }>; violations: unknown[] };
    expect(summary.suites.map((s) => s.suite)).toEqual(['kinesis', 'dynamodb', 'kda', 'firehose']);
    expect(summary.violations).toEqual([]);
  });
});
