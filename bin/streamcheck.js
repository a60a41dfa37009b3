#!/usr/bin/env node
// Launcher: runs the CLI compiled to dist/ (`npm run build`, which `npm install` runs through
// `prepare`), in a Node process with the CLI's V8 flags (src/cli/nodeFlags.js); they can only be
// set at start, so without them it starts that process and passes on its exit code.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('streamcheck: the CLI is not built (no dist/cli/main.js): run `npm install` or `npm run build` in the package first\n');
  process.exit(2);
}
const { NODE_FLAGS, setsYoungGeneration } = await import('../dist/cli/nodeFlags.js');

if (setsYoungGeneration(process.execArgv, process.env.NODE_OPTIONS)) {
  await import(built.href);
} else {
  const child = spawnSync(process.execPath, [...NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error) {
    process.stderr.write(`streamcheck: could not start Node with ${NODE_FLAGS.join(' ')}: ${child.error.message}\n`);
    process.exit(2);
  }
  if (child.signal) process.kill(process.pid, child.signal); // ended by a signal: end the same way
  process.exit(child.status ?? 1);
}
