/**
 * A checker: a pure function of a run's trace (and the configuration the
 * trace was produced under) to findings. The reference model is checked by
 * exactly these, as any other implementation is.
 */
import type { Finding } from './Finding.ts';
import type { TraceIndex } from './TraceIndex.ts';

/** An invariant over traces. */
export interface Checker {
  /** Short kebab-case name, e.g. `per-key-order`. */
  readonly name: string;
  /** Rule IDs it enforces. */
  readonly rules: readonly string[];
  /** One sentence: what must hold. */
  readonly invariant: string;
  check(index: TraceIndex): Finding[];
}
