/**
 * The command line as a user meets it: usage errors exit 2 with one clear
 * line and no stack trace; a mutation finds its suite; the JSON summary has
 * the promised fields.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './cli.ts';

const out = () => ['--out', mkdtempSync(join(tmpdir(), 'streamcheck-cli-'))];
/** A replay token of these parts, as one edited by hand would be. */
const token = (parts: readonly unknown[]) => `sc1.${Buffer.from(JSON.stringify(parts)).toString('base64url')}`;

describe('command-line arguments', () => {
  it('reads a negative seed given as a separate argument, and -h as --help', async () => {
    const run = await cli('run', '--suite', 'kinesis', '--seed', '-5', '--runs', '2', '--json', ...out());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ seed: -5, runs: 2 });
    const help = await cli('run', '-h');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('streamcheck run');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const flag of ['--version', 'version']) {
      const run = await cli(flag);
      expect([run.code, run.stdout, run.stderr]).toEqual([0, `streamcheck ${version}\n`, '']);
    }
  });

  it("check finds the package's scenario library from any working directory", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'streamcheck-cwd-'));
    const probe = `import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/cli/check.js')).href)}).then((m) => process.stdout.write(m.SCENARIOS_DIR))`;
    const dir = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: elsewhere, encoding: 'utf8' }).stdout;
    expect(resolve(elsewhere, dir)).toBe(join(ROOT, 'scenarios'));
  });

  it('refuses a reports directory it cannot make, or an empty path, before running', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'streamcheck-out-')), 'a-file');
    writeFileSync(file, '');
    const run = await cli('scenario', 'scenarios/D-4-in-order-blocking.json', '--out', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`streamcheck: cannot make the reports directory ${file} (--out): a file is in the way\n`);
    expect(run.stdout).toBe('');
    for (const option of ['--out', '--ledger']) {
      const empty = await cli('run', '--runs', '1', option, '');
      expect(empty.stderr).toBe(`streamcheck: ${option} must not be empty\n`);
    }
  });

  it('refuses a ledger it cannot read before running, and names a damaged entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamcheck-ledger-'));
    const asDir = await cli('run', '--suite', 'kinesis', '--mutation', 'lane-leak', '--seed', '5', '--runs', '300', '--ledger', dir, ...out());
    expect(asDir.code).toBe(2);
    expect(asDir.stderr).toBe(`streamcheck: cannot read the ledger ${dir}: EISDIR\n`);
    expect(asDir.stdout).toBe(''); // nothing ran, so no violation was found and lost
    const damaged = join(dir, 'ledger.json');
    writeFileSync(damaged, JSON.stringify({ version: 1, entries: [{ token: 'sc1.x', suite: 'kinesis', findings: [] }] }));
    const list = await cli('ledger', 'list', '--ledger', damaged);
    expect(list.code).toBe(2);
    expect(list.stderr).toBe(`streamcheck: ${damaged}: not a streamcheck ledger: entry 0 has no "counterexample" object\n`);
    writeFileSync(damaged, JSON.stringify({ version: 1, entries: [{ token: 'sc1.x', suite: 'kinesis', findings: [], counterexample: {} }] }));
    const replay = await cli('run', '--suite', 'kinesis', '--runs', '1', '--ledger', damaged, ...out());
    expect(replay.code).toBe(2);
    expect(replay.stderr).toBe(`streamcheck: the ledger's entry 0 (sc1.x...) is not a kinesis case: at /: must have required property 'workload'; at /: must have required property 'mapping'; at /: must have required property 'function'; fix it, or remove it with: streamcheck ledger remove sc1.x --ledger ${damaged}\n`);
  });
});

describe('streamcheck rules', () => {
  it("prints a finding's rule with the checkers and scenarios that judge it, and lists a section", async () => {
    const one = await cli('rules', 'd-8');
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n')[0]).toBe('D-8 Bisect: what is documented [D]');
    expect(one.stdout).toContain('  checker bisect (kinesis, dynamodb): ');
    expect(one.stdout).toContain('  scenario scenarios/D-8-bisect-isolates-poison-record.json');
    const section = await cli('rules', 'Q');
    expect(section.stdout).toMatch(/\n {2}Q-7 +KDA output +every-row-acked, resend-iff-failed, retry-hint \(kda\)\n/);
    expect(section.stdout).not.toMatch(/^ {2}[A-P]-/m);
  });

  it('refuses a rule the catalogue lacks, and options it does not read', async () => {
    const unknown = await cli('rules', 'D-99');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('streamcheck: no rule "D-99" in the catalogue (docs/rules.md); section D has D-1 to D-11\n');
    const foreign = await cli('rules', '--seed', '3');
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toBe('streamcheck: --seed does not apply to rules; it takes --json\n');
  });
});

describe('streamcheck CLI', () => {
  it.each([
    [['run', '--runs', 'abc'], /--runs must be an integer, got "abc"/],
    // fast-check folds a seed to 32 bits: 2^32 + 1 would run seed 1's cases and report them as another seed's.
    [['run', '--seed', '4294967297'], /--seed must be from -2147483648 to 2147483647, got 4294967297/],
    [['run', '--seed', '100000000000000000000000'], /--seed must be from -2147483648 to 2147483647, got 100000000000000000000000$/m],
    [['run', '--bogus'], /^streamcheck: Unknown option '--bogus'; see "streamcheck help"$/m],
    [['toString', '--json'], /unknown command "toString"/],
    [['run', '--suite', 'foo'], /unknown suite "foo"; choose from: all, kinesis, dynamodb, kda, firehose/],
    [['run', '--mutation', 'nope'], /no suite has a mutation "nope"/],
    [['frob'], /unknown command "frob"/],
    [['repro', 'nope'], /not a streamcheck replay token/],
    // An option a command does not read is refused, not ignored: `check --suite kda` would otherwise run every suite.
    [['check', '--suite', 'kda'], /^streamcheck: --suite does not apply to check; it takes --seed, --runs, --out$/m],
    [['check-trace', 'x.jsonl', '--config', 'm.json', '--seed', '5'], /--seed does not apply to check-trace/],
    [['run', 'extra'], /run takes no arguments, got "extra"/],
    [['run', '--runs', '-5'], /--runs must be at least 1/],
    [['run', '--out', '-x'], /^streamcheck: Option '--out' argument is ambiguous; see "streamcheck help"$/m],
    [['run', '--suite', 'all,kinesis'], /--suite all stands alone/],
    [['run', '--suite', 'kinesis,kinesis'], /--suite names "kinesis" twice/],
    [['repro', token(['kinesis', 1, 'abc', 1, ''])], /the replay token is damaged \(path "abc" is not a fast-check path/],
    [['repro', token(['kinesis', 1, '0', -3, ''])], /the replay token is damaged \(runs -3 is not a positive integer\)/],
    [['repro', token(['kinesis', 1.5, '0', 1, ''])], /the replay token is damaged \(seed 1.5 is not a 32-bit integer\)/],
    [['repro', token(['kinesis,kda', 1, '0', 1, ''])], /unknown suite "kinesis,kda"/],
    // A mutation renamed since the token was made would replay the honest model and pass.
    [['repro', token(['kinesis', 1, '0', 1, 'nope'])], /the token replays the mutation "nope", which suite kinesis does not have/],
    [['repro', token(['kinesis', 1, '0', 1, 'constructor'])], /the token replays the mutation "constructor", which suite kinesis does not have/],
    [['run', '--mutation', 'toString'], /no suite has a mutation "toString"/],
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
    expect(run.stdout).toContain('\nRules: npx streamcheck rules Q-2\n'); // as the README says, after the replay command
  });

  it('run --json on the reference model: all suites hold, exit 0', async () => {
    const run = await cli('run', '--seed', '7', '--runs', '50', '--json', ...out());
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { suites: Array<{ suite: string }>; violations: unknown[] };
    expect(summary.suites.map((s) => s.suite)).toEqual(['kinesis', 'dynamodb', 'kda', 'firehose']);
    expect(summary.violations).toEqual([]);
  });
});
