/**
 * What the reference model does not model, refused rather than ignored.
 *
 * Tumbling windows (H) are modelled, but not a window changed while the
 * mapping runs: AWS accepts an update of TumblingWindowInSeconds, and what
 * it does with the open windows and their state is not recorded. The model
 * would have to invent it, and the checkers would judge against the
 * invention; so such an update is refused, naming the rule.
 *
 * Likewise a Kinesis filter pattern naming a key other than `data`: Kinesis
 * mappings filter on `data` only (AWS's Kinesis filtering guide, I-2), and
 * how AWS treats such a pattern is not recorded. The model would drop every
 * record without a word; it refuses instead.
 */
import type { EsmConfig } from './EsmConfig.ts';
import { sourceKindOf } from './StreamSource.ts';

/** Why the model cannot run (or the checkers judge) a mapping with this configuration, reached from `previous` by an update if given, if it cannot. */
export function outsideModel(config: EsmConfig, previous?: EsmConfig): string | undefined {
  if (previous !== undefined && previous.TumblingWindowInSeconds !== config.TumblingWindowInSeconds) {
    return `an update changes TumblingWindowInSeconds from ${previous.TumblingWindowInSeconds} to ${config.TumblingWindowInSeconds}: streamcheck does not model a tumbling window changed while the mapping runs (H-1); AWS does not say what becomes of the open windows and their state`;
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
