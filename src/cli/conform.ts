/**
 * `streamcheck conform MODULE`: generated cases driven through the poller a
 * JavaScript module exports, judged by every checker (see
 * docs/trace-format.md, "Driving a poller"). The poller runs in a worker
 * thread, so that one that never gives control back is ended by a watchdog
 * and reported, rather than hanging the command.
 *
 * Exit codes: 0 the poller holds; 1 a checker's finding (shrunk, with its
 * replay command); 2 bad usage, a module that does not load, or a poller
 * that broke the harness's contract (threw, answered garbage, stalled, hung).
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../run/InputError.ts';
import { buildReport } from '../report/Report.ts';
import { writeReport } from '../report/writeReport.ts';
import type { CaseProgress } from '../conformance/checkPoller.ts';
import type { ConformMessage, ConformRequest } from '../conformance/conformWorker.ts';
import { parseFeatures } from '../conformance/PollerFeatures.ts';
import { conformJson, conformLines, conformSection, type ConformOutcome, type ConformRun } from './formatConform.ts';
import { commandLine, integer, outDir, replayPath, type Values } from './options.ts';
import { Watchdog } from './Watchdog.ts';

/** Real seconds a poller may keep its thread before the run is ended as hung (`--hang-after`). */
export const DEFAULT_HANG_AFTER_S = 60;

/** Run the command; returns the exit code. */
export async function conform(values: Values, positionals: readonly string[], argv: readonly string[]): Promise<number> {
  if (positionals.length !== 1) throw new InputError('usage: streamcheck conform MODULE.js [--seed N] [--runs K] [--features LIST] [--path P] [--hang-after S] [--json] [--out DIR]');
  const features = typeof values['features'] === 'string' ? parseFeatures(values['features']) : undefined;
  const path = replayPath(values);
  const out = outDir(values);
  const request: ConformRequest = {
    module: positionals[0]!, cwd: process.cwd(), seed: integer(values, 'seed', 1), runs: integer(values, 'runs', 100),
    ...(path !== undefined ? { path } : {}), ...(features ? { features } : {}),
  };
  const hangAfterS = integer(values, 'hang-after', DEFAULT_HANG_AFTER_S);
  const outcome = await drive(request, hangAfterS);
  const run: ConformRun = { request, outcome, hangAfterS };
  const files = writeReport(buildReport({ name: 'conform', command: commandLine(argv), cases: casesOf(outcome, request.runs), counterexamples: conformSection(run) }), out);
  if (values['json']) process.stdout.write(JSON.stringify({ ...conformJson(run), report: files.json }, null, 2) + '\n');
  else process.stdout.write(`${conformLines(run)}\nreport: ${files.html}\n`);
  if (outcome.kind === 'holds') return 0;
  if (outcome.kind === 'violation') return 1;
  process.stderr.write(`streamcheck: ${outcome.message}\n`);
  return 2;
}

/** Cases judged: all asked for when the poller held; up to the failing one (shrinking aside) otherwise. */
function casesOf(outcome: ConformOutcome, runs: number): number {
  if (outcome.kind === 'holds') return runs;
  const at = outcome.progress?.failedAt ?? outcome.progress?.index;
  return at === undefined ? 0 : Math.min(runs, at + 1);
}

/** Run the request in a worker; end it if it keeps its thread for `hangAfterS` real seconds between heartbeats. */
function drive(request: ConformRequest, hangAfterS: number): Promise<ConformOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: request, stdout: true, stderr: true });
    // What the poller prints goes to stderr, so that stdout stays the verdict (and --json stays JSON).
    worker.stdout.pipe(process.stderr);
    worker.stderr.pipe(process.stderr);
    let progress: CaseProgress | undefined;
    let settled = false;
    const settle = (outcome: ConformOutcome | Error) => {
      if (settled) return;
      settled = true;
      watchdog.stop();
      void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const crash = (what: string): ConformOutcome => ({ kind: 'crash', message: `the poller under test ${what}${during(progress, request.path)}`, ...(progress ? { progress } : {}) });
    const watchdog = new Watchdog(hangAfterS * 1000, () => settle(hung(hangAfterS, progress, request.path)));
    worker.on('message', (m: ConformMessage) => {
      if (settled) return; // queued before the end: a beat now would keep the process alive for nothing
      if (m.type === 'ready' || m.type === 'alive') watchdog.beat();
      else if (m.type === 'case') {
        progress = m.progress;
        watchdog.beat();
      } else if (m.type === 'verdict') settle(verdictOutcome(m, progress));
      else if (m.type === 'crash') settle(crash(m.message));
      else if (m.type === 'input-error') settle(new InputError(m.message));
      else settle(new Error(m.message));
    });
    worker.on('error', (err: NodeJS.ErrnoException) => settle(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? crash('ran the worker thread out of memory') : err));
    worker.on('exit', (code) => settle(crash(`ended the worker thread (exit code ${code})`)));
  });
}

/** The worker's module, beside this one's build (its .js in dist/, its .ts when the CLI runs from the sources through a loader). */
const WORKER = new URL(`../conformance/conformWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

function verdictOutcome(m: Extract<ConformMessage, { type: 'verdict' }>, progress: CaseProgress | undefined): ConformOutcome {
  const { verdict, features } = m;
  const at = progress ? { progress } : {};
  if (verdict.ok || !verdict.failure) return { kind: 'holds', features, ...at };
  const { failure } = verdict;
  if (failure.fault !== undefined) return { kind: 'fault', features, failure, message: failure.fault, ...at };
  return { kind: 'violation', features, failure, message: `the checkers found ${failure.findings.length} violation(s) in the trace of the poller under test`, ...at };
}

function hung(seconds: number, progress: CaseProgress | undefined, path: string | undefined): ConformOutcome {
  const where = progress === undefined ? ' while its module was loading' : during(progress, path);
  return { kind: 'hang', message: `the poller under test kept its thread for ${seconds} s of real time without giving control back${where} (a synchronous endless loop?)`, ...(progress ? { progress } : {}) };
}

/** Which case a run was in, as words: by its run number, or as the case --path names. */
function during(progress: CaseProgress | undefined, path: string | undefined): string {
  if (progress === undefined) return '';
  const at = (index: number) => (path !== undefined ? `the case of --path ${path}` : `case ${index}`);
  return progress.failedAt === undefined ? `, in ${at(progress.index)}` : `, while shrinking the failure of ${at(progress.failedAt)}`;
}
