#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx's loader, so the package needs no build step,
// in a Node process with the CLI's V8 flags (src/cli/nodeFlags.js); they can only be set at start,
// so without them it starts that process, before loading the loader, and passes on its exit code.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS, setsYoungGeneration } from '../src/cli/nodeFlags.js';

if (setsYoungGeneration(process.execArgv, process.env.NODE_OPTIONS)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else {
  const child = spawnSync(process.execPath, [...NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error) {
    process.stderr.write(`streamcheck: could not start Node with ${NODE_FLAGS.join(' ')}: ${child.error.message}\n`);
    process.exit(2);
  }
  if (child.signal) process.kill(process.pid, child.signal); // ended by a signal: end the same way
  process.exit(child.status ?? 1);
}
