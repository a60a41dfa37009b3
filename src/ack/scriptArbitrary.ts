/**
 * Generator of scripted ack functions (fast-check): a few rules over the
 * workload's records, each usually failing for a bounded number of
 * deliveries (so the run can finish), rarely forever (back-pressure).
 */
import fc from 'fast-check';
import type { AckAction, AckRule, AckScript } from './AckScript.ts';

/** Tuning of {@link ackScriptArbitrary}. */
export interface ScriptArbitraryOptions {
  /** Actions to draw from. */
  readonly actions: readonly AckAction[];
  /** Relative weight of a rule that never stops (vs. 10 for bounded ones). */
  readonly foreverWeight: number;
  /** Upper bound of a bounded rule's `times`. */
  readonly maxTimes: number;
  /** Function timeout, ms: run times stay below it unless the script says `timeout`. */
  readonly timeoutMs: number;
}

/** Scripts acting on records named `rids`. */
export function ackScriptArbitrary(rids: readonly string[], o: ScriptArbitraryOptions): fc.Arbitrary<AckScript> {
  const rule: fc.Arbitrary<AckRule> = fc.record({
    match: fc.oneof(
      { weight: 9, arbitrary: fc.subarray([...rids], { minLength: 1, maxLength: Math.min(3, rids.length) }).map((r) => ({ rids: r })) },
      { weight: 1, arbitrary: fc.constant({ all: true }) },
    ),
    action: fc.constantFrom(...o.actions),
    times: fc.oneof(
      { weight: 10, arbitrary: fc.integer({ min: 1, max: o.maxTimes }) },
      { weight: o.foreverWeight, arbitrary: fc.constant(undefined) },
    ),
  }).map(({ times, ...r }) => (times === undefined ? r : { ...r, times }));
  return fc.record({
    baseMs: fc.integer({ min: 1, max: Math.min(200, o.timeoutMs - 100) }),
    perRecordMs: fc.integer({ min: 0, max: 2 }),
    rules: fc.array(rule, { maxLength: rids.length === 0 ? 0 : 3 }),
  });
}
