/**
 * The report of one `run`, `check` or `scenario` command, as data: written as
 * `reports/<name>.json` and rendered as `reports/<name>.html`. It holds no
 * wall-clock time, so the same command writes byte-identical files.
 */
import { explain } from '../check/explain.ts';
import type { CampaignResult, Violation } from '../run/campaign.ts';
import { replayCommand, violationToken } from '../run/replayToken.ts';
import type { ScenarioResult } from '../scenario/runScenario.ts';
import type { AnySuite, JudgedUnder } from '../suite/Suite.ts';
import { coverageRows } from './coverage.ts';
import { invocationOutcomes, type InvocationOutcome } from './invocationOutcomes.ts';
import { risksOf, type Risk } from './risks.ts';

/** A checker's result over a campaign. */
export interface CheckerRow {
  readonly checker: string;
  /** Generated cases it found a violation in. */
  readonly failedCases: number;
}

/** A coverage obligation and how the campaign met it. */
export interface CoverageRow {
  readonly scenarioClass: string;
  readonly required: number;
  readonly actual: number;
  readonly met: boolean;
}

/** One suite's campaign. */
export interface SuiteSection {
  readonly suite: string;
  readonly description: string;
  readonly seed: number;
  readonly runs: number;
  readonly mutation?: string;
  readonly traceDigest: string;
  readonly holds: boolean;
  readonly checkers: readonly CheckerRow[];
  /** Per scenario class, how many generated cases hit it. */
  readonly hits: Readonly<Record<string, number>>;
  readonly coverage: readonly CoverageRow[];
  /** Silent-loss risks the cases showed (E-6): not violations, since AWS behaves so, but what a user must hear about. */
  readonly risks: readonly Risk[];
}

/** A counterexample with everything needed to understand and replay it. */
export interface CounterexampleSection {
  readonly title: string;
  readonly suite: string;
  readonly mutation?: string;
  /** Replay token (`streamcheck repro TOKEN`), when it came from a campaign. */
  readonly token?: string;
  readonly replay: string;
  readonly findings: ReadonlyArray<{ readonly checker: string; readonly rule: string; readonly summary: string; readonly text: string }>;
  readonly counterexample: unknown;
  readonly trace: readonly object[];
  /** How the mapping took each invocation's result, by invoke id (see invocationOutcomes.ts); absent when no configuration is known. */
  readonly outcomes?: Readonly<Record<string, InvocationOutcome>>;
}

/** A scenario's result. */
export interface ScenarioSection {
  readonly file: string;
  readonly name: string;
  readonly rules: readonly string[];
  readonly mutation?: string;
  readonly status: ScenarioResult['status'];
  readonly differences: ScenarioResult['differences'];
  readonly error?: string;
  readonly trace: readonly object[];
  /** How the mapping took each invocation's result, by invoke id; absent when no configuration is known. */
  readonly outcomes?: Readonly<Record<string, InvocationOutcome>>;
}

/** The whole report. */
export interface Report {
  readonly name: string;
  /** The command line that produced it. */
  readonly command: string;
  readonly holds: boolean;
  readonly summary: {
    readonly cases: number;
    /** Obligations not met (0 when the command does not enforce them). */
    readonly violations: number;
    readonly coverageShortfalls: number;
    readonly scenarios: { readonly passed: number; readonly failed: number; readonly invalid: number };
  };
  readonly suites: readonly SuiteSection[];
  readonly counterexamples: readonly CounterexampleSection[];
  readonly scenarios: readonly ScenarioSection[];
}

/** What a report is built from. */
export interface ReportInput {
  readonly name: string;
  readonly command: string;
  /** Campaigns, with the runs asked for (replay tokens carry it; the result counts only cases generated). */
  readonly campaigns?: ReadonlyArray<{ readonly suite: AnySuite; readonly result: CampaignResult; readonly runs: number; readonly mutation?: string }>;
  readonly scenarios?: readonly ScenarioResult[];
  /** Do coverage shortfalls fail the report? (`check` enforces them; `run` only shows them.) */
  readonly enforceCoverage?: boolean;
  /** Extra counterexamples (e.g. ledger entries that still fail). */
  readonly counterexamples?: readonly CounterexampleSection[];
  /** Cases judged outside any campaign (`conform`), counted with the campaigns'. */
  readonly cases?: number;
}

/** Build a report. */
export function buildReport(input: ReportInput): Report {
  const campaigns = input.campaigns ?? [];
  const suites = campaigns.map(({ suite, result, mutation }) => suiteSection(suite, result, mutation));
  const found = campaigns.flatMap(({ result, runs }) => (result.violation ? [counterexampleOf(result.violation, runs)] : []));
  const tokens = new Set(found.map((c) => c.token));
  const counterexamples = [...(input.counterexamples ?? []).filter((c) => !tokens.has(c.token)), ...found];
  const scenarios = (input.scenarios ?? []).map(scenarioSection);
  const count = (s: ScenarioResult['status']) => scenarios.filter((r) => r.status === s).length;
  const shortfalls = input.enforceCoverage ? suites.reduce((n, s) => n + s.coverage.filter((c) => !c.met).length, 0) : 0;
  const summary = {
    cases: suites.reduce((n, s) => n + s.runs, input.cases ?? 0),
    violations: counterexamples.length,
    coverageShortfalls: shortfalls,
    scenarios: { passed: count('passed'), failed: count('failed'), invalid: count('invalid') },
  };
  const holds = counterexamples.length === 0 && shortfalls === 0 && summary.scenarios.failed === 0 && summary.scenarios.invalid === 0;
  return { name: input.name, command: input.command, holds, summary, suites, counterexamples, scenarios };
}

function suiteSection(suite: AnySuite, r: CampaignResult, mutation: string | undefined): SuiteSection {
  const coverage = coverageRows(suite, r);
  return {
    suite: r.suite, description: suite.description, seed: r.seed, runs: r.runs, ...(mutation ? { mutation } : {}),
    traceDigest: r.traceDigest, holds: !r.violation,
    checkers: Object.entries(r.checkerFailures).map(([checker, failedCases]) => ({ checker, failedCases })),
    hits: r.hits, coverage, risks: risksOf(r.hits),
  };
}

/** A campaign's violation as a report section. */
export function counterexampleOf(v: Violation, runs: number): CounterexampleSection {
  const token = violationToken(v, runs);
  return {
    title: `${v.suite}${v.mutation ? ` (mutation ${v.mutation})` : ''}: ${v.findings[0]?.summary ?? 'violation'}`,
    suite: v.suite, ...(v.mutation ? { mutation: v.mutation } : {}), token, replay: replayCommand(token),
    findings: v.findings.map((f) => ({ checker: f.checker, rule: f.rule, summary: f.summary, text: explain(f) })),
    counterexample: v.counterexample, trace: v.trace, ...outcomesOf(v.trace, v),
  };
}

function scenarioSection(r: ScenarioResult): ScenarioSection {
  return {
    file: r.file, name: r.name, rules: r.rules, ...(r.mutation ? { mutation: r.mutation } : {}), status: r.status,
    differences: r.differences, ...(r.error ? { error: r.error } : {}), trace: r.trace ?? [], ...outcomesOf(r.trace ?? [], r),
  };
}

/** The `outcomes` field of a section whose trace was judged under a known configuration. */
export function outcomesOf(trace: readonly object[], under: JudgedUnder): { outcomes?: Record<string, InvocationOutcome> } {
  const outcomes = invocationOutcomes(trace, under);
  return outcomes ? { outcomes } : {};
}
