/**
 * A checker over an index of one trace: the shape of `src/check/Checker.ts`,
 * generic in the index, so the KDA and Firehose suites can have theirs.
 */
import type { Finding } from '../check/Finding.ts';

/** An invariant over traces, read through an index `I`. */
export interface IndexChecker<I> {
  /** Short kebab-case name, e.g. `retry-hint`. */
  readonly name: string;
  /** Rule IDs it enforces. */
  readonly rules: readonly string[];
  /** One sentence: what must hold. */
  readonly invariant: string;
  check(index: I): Finding[];
}

/** At most this many findings per checker and trace: enough to see a pattern. */
export const MAX_FINDINGS = 20;

/** Run checkers over an index. */
export function runCheckers<I>(index: I, checkers: readonly IndexChecker<I>[]): Finding[] {
  return checkers.flatMap((c) => c.check(index).slice(0, MAX_FINDINGS));
}
