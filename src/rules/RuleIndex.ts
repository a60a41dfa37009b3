/**
 * Which parts of the package enforce each rule of the catalogue: the suites'
 * checkers (by the rule IDs each declares) and the scenario files (by their
 * `rules`). A citation of an ID the catalogue does not have is kept apart,
 * as a mistake to show, never dropped.
 */
import type { LoadedScenario } from '../scenario/Scenario.ts';
import type { AnySuite } from '../suite/Suite.ts';
import { compareRuleIds, type Rule } from './RuleCatalogue.ts';

/** A checker of a suite that enforces a rule. */
export interface CheckerCitation {
  /** The suite's name, e.g. `kinesis`. */
  readonly suite: string;
  /** The checker's name, e.g. `bisect`. */
  readonly checker: string;
  /** What the checker holds the trace to, in one sentence. */
  readonly invariant: string;
}

/** A rule with what enforces it. */
export interface IndexedRule {
  /** The rule as the catalogue states it. */
  readonly rule: Rule;
  /** Every suite's checker that cites the rule, suite by suite (Kinesis and DynamoDB share theirs, so each appears twice). */
  readonly checkers: readonly CheckerCitation[];
  /** Scenario files that cite it, as loaded (relative to where they were loaded from). */
  readonly scenarios: readonly string[];
}

/** A citation of a rule ID the catalogue lacks. */
export interface UnknownCitation {
  readonly id: string;
  /** e.g. `checker kinesis/bisect` or `scenario scenarios/x.json`. */
  readonly by: string;
}

/** The catalogue's rules, each with its checkers and scenarios, and the citations that name no rule. */
export interface RuleIndex {
  readonly rules: readonly IndexedRule[];
  readonly unknown: readonly UnknownCitation[];
}

/** Index the catalogue against the suites' checkers and the scenarios. */
export function indexRules(catalogue: readonly Rule[], suites: readonly AnySuite[], scenarios: readonly LoadedScenario[]): RuleIndex {
  const checkers = new Map<string, CheckerCitation[]>(catalogue.map((r) => [r.id, []]));
  const files = new Map<string, string[]>(catalogue.map((r) => [r.id, []]));
  const unknown: UnknownCitation[] = [];
  for (const suite of suites) {
    for (const c of suite.checkers) {
      for (const id of new Set(c.rules)) {
        const list = checkers.get(id);
        if (list) list.push({ suite: suite.name, checker: c.name, invariant: c.invariant });
        else unknown.push({ id, by: `checker ${suite.name}/${c.name}` });
      }
    }
  }
  for (const { file, scenario } of scenarios) {
    for (const id of new Set(scenario.rules)) {
      const list = files.get(id);
      if (list) list.push(file);
      else unknown.push({ id, by: `scenario ${file}` });
    }
  }
  return {
    rules: catalogue.map((rule) => ({ rule, checkers: checkers.get(rule.id)!, scenarios: files.get(rule.id)! })),
    unknown: unknown.sort((a, b) => compareRuleIds(a.id, b.id) || (a.by < b.by ? -1 : a.by > b.by ? 1 : 0)),
  };
}
