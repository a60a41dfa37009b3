/**
 * The README's library example, run as written: once through the sources
 * (with the checks a test can make on its result), and once as its text, in a
 * plain Node process with no TypeScript loader, importing the package by its
 * name as a user's project does (Node resolves a package's own name to its
 * `exports`, that is to the build in dist/).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTrace, explain, simulateKinesis } from '../src/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The code block under the README's "As a library" heading. */
function libraryExample(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### As a library'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README has no ts block under "As a library"');
  return block[1]!;
}

describe('README library example', () => {
  it('simulates a case with a real handler and finds nothing wrong', async () => {
    const { trace, config } = await simulateKinesis(
      {
        workload: { stream: { shards: 2 }, puts: [{ at: 0, partitionKey: 'a', data: '{"n":1}' }] },
        mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 2, BisectBatchOnFunctionError: true },
        function: { behaviour: {}, timeoutSeconds: 3 },
      },
      { seed: '1', handler: async () => ({ batchItemFailures: [] }) },
    );
    expect(trace.filter((e) => e.type === 'invoke')).toHaveLength(1);
    expect(checkTrace(trace, config).map((f) => explain(f))).toEqual([]);
  });

  it('runs as written in plain Node, importing the built package by its name', () => {
    const code = libraryExample();
    expect(code).toContain("from 'streamcheck'");
    // It prints each finding; one more line proves that it ran to its end.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `${code}\nconsole.log('example ran');`], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('example ran\n');
    expect(run.status).toBe(0);
  });
});
