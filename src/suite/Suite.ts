/**
 * A suite: one family of generated cases (a workload, a configuration, a
 * function, faults), how to simulate one and check its trace. The CLI's
 * `run`, the property tests and the benchmark all drive suites through this
 * interface; each model (Kinesis mappings, KDA output, Firehose) offers one.
 *
 * Data flows one way: case -> simulation -> trace -> checkers -> outcome.
 */
import type * as fc from 'fast-check';
import type { Finding } from '../check/Finding.ts';
import type { EsmConfig } from '../esm/EsmConfig.ts';

/**
 * The mapping configuration(s) a trace was judged under, for suites of event
 * source mappings (reports colour invocations by them): `configs` by UUID when
 * several mappings read the stream (C-3).
 */
export interface JudgedUnder {
  readonly config?: EsmConfig;
  readonly configs?: Readonly<Record<string, EsmConfig>>;
}

/** What one simulated and checked case produced. */
export interface CaseOutcome extends JudgedUnder {
  /** The trace, as JSON-serialisable events (its digest is part of the run's digest). */
  readonly trace: readonly object[];
  /** Violations found by the suite's checkers (empty when all hold). */
  readonly findings: readonly Finding[];
  /**
   * Scenario classes this case exercised, with counts, e.g.
   * `{ "bisect-to-single": 1, "retries-exhausted": 2 }` (coverage statistics).
   */
  readonly hits: Readonly<Record<string, number>>;
}

/** What a checker is, apart from how it checks: its name, the rule IDs it enforces, and its invariant in one sentence. */
export interface CheckerInfo {
  /** Short kebab-case name, e.g. `per-key-order`. */
  readonly name: string;
  /** Rule IDs of the catalogue it enforces (docs/rules.md). */
  readonly rules: readonly string[];
  /** One sentence: what must hold. */
  readonly invariant: string;
}

/** A family of generated cases and how to check one. */
export interface Suite<C> {
  /** Name on the command line, e.g. `kinesis`, `kda`, `firehose`. */
  readonly name: string;
  /** One line for `--help` and reports. */
  readonly description: string;
  /** Generator of cases. Each case carries its own simulation seed, so it replays alone. */
  readonly arbitrary: fc.Arbitrary<C>;
  /** This suite's checkers (what each enforces), for per-checker results in reports and the rule index (`streamcheck rules`). */
  readonly checkers: readonly CheckerInfo[];
  /** Deliberately broken variants this suite offers, by name, with the checker expected to catch each. */
  readonly mutations: Readonly<Record<string, { readonly checker: string; readonly what: string }>>;
  /** Simulate and check one case, optionally under a mutation. Must be deterministic in `c`. */
  run(c: C, mutation?: string): Promise<CaseOutcome>;
  /** Scenario classes the suite must hit at least this often per 100 runs (coverage obligations). */
  readonly coverage?: Readonly<Record<string, number>>;
}

/** Any suite. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySuite = Suite<any>;
