/**
 * What `streamcheck conform` found, as text, as JSON and as a report
 * section. The outcome is structured data (see {@link ConformOutcome}); the
 * stories are the checkers' own, rendered by `explain`.
 */
import { explain } from '../check/explain.ts';
import type { CaseProgress, PollerVerdict } from '../conformance/checkPoller.ts';
import type { ConformRequest } from '../conformance/conformWorker.ts';
import { featureNames, type PollerFeatures } from '../conformance/PollerFeatures.ts';
import type { CounterexampleSection } from '../report/Report.ts';
import { textTimeline } from '../report/textTimeline.ts';
import { indent } from './format.ts';

/** A shrunk failure of a poller. */
export type PollerFailure = NonNullable<PollerVerdict['failure']>;

/**
 * How a conformance run ended. `violation`: a checker's finding (exit 1).
 * `fault`: the poller broke the harness's contract on a shrunk case.
 * `hang`: it kept its thread past the allowance. `crash`: it threw or
 * rejected where nothing awaited it, or ended its thread. (The last three
 * exit 2.) `progress` is the last case the worker announced.
 */
export type ConformOutcome =
  | { readonly kind: 'holds'; readonly features: PollerFeatures; readonly progress?: CaseProgress }
  | { readonly kind: 'violation' | 'fault'; readonly features: PollerFeatures; readonly failure: PollerFailure; readonly message: string; readonly progress?: CaseProgress }
  | { readonly kind: 'hang' | 'crash'; readonly message: string; readonly progress?: CaseProgress };

/** A conformance run: what was asked, and how it ended. */
export interface ConformRun {
  readonly request: ConformRequest;
  readonly outcome: ConformOutcome;
  /** The watchdog's allowance, in real seconds (a hang's replay keeps it). */
  readonly hangAfterS: number;
}

const HEADLINES: Readonly<Record<Exclude<ConformOutcome['kind'], 'holds'>, string>> = { violation: 'VIOLATION', fault: 'FAULT', hang: 'HANG', crash: 'CRASH' };

/** The command that replays the failure (the shrunk case, or the case a hang or crash happened in). */
export function replayCommand(run: ConformRun): string | undefined {
  const { request, outcome } = run;
  const path = 'failure' in outcome ? outcome.failure.replay.path : outcome.progress ? request.path ?? String(outcome.progress.failedAt ?? outcome.progress.index) : undefined;
  if (outcome.kind === 'holds' || path === undefined) return undefined;
  const features = request.features ? ` --features ${featureNames(request.features)}` : '';
  const hangAfter = outcome.kind === 'hang' ? ` --hang-after ${run.hangAfterS}` : '';
  return `npx streamcheck conform ${shellWord(request.module)} --seed ${request.seed} --path ${path}${features}${hangAfter}`;
}

/** The run for a person: a line when the poller holds; otherwise the stories, the shrunk case, its timeline and the replay command. */
export function conformLines(run: ConformRun): string {
  const { request, outcome } = run;
  if (outcome.kind === 'holds') {
    const cases = request.path !== undefined ? `the case of --path ${request.path}` : `${request.runs} case(s)`;
    return `conform ${request.module}: ${cases} (seed ${request.seed}, features ${featureNames(outcome.features)}), all checkers hold`;
  }
  const parts = [`${HEADLINES[outcome.kind]}: ${outcome.message}`];
  if ('failure' in outcome) {
    const { failure } = outcome;
    parts.push(...failure.findings.slice(0, 5).map((f) => '\n' + explain(f)));
    if (failure.findings.length > 5) parts.push(`  ... and ${failure.findings.length - 5} more finding(s)`);
    parts.push('', 'Shrunk counterexample:', indent(JSON.stringify(failure.counterexample, null, 1)));
    if (failure.trace) parts.push('', 'Timeline:', textTimeline(failure.trace));
  }
  const replay = replayCommand(run);
  if (replay) parts.push('', `Replay: ${replay}`);
  return parts.join('\n');
}

/** The `--json` object. */
export function conformJson(run: ConformRun): Record<string, unknown> {
  const { request, outcome } = run;
  const failure = 'failure' in outcome ? outcome.failure : undefined;
  const replay = replayCommand(run);
  return {
    module: request.module, seed: request.seed, runs: request.runs,
    ...('features' in outcome ? { features: featureNames(outcome.features) } : {}),
    outcome: outcome.kind,
    ...(outcome.kind !== 'holds' ? { message: outcome.message } : {}),
    findings: (failure?.findings ?? []).map((f) => ({ ...f, text: explain(f) })),
    ...(failure ? { counterexample: failure.counterexample } : {}),
    ...(replay ? { replay } : {}),
  };
}

/** The report's counterexample section (none when the poller holds). */
export function conformSection(run: ConformRun): CounterexampleSection[] {
  const { outcome } = run;
  if (outcome.kind === 'holds') return [];
  const failure = 'failure' in outcome ? outcome.failure : undefined;
  return [{
    title: `conform ${run.request.module}: ${HEADLINES[outcome.kind]}: ${outcome.message}`,
    suite: 'kinesis', replay: replayCommand(run) ?? '',
    findings: (failure?.findings ?? []).map((f) => ({ checker: f.checker, rule: f.rule, summary: f.summary, text: explain(f) })),
    counterexample: failure?.counterexample ?? null, trace: failure?.trace ?? [],
  }];
}

/** A word for a POSIX shell: as it is when it needs no quoting, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w./@:+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
