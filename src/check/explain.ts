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

/** The finding as text: a headline and one sentence per step, its times in seconds since `epoch` (the model's runs start at DEFAULT_EPOCH_MS; another implementation's trace, at its first event). */
export function explain(f: Finding, epoch = DEFAULT_EPOCH_MS): string {
  const lines = [`[${f.rule}] ${f.checker}: ${f.summary}`];
  for (const step of f.story) {
    const word = step.kind === 'let' ? 'Let' : step.kind === 'then' ? 'Then' : 'But';
    const when = step.t === undefined ? '' : ` (${formatTime(step.t, epoch)})`;
    lines.push(`  ${word} ${step.what}${when}.`);
  }
  return lines.join('\n');
}
