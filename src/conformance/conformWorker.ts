/**
 * The worker thread `streamcheck conform` drives a poller in. A poller that
 * never gives control back (a synchronous endless loop) cannot be stopped
 * from its own thread; from another, the CLI's watchdog can end the worker.
 * The worker loads the module, runs {@link checkPoller}, and posts a message
 * before each case (where the run is), heartbeats whenever its thread is
 * free, and one message with the outcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../run/InputError.ts';
import { checkPoller, type CaseProgress, type PollerVerdict } from './checkPoller.ts';
import { loadPoller } from './loadPoller.ts';
import { describeError } from './preview.ts';
import type { PollerFeatures } from './PollerFeatures.ts';

/** What the CLI asks the worker to run. */
export interface ConformRequest {
  /** The module's path, as the user gave it, and the directory it is relative to. */
  readonly module: string;
  readonly cwd: string;
  readonly seed: number;
  readonly runs: number;
  readonly path?: string;
  /** Features from the command line; when absent, the module's own `features` (or none). */
  readonly features?: PollerFeatures;
}

/** What the worker tells the CLI. */
export type ConformMessage =
  /** The worker has loaded streamcheck and is about to import the poller's module: the watchdog starts. */
  | { readonly type: 'ready' }
  /** The thread came back to its event loop: the poller is not holding it. */
  | { readonly type: 'alive' }
  | { readonly type: 'case'; readonly progress: CaseProgress }
  | { readonly type: 'verdict'; readonly verdict: PollerVerdict; readonly features: PollerFeatures }
  | { readonly type: 'input-error'; readonly message: string }
  /** The poller threw or rejected where nothing awaited it, outside any call the harness made. */
  | { readonly type: 'crash'; readonly message: string }
  /** streamcheck itself failed (a bug to report). */
  | { readonly type: 'internal'; readonly message: string };

async function conform(request: ConformRequest, post: (m: ConformMessage) => void): Promise<void> {
  try {
    post({ type: 'ready' });
    const loaded = await loadPoller(request.module, request.cwd);
    const features = request.features ?? loaded.features ?? {};
    const verdict = await checkPoller(loaded.factory, {
      seed: request.seed, runs: request.runs, features,
      ...(request.path !== undefined ? { path: request.path } : {}),
      onCase: (progress) => post({ type: 'case', progress }),
    });
    post({ type: 'verdict', verdict, features });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    post({ type: 'input-error', message: err.message });
  }
}

/** How often a thread that is not held says so. */
const ALIVE_EVERY_MS = 200;

/** The real setInterval, taken before a case installs the virtual clock's on globalThis. */
const realSetInterval = globalThis.setInterval;

const port = parentPort;
if (port !== null) {
  const post = (m: ConformMessage) => port.postMessage(m);
  // Fires only when the thread returns to its event loop, which the harness does between virtual
  // steps; a poller in a synchronous loop silences it. It times nothing the run reports.
  realSetInterval(() => post({ type: 'alive' }), ALIVE_EVERY_MS).unref();
  const crashed = (how: string) => (err: unknown) => {
    post({ type: 'crash', message: `${how}: ${describeError(err)}` });
    process.exit(1);
  };
  process.on('uncaughtException', crashed('threw where nothing caught it'));
  process.on('unhandledRejection', crashed('left a promise rejection unhandled'));
  void conform(workerData as ConformRequest, post).catch((err: unknown) => {
    post({ type: 'internal', message: describeError(err) });
    process.exit(1);
  });
}
