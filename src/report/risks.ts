/**
 * Silent-loss risks: outcomes the platform counts as success although the
 * function meant otherwise, so nothing fails and records are lost without a
 * trace. A checker cannot flag them (AWS behaves so), but a report must.
 */

/** A risk seen in a campaign: the scenario class that shows it, its rule, how often, and what it means. */
export interface Risk {
  readonly hitClass: string;
  readonly rule: string;
  readonly cases: number;
  readonly text: string;
}

/** Hit classes that are silent-loss risks, with their rule and meaning. */
const SILENT_LOSS: Readonly<Record<string, { readonly rule: string; readonly meaning: string }>> = {
  'wrong-top-level-key': {
    rule: 'E-6',
    meaning: 'the function returned an object without a batchItemFailures key (e.g. {"failedItems": [...]}); AWS counts it as complete success, so the records it meant to report as failed were checkpointed and silently lost',
  },
};

/** The silent-loss risks among a campaign's hits, in a fixed order. */
export function risksOf(hits: Readonly<Record<string, number>>): Risk[] {
  return Object.entries(SILENT_LOSS)
    .filter(([hitClass]) => (hits[hitClass] ?? 0) > 0)
    .map(([hitClass, { rule, meaning }]) => {
      const cases = hits[hitClass]!;
      return { hitClass, rule, cases, text: `silent-loss risk (${rule}) in ${cases} case(s): ${meaning}.` };
    });
}
