/**
 * A finding: one violation of one rule, as structured data. Its text (the
 * "Let ... then ... but ..." story) is rendered separately by
 * `explain.ts`, so reports and tools can use the facts without parsing prose.
 */

/** One step of the story behind a finding. */
export interface StoryStep {
  /** `let` introduces, `then` narrates, `but` states the contradiction. */
  readonly kind: 'let' | 'then' | 'but';
  /** Virtual time of the step, epoch ms (absent for timeless facts). */
  readonly t?: number;
  /** What happened, in words; record names are in `records`. */
  readonly what: string;
}

/** A violation found by a checker. */
export interface Finding {
  /** Checker that found it, e.g. `per-key-order`. */
  readonly checker: string;
  /** Rule ID from the semantics catalogue, e.g. `Q-2`. */
  readonly rule: string;
  /** One line. */
  readonly summary: string;
  /** Records involved, as `shardId:sequenceNumber` (the K-1 eventID). */
  readonly records: readonly string[];
  /** When the violation became visible, epoch ms. */
  readonly at: number;
  readonly story: readonly StoryStep[];
}
