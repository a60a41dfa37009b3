/**
 * The scenario library and the scenario command: every scenario passes, a
 * wrong expectation fails with a readable diff, invalid files are rejected
 * with exit 2 and a pointer, and a violation found by `run` becomes a
 * permanent regression scenario (run -> token -> repro -> --save -> scenario).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../src/scenario/loadScenario.ts';
import { runScenarios } from '../src/scenario/runScenario.ts';
import { formatScenarioResult } from '../src/scenario/formatScenario.ts';
import schema from '../src/scenario/scenario.schema.json' with { type: 'json' };
import { MUTATION_NAMES } from '../src/esm/Mutation.ts';
import { cli, ROOT } from './cli.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'streamcheck-scenarios-'));
const library = (name: string) => JSON.parse(readFileSync(join(ROOT, 'scenarios', name), 'utf8')) as Record<string, any>;

describe('scenario library', () => {
  it('every scenario in scenarios/ passes', async () => {
    const { scenarios, invalid } = loadScenarios([join(ROOT, 'scenarios')]);
    expect(invalid).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(50);
    const failed = (await runScenarios(scenarios)).filter((r) => r.status !== 'passed');
    expect(failed.map(formatScenarioResult).join('\n\n')).toBe('');
  });

  it('names every file after a rule it covers', () => {
    const { scenarios } = loadScenarios([join(ROOT, 'scenarios')]);
    for (const { file, scenario } of scenarios) {
      const id = /([A-Q]-\d+)-[^/]*\.json$/.exec(file)?.[1];
      expect(scenario.rules, file).toContain(id);
    }
  });

  it('covers each AWS-recorded outcome of the catalogue', () => {
    const { scenarios } = loadScenarios([join(ROOT, 'scenarios')]);
    const rules = new Set(scenarios.flatMap((s) => s.scenario.rules));
    for (const id of ['B-6', 'D-3', 'D-6', 'D-7', 'E-4', 'E-5', 'E-6', 'E-7', 'F-1', 'F-2', 'F-3', 'F-4', 'F-5', 'D-8', 'D-9', 'G-2', 'B-3', 'B-4', 'B-8', 'C-1', 'A-1', 'A-4']) expect(rules, id).toContain(id);
    for (const id of ['J-4', 'C-2', 'C-3', 'A-18', 'A-20', 'K-2', 'B-2', 'J-2']) expect(rules, id).toContain(id); // issue 6
    const d3 = scenarios.filter((s) => s.file.includes('D-3-')).map((s) => s.scenario.expect.onFailure?.[0]);
    expect(d3).toEqual(expect.arrayContaining([1, 2, 3].map((mra) => expect.objectContaining({ requestContext: expect.objectContaining({ approximateInvokeCount: mra + 1 }) }))));
  });

  it('lists exactly the model mutations in the schema', () => {
    expect([...schema.$defs.options.properties.mutation.enum].sort()).toEqual([...MUTATION_NAMES].sort());
  });
});

describe('streamcheck scenario', () => {
  it('fails a copy with a wrong expectation and shows a readable diff', async () => {
    const dir = tmp();
    const s = library('D-7-expire-while-retrying.json');
    s.expect.onFailure[0].requestContext.approximateInvokeCount = 7;
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify(s));
    const out = await cli('scenario', join(dir, 'wrong.json'), '--out', dir);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/FAIL .*wrong\.json/);
    expect(out.stdout).toMatch(/onFailure\[0\]\.requestContext\.approximateInvokeCount\s+expected 7\n\s+actual\s+8/);
    expect(out.stdout).toContain('What happened:');
  });

  it('shows invocation and checkpoint differences by record name', async () => {
    const dir = tmp();
    const s = library('E-7-partial-failures-count-toward-retries.json');
    s.expect.checkpoints['shardId-000000000000'] = 'r4';
    s.expect.invocations = { batches: [['r0', 'r1']] , match: 'prefix' };
    writeFileSync(join(dir, 'e7.json'), JSON.stringify(s));
    const out = await cli('scenario', join(dir, 'e7.json'), '--out', dir);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/invocations #1\s+expected \[r0, r1\]\n\s+actual\s+\[r0, r1, r2\]/);
    expect(out.stdout).toMatch(/checkpoints\.shardId-000000000000\s+expected r4\n\s+actual\s+r5/);
  });

  it("holds a shard's largest IteratorAge (J-5) to its range, and names the shards a mistyped one is not", async () => {
    const dir = tmp();
    const s = library('P-1-poison-pill-blocks-until-retention.json');
    s.expect.maxIteratorAge = { 'shardId-000000000000': { max: 3_600_000 }, 'shardId-00000000000': 5 };
    writeFileSync(join(dir, 'p1.json'), JSON.stringify(s));
    const out = await cli('scenario', join(dir, 'p1.json'), '--out', dir);
    expect(out.code).toBe(1);
    // r0 fails for a day: its last attempt ends within a minute of the 24 h retention, far past an hour.
    expect(out.stdout).toMatch(/maxIteratorAge\.shardId-000000000000\s+expected at most 3600000 ms\n\s+actual\s+(\d+) ms/);
    expect(Number(/actual\s+(\d+) ms/.exec(out.stdout)![1])).toBeGreaterThan(86_340_000);
    expect(out.stdout).toMatch(/maxIteratorAge\.shardId-00000000000\s+expected 5 ms\n\s+actual\s+no invocation of shardId-00000000000 ended; shards with one: shardId-000000000000/);
  });

  it("holds a windowed invocation to the state it was given and whether it was final (H-3, H-6)", async () => {
    const dir = tmp();
    const s = library('H-6-split-closes-parent-window.json');
    s.expect.invocations.batches[1].state = { records: 1 }; // as written: the same JSON value
    s.expect.invocations.batches[3].state = { records: 2 }; // the child carrying on the parent's state
    s.expect.invocations.batches[4].final = false;
    writeFileSync(join(dir, 'h6.json'), JSON.stringify(s));
    const out = await cli('scenario', join(dir, 'h6.json'), '--out', dir);
    expect(out.code).toBe(1);
    expect(out.stdout).not.toContain('invocations #2');
    expect(out.stdout).toMatch(/invocations #4\s+expected \[r2\] on shardId-000000000002 at 3000 ms state \{"records":2\} not final -> return\n\s+actual\s+\[r2\] on shardId-000000000002 at 3000 ms state \{\} not final -> return/);
    expect(out.stdout).toMatch(/invocations #5\s+expected \[\] on shardId-000000000002 at 60000 ms state \{"records":1\} not final -> return\n\s+actual\s+\[\] on shardId-000000000002 at 60000 ms state \{"records":1\} final -> return/);
  });

  it('holds each S3 object key to its pattern (F-5): the second, the shard, a UUID for $uuid, the count', async () => {
    const dir = tmp();
    const pinned = library('F-5-s3-destination-carries-payload.json').expect.s3Keys[0] as string;
    const copies: Record<string, string[]> = {
      'a-second.json': [pinned.replace('T00.00.01', 'T00.00.02')],
      'b-shard.json': [pinned.replace('shardId-000000000000', 'shardId-000000000001')],
      'c-not-a-uuid.json': [pinned.replace(/\$uuid$/, 'ec75a2cf')],
      'd-two-keys.json': [pinned, pinned],
    };
    for (const [name, keys] of Object.entries(copies)) {
      const s = library('F-5-s3-destination-carries-payload.json');
      s.expect.s3Keys = keys;
      writeFileSync(join(dir, name), JSON.stringify(s));
    }
    const out = await cli('scenario', dir, '--out', dir);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/scenarios: 4 run, 0 passed, 4 failed/);
    const actual = /actual +(aws\/lambda\/\S+)/.exec(out.stdout)?.[1] ?? '';
    expect(actual).toMatch(/^aws\/lambda\/[0-9a-f-]{36}\/shardId-000000000000\/2026\/01\/01\/2026-01-01T00\.00\.01-[0-9a-f-]{36}$/);
    expect(out.stdout).toMatch(/a-second\.json[\s\S]*s3Keys\[0\]\s+expected .*T00\.00\.02-\$uuid\n/);
    expect(out.stdout).toMatch(/d-two-keys\.json[\s\S]*s3Keys\[1\]\s+expected aws\/lambda\/\$uuid\/[^\n]*\n\s+actual\s+nothing/);
    expect(out.stdout.match(/s3Keys\[0\]/g)).toHaveLength(3);
  });

  const invalid: Array<[string, (s: Record<string, any>) => unknown, RegExp]> = [
    ['wrong type', (s) => { s.case.workload.stream.shards = 'two'; return s; }, /at \/case\/workload\/stream\/shards: must be integer/],
    ['unknown field', (s) => { s.expect.invocation = s.expect.invocations; return s; }, /at \/expect: unknown property "invocation"/],
    ['unknown field in a put', (s) => { s.case.workload.puts[0].colour = 'red'; return s; }, /at \/case\/workload\/puts\/0: unknown property "colour"/],
    ['unknown record name', (s) => { s.expect.deliveries = { nope: 1 }; return s; }, /at \/expect\/deliveries\/0: no put is named "nope"/],
    // A misspelt rule never fires, and the scenario would test nothing.
    ['a function rule naming no put', (s) => { s.case.function.behaviour.rules[0].match.rids = ['r9']; return s; }, /at \/case\/function\/behaviour\/rules\/0\/match\/rids\/0: no put is named "r9"/],
    ['a put with both data and size', (s) => { s.case.workload.puts[0].data = 'x'; s.case.workload.puts[0].size = 3; return s; }, /at \/case\/workload\/puts\/0: must not have "data" and "size" together/],
    ['two puts of one name', (s) => { s.case.workload.puts[1].rid = 'poison'; return s; }, /at \/case\/workload\/puts\/1: the name "poison" is already taken by an earlier record/],
    ['out-of-range config', (s) => { s.case.mapping.BatchSize = 0; return s; }, /ValidationException: 1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1/],
    ['record age below 60', (s) => { s.case.mapping.MaximumRecordAgeInSeconds = 30; return s; }, /InvalidParameterValueException: MaximumRecordAgeInSeconds must be either -1/],
  ];
  for (const [what, edit, message] of invalid) {
    it(`rejects a scenario with ${what}: exit 2 and the reason`, async () => {
      const dir = tmp();
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(edit(library('D-3-retries-exhausted-mra1.json'))));
      const out = await cli('scenario', file, '--out', dir);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(file);
      expect(out.stderr).toMatch(message);
      expect(out.stderr).not.toMatch(/"else" schema/); // the summary of a branch whose own errors are listed
      expect(out.stdout).not.toMatch(/^PASS/m);
    });
  }

  it('rejects a file that is not JSON with a parse error', async () => {
    const dir = tmp();
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"name": "x",');
    const out = await cli('scenario', file, '--out', dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON: `));
  });

  it('refuses a directory without scenario files: a mistyped path must not pass', async () => {
    const dir = tmp();
    const out = await cli('scenario', dir, '--out', dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`streamcheck: no scenario files (*.json) in ${dir}\n`);
  });

  it("takes a DynamoDB model's mutation, and says which scenarios' model lacks it", async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a-ddb.json'), JSON.stringify(library('J-2-ddb-drops-remove-mutation.json')));
    writeFileSync(join(dir, 'b-kinesis.json'), JSON.stringify(library('D-3-retries-exhausted-mra1.json')));
    const out = await cli('scenario', dir, '--mutation', 'ddb-drops-remove', '--out', dir);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/PASS .*a-ddb\.json/);
    expect(out.stderr).toMatch(/b-kinesis\.json: --mutation ddb-drops-remove is not a mutation of the kinesis model, which this scenario runs/);
  });

  it('still runs the valid files beside an invalid one, and exits 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a-bad.json'), '[]');
    writeFileSync(join(dir, 'b-good.json'), JSON.stringify(library('E-6-wrong-top-level-key-is-silent-loss.json')));
    const out = await cli('scenario', dir, '--out', dir);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/PASS .*b-good\.json/);
    expect(out.stderr).toMatch(/a-bad\.json: invalid scenario:\n\s+at \/: must be object/);
    expect(out.stdout).toContain('scenarios: 1 run, 1 passed, 0 failed, 1 invalid\n'); // the invalid file never ran
  });
});

describe('violation -> token -> repro -> --save -> scenario', () => {
  it('turns a violation found under a mutation into a regression scenario', async () => {
    const dir = tmp();
    const ledger = join(dir, 'ledger.json');
    const found = await cli('run', '--suite', 'kinesis', '--seed', '5', '--runs', '300', '--mutation', 'lane-leak', '--json', '--out', dir, '--ledger', ledger);
    expect(found.code).toBe(1);
    const violation = JSON.parse(found.stdout).violations[0];
    const token = /repro (sc1\.\S+)/.exec(violation.replay)![1]!;

    const file = join(dir, 'regression.json');
    const repro = await cli('repro', token, '--json', '--save', file);
    expect(repro.code).toBe(1);
    const replayed = JSON.parse(repro.stdout).violations[0];
    expect(replayed.counterexample).toEqual(violation.counterexample);
    expect(replayed.findings).toEqual(violation.findings);

    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.case.options.mutation).toBe('lane-leak');
    expect(saved.case.workload).toEqual(violation.counterexample.workload);
    expect(saved.expect.findings).toEqual([{ checker: 'per-key-order', rule: 'Q-2' }]);
    // Its $schema leads from where it was saved to the package's schema (not to ../src, which only the repository has).
    expect(resolve(dir, saved.$schema)).toBe(join(ROOT, 'dist/scenario/scenario.schema.json'));
    expect(existsSync(resolve(dir, saved.$schema))).toBe(true);

    const under = await cli('scenario', file, '--out', dir);
    expect(under.code).toBe(0);
    expect(under.stdout).toMatch(/PASS .*regression\.json.*mutation lane-leak/);

    const reference = await cli('scenario', file, '--mutation', 'none', '--out', dir);
    expect(reference.code).toBe(1);
    expect(reference.stdout).toMatch(/findings\s+expected per-key-order \(Q-2\)\n\s+actual\s+no findings: every checker holds/);

    delete saved.case.options.mutation;
    writeFileSync(file, JSON.stringify(saved));
    const edited = await cli('scenario', file, '--out', dir);
    expect(edited.code).toBe(1);
  });
});
