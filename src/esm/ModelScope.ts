/**
 * What the reference model does not model, refused rather than ignored.
 *
 * AWS accepts tumbling windows (H, TumblingWindowInSeconds > 0), and the
 * model validates the parameter as AWS does; but it does not simulate them,
 * and the checkers do not know their rules (window state, final
 * invocations). A mapping with a window would be simulated, or a foreign
 * trace judged, as if it had none: a result about another mapping, given
 * silently. So streamcheck refuses such a mapping, naming the rules it lacks.
 *
 * Likewise a Kinesis filter pattern naming a key other than `data`: Kinesis
 * mappings filter on `data` only (AWS's Kinesis filtering guide, I-2), and
 * how AWS treats such a pattern is not recorded. The model would drop every
 * record without a word; it refuses instead.
 */
import type { EsmConfig } from './EsmConfig.ts';
import { sourceKindOf } from './StreamSource.ts';

/** Why the model cannot run (or the checkers judge) a mapping with this configuration, if it cannot. */
export function outsideModel(config: EsmConfig): string | undefined {
  if (config.TumblingWindowInSeconds > 0) {
    return `TumblingWindowInSeconds ${config.TumblingWindowInSeconds}: streamcheck does not model tumbling windows (H-1..H-10) yet; use 0`;
  }
  if (sourceKindOf(config.EventSourceArn) === 'kinesis') return metadataPattern(config);
  return undefined;
}

/** A Kinesis filter pattern naming a top-level key other than `data`, if any. */
function metadataPattern(config: EsmConfig): string | undefined {
  const filters = config.FilterCriteria?.Filters ?? [];
  for (let i = 0; i < filters.length; i++) {
    const key = Object.keys(JSON.parse(filters[i]!.Pattern ?? '{}') as object).find((k) => k !== 'data');
    if (key !== undefined) {
      return `FilterCriteria filter ${i + 1} names "${key}": streamcheck models Kinesis filtering on data only (I-2; AWS's Kinesis filtering guide), and such a pattern would drop every record`;
    }
  }
  return undefined;
}
