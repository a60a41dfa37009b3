/**
 * Render a finding as a story a person can follow (after Jepsen's Elle):
 * "Let ... Then ... But ...".
 */
import { DEFAULT_EPOCH_MS } from '../sim/Clock.ts';
import type { Finding } from './Finding.ts';

/** Virtual time as seconds since the run's epoch, e.g. `t=12.345s`. */
export function formatTime(t: number, epoch = DEFAULT_EPOCH_MS): string {
  return `t=${((t - epoch) / 1000).toFixed(3)}s`;
}

/** How `explain` renders a finding. */
export interface ExplainOptions {
  /** Times are printed in seconds since this virtual time, ms (default DEFAULT_EPOCH_MS, where the model's runs start; for another implementation's trace, its first event's). */
  readonly epoch?: number | undefined;
}

/**
 * The finding as text: a headline and one sentence per step, with its times.
 * (Options are an object so that `findings.map(explain)` cannot pass the
 * element's index as the epoch: the compiler refuses it.)
 */
export function explain(f: Finding, options: ExplainOptions = {}): string {
  const epoch = options.epoch ?? DEFAULT_EPOCH_MS;
  const lines = [`[${f.rule}] ${f.checker}: ${f.summary}`];
  for (const step of f.story) {
    const word = step.kind === 'let' ? 'Let' : step.kind === 'then' ? 'Then' : 'But';
    const when = step.t === undefined ? '' : ` (${formatTime(step.t, epoch)})`;
    lines.push(`  ${word} ${step.what}${when}.`);
  }
  return lines.join('\n');
}
