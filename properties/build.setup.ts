/**
 * Vitest global setup: bring the build in dist/ up to date before any test
 * runs, since the CLI tests run the built CLI as a user does. tsc builds
 * incrementally, so an unchanged tree costs about two seconds; a test run
 * started with `npx vitest` after an edit then never judges a stale build.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const root = fileURLToPath(new URL('..', import.meta.url));
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the build failed (tsc -p tsconfig.build.json):\n${build.stdout}${build.stderr}`);
}
