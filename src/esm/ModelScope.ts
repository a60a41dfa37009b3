/**
 * What the reference model does not model yet, refused rather than ignored.
 *
 * AWS accepts tumbling windows (H, TumblingWindowInSeconds > 0), and the
 * model validates the parameter as AWS does; but it does not simulate them,
 * and the checkers do not know their rules (window state, final
 * invocations). A mapping with a window would be simulated, or a foreign
 * trace judged, as if it had none: a result about another mapping, given
 * silently. So streamcheck refuses such a mapping, naming the rules it lacks.
 */
import type { EsmConfig } from './EsmConfig.ts';

/** Why the model cannot run (or the checkers judge) a mapping with this configuration, if it cannot. */
export function outsideModel(config: EsmConfig): string | undefined {
  if (config.TumblingWindowInSeconds > 0) {
    return `TumblingWindowInSeconds ${config.TumblingWindowInSeconds}: streamcheck does not model tumbling windows (H-1..H-10) yet; use 0`;
  }
  return undefined;
}
