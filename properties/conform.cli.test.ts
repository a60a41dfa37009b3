/**
 * `streamcheck conform MODULE`, run as a user runs it: the worked poller
 * holds; the same poller with a bug is caught, shrunk and replayed from the
 * printed command; a poller that throws, crashes or never gives control back
 * ends the run with a sentence and exit 2, never a stack or a hang; a module
 * that cannot be loaded is bad input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './cli.ts';

const EXAMPLE = 'dist/conformance/examples/simplePoller.js';
const dir = mkdtempSync(join(tmpdir(), 'streamcheck-conform-'));
const exampleUrl = pathToFileURL(join(ROOT, EXAMPLE)).href;

/** A poller module in a scratch directory; returns its path. */
function pollerModule(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The arguments of a printed replay command. */
const replayArgs = (replay: string) => replay.replace(/^npx streamcheck /, '').split(' ').map((w) => w.replace(/^'(.*)'$/, '$1'));

describe('streamcheck conform', () => {
  it('the worked in-house poller holds: exit 0 and one line', async () => {
    const run = await cli('conform', EXAMPLE, '--seed', '11', '--runs', '20', '--out', join(dir, 'reports'));
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe(`conform ${EXAMPLE}: 20 case(s) (seed 11, features partial-responses,resharding,throttling,restarts,filtering,tumbling-windows,updates), all checkers hold`);
    expect(run.code).toBe(0);
  });

  it('catches the poller that checkpoints past a failed batch, shrinks it, and the printed command replays it', async () => {
    const buggy = pollerModule('skip-failed.mjs', `import { simplePoller } from '${exampleUrl}';\nexport default () => simplePoller('skip-failed');\n`);
    const text = await cli('conform', buggy, '--seed', '11', '--out', join(dir, 'reports'));
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^VIOLATION: the checkers found \d+ violation\(s\) in the trace of the poller under test\n/);
    expect(text.stdout).toContain('[B-8] checkpoint: the checkpoint of shardId-');
    expect(text.stdout).toContain('\nShrunk counterexample:\n');
    const replay = /\nReplay: (npx streamcheck conform .*)\n/.exec(text.stdout)![1]!;
    const first = JSON.parse((await cli('conform', buggy, '--seed', '11', '--json', '--out', join(dir, 'reports'))).stdout);
    const again = await cli(...replayArgs(replay), '--json', '--out', join(dir, 'reports'));
    expect(again.code).toBe(1);
    const replayed = JSON.parse(again.stdout);
    expect(replayed.outcome).toBe('violation');
    expect(replayed.counterexample).toEqual(first.counterexample);
    expect(replayed.findings.map((f: { rule: string }) => f.rule)).toEqual(first.findings.map((f: { rule: string }) => f.rule));
  });

  it('a poller that throws gets its fault in a sentence, on stdout with the case and on stderr, and exit 2', async () => {
    const throws = pollerModule('throws.mjs', "export default () => ({ start() { throw new TypeError('no credentials'); } });\n");
    const run = await cli('conform', throws, '--runs', '5', '--out', join(dir, 'reports'));
    expect(run.code).toBe(2);
    expect(run.stdout.split('\n')[0]).toBe('FAULT: the poller under test threw from start(): TypeError: no credentials');
    expect(run.stdout).toMatch(/\nReplay: npx streamcheck conform \S+throws\.mjs --seed 1 --path [\d:]+\n/);
    expect(run.stderr).toBe('streamcheck: the poller under test threw from start(): TypeError: no credentials\n');
  });

  it('a poller that never gives control back is ended by the watchdog, and the printed command finds the same case', async () => {
    // It loops in every case whose BatchSize is a multiple of 3, so the hang belongs to a case, not to a count of calls.
    const loops = pollerModule('loops.mjs', `import { simplePoller } from '${exampleUrl}';
export default () => {
  const poller = simplePoller();
  return { start(ctx) { if (ctx.config.BatchSize % 3 === 0) for (;;) {} return poller.start(ctx); }, stop: () => poller.stop() };
};
`);
    const run = await cli('conform', loops, '--hang-after', '1', '--out', join(dir, 'reports'));
    expect(run.code).toBe(2);
    // The honest poller fails no case, so the first hang comes while cases are generated.
    const found = /^HANG: the poller under test kept its thread for 1 s of real time without giving control back, in case (\d+) \(a synchronous endless loop\?\)\n/.exec(run.stdout);
    expect(found, run.stdout).not.toBeNull();
    const replay = /\nReplay: (npx streamcheck conform .*)\n/.exec(run.stdout)![1]!;
    expect(replay).toMatch(new RegExp(` --seed 1 --path ${found![1]} --hang-after 1$`));
    const again = await cli(...replayArgs(replay), '--out', join(dir, 'reports'));
    expect(again.code).toBe(2);
    expect(again.stdout).toMatch(new RegExp(`^HANG: .*, in the case of --path ${found![1]} \\(a synchronous endless loop\\?\\)\n`));
  });

  it('a poller that leaves a rejection unhandled, or exits its thread, crashes the run: exit 2 with the case it was in', async () => {
    const rejects = pollerModule('rejects.mjs', "export default () => ({ start() { void Promise.reject(new Error('boom')); } });\n");
    const run = await cli('conform', rejects, '--out', join(dir, 'reports'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('streamcheck: the poller under test left a promise rejection unhandled: Error: boom, in case 0\n');
    const exits = pollerModule('exits.mjs', 'export default () => ({ start() { process.exit(3); } });\n');
    const exited = await cli('conform', exits, '--out', join(dir, 'reports'));
    expect(exited.code).toBe(2);
    expect(exited.stderr).toBe('streamcheck: the poller under test ended the worker thread (exit code 3), in case 0\n');
  });

  it("keeps stdout for the verdict: what the poller prints goes to stderr, and --json stays JSON", async () => {
    const chatty = pollerModule('chatty.mjs', `import { simplePoller } from '${exampleUrl}';\nexport default () => { console.log('polling'); return simplePoller(); };\n`);
    const run = await cli('conform', chatty, '--runs', '3', '--json', '--out', join(dir, 'reports'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ module: chatty, seed: 1, runs: 3, features: 'none', outcome: 'holds', findings: [] });
    expect(run.stderr).toContain('polling\n');
  });

  it.each([
    ['no module', [], /^streamcheck: usage: streamcheck conform MODULE\.js/],
    ['a module that is not there', ['nowhere.mjs'], /^streamcheck: cannot find the poller module nowhere\.mjs\n$/],
    // An enum: Node 20 loads no TypeScript, and later Node, which strips types, cannot strip it.
    ['a TypeScript module', [pollerModule('poller.ts', 'enum Mode { Poll }\nexport default () => ({ start() { return Mode.Poll; } });\n')], /^streamcheck: cannot load the poller module \S+poller\.ts: .*\(compile it to JavaScript first, or run Node with a loader for it\)\n$/],
    ['an unknown feature', [EXAMPLE, '--features', 'bisect,windows'], /^streamcheck: --features: unknown feature "windows"/],
    ['a hang allowance of 0', [EXAMPLE, '--hang-after', '0'], /^streamcheck: --hang-after must be from 1 to 86400, got 0\n$/],
  ])('refuses %s as bad input: exit 2, one line', async (_what, args, message) => {
    const run = await cli('conform', ...args, '--out', join(dir, 'reports'));
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
  });
});
