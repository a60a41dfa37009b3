/**
 * The streamcheck command line.
 *
 * Exit codes: 0 every checker holds; 1 a violation was found; 2 bad input or
 * usage (a clear message, never a stack trace); 3 an internal error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { checkTrace } from '../check/index.ts';
import { explain } from '../check/explain.ts';
import type { Finding } from '../check/Finding.ts';
import { runCampaign, type CampaignResult } from '../run/campaign.ts';
import { InputError } from '../run/InputError.ts';
import { decodeToken, replayCommand } from '../run/replayToken.ts';
import { parseTrace } from '../trace/readTrace.ts';
import { formatSummary, formatViolation, jsonSummary } from './format.ts';
import { Progress } from './Progress.ts';
import { SUITES, selectSuites, suiteNamed } from './suites.ts';
import type { AnySuite } from '../suite/Suite.ts';
import { runCheck } from './check.ts';
import { conform } from './conform.ts';
import { rulesCommand } from './rules.ts';
import { packageUrl } from '../packageFiles.ts';
import { FEATURE_NAMES } from '../conformance/PollerFeatures.ts';
import { traceViews } from './traceConfigs.ts';
import { writeFileSync } from 'node:fs';
import { buildReport, outcomesOf, type CounterexampleSection } from '../report/Report.ts';
import { writeReport } from '../report/writeReport.ts';
import { commandLine, integer, nonEmpty, outDir, replayPath, type Values } from './options.ts';
import { entryOf, LEDGER_FILE, readLedger, record, removeEntry, replayLedger, writeLedger, type Replayed } from '../report/ledger.ts';
import { loadScenarios } from '../scenario/loadScenario.ts';
import { invalidResult, MUTATIONS_OF, runScenarios } from '../scenario/runScenario.ts';
import { formatScenarioResult, formatScenarioSummary, jsonScenarioResult } from '../scenario/formatScenario.ts';
import { scenarioOfViolation, scenarioText } from '../scenario/saveScenario.ts';

const USAGE = `streamcheck: deterministic property-based tests of AWS stream semantics

Usage:
  streamcheck run [--suite NAME] [--seed N] [--runs K] [--mutation M] [--path P] [--json]
                  [--out DIR] [--ledger FILE]
      Generate K cases per suite, simulate them on the reference model and run
      every checker. On a violation: the shrunk counterexample, its explanation
      and a one-line replay command; exit 1.
      Violations are recorded in the regression ledger and replayed first by
      later runs of the same suite and mutation (under --mutation, only when
      --ledger names the ledger). Writes reports/run.{json,html}.
  streamcheck repro TOKEN [--json] [--save FILE.json]
      Replay the exact counterexample a replay token names. --save writes it
      as a scenario file whose expectations are the findings observed.
  streamcheck scenario FILE|DIR... [--json] [--mutation M|none] [--out DIR]
      Run scenario files (docs/scenarios.md): each passes or fails with a diff
      of expected and actual. --mutation replaces the cases' mutation (none:
      the reference model; a Kinesis or a DynamoDB model's mutation, which a
      scenario of the other model refuses). Writes reports/scenario.{json,html}.
      Exit 0 all pass, 1 a scenario failed, 2 invalid scenario file(s).
  streamcheck ledger list|remove TOKEN [--ledger FILE] [--json]
      The regression ledger (regressions/ledger.json): list entries, or remove
      one (a unique prefix of its token is enough).
  streamcheck check [--seed N] [--runs K] [--out DIR]
      The main job (npm run check): every suite against the reference model,
      coverage obligations, every scenario of the package's scenarios/ (from
      any directory), and a report in reports/check.{json,html}.
  streamcheck check-trace TRACE.jsonl --config MAPPING.json [--json]
      Check a trace written by another implementation (conformance). MAPPING.json
      is the CreateEventSourceMapping request; for a trace of several mappings
      (events carrying "mapping"), one request for all or {"<uuid>": request, ...}.
  streamcheck conform MODULE.js [--seed N] [--runs K] [--features LIST] [--path P]
                    [--hang-after S] [--json] [--out DIR]
      Drive K generated cases through the poller a JavaScript module exports
      (default or makePoller: a function returning { start(ctx), stop?() }) and
      judge each trace with every checker (docs/trace-format.md, "Driving a
      poller"). --features lists what it claims beyond the basics, from:
      ${Object.keys(FEATURE_NAMES).join(', ')} (default: the module's "features" export, or none).
      (makePoller when a module exports both.) On a finding: the shrunk case,
      its story and a replay command; exit 1. A poller that throws, answers
      garbage or stalls (FAULT), keeps its thread for S real seconds (default
      60) without giving control back (HANG), or leaves a rejection unhandled
      or ends its thread (CRASH): exit 2. Writes conform.{json,html} to --out.
  streamcheck rules [ID|SECTION...] [--json]
      The rule catalogue every finding cites (docs/rules.md): one line per rule
      with the checkers and scenarios that judge it; with rule IDs only (D-8),
      each rule's whole text; with a section letter among them (D), the lines
      of those sections and rules.
  streamcheck help | --version | version

Options:
  --suite NAME     all (default) or a comma-separated list of: ${SUITES.map((s) => s.name).join(', ')}
  --seed N         integer seed of the run, -2147483648 to 2147483647 (default 1); the same
                   seed gives the same traces (--seed -5 and --seed=-5 both work)
  --runs K         generated cases per suite (default 100 for run, 300 for check)
  --mutation M     run a deliberately broken variant of the model (to see a checker catch it)
  --path P         fast-check replay path of a counterexample (with --seed)
  --features LIST  conform: what the poller claims beyond the basics, comma-separated, or none
  --hang-after S   conform: real seconds a poller may keep its thread (1 to 86400, default 60)
  --json           print one JSON object: seed, runs, suites, violations, traceDigest,
                   and for run the ledger entries it replayed (ledger; exit 1 if one still fails);
                   for rules: catalogue, rules (each with its text, checkers and scenarios)
  --out DIR        directory reports are written to (default reports)
  --ledger FILE    regression ledger file (default regressions/ledger.json)

Each command takes only the options it reads; another is refused. -h is --help.

Exit codes: 0 all checkers hold, 1 a violation was found, 2 bad input or usage (for conform, also
a poller that faults, hangs or crashes), 3 internal error.`;

const COMMON: ParseArgsConfig['options'] = {
  seed: { type: 'string' }, runs: { type: 'string' }, suite: { type: 'string' }, mutation: { type: 'string' },
  path: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' }, save: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  out: { type: 'string' }, ledger: { type: 'string' }, features: { type: 'string' }, 'hang-after': { type: 'string' },
};

/** The options each command reads (and `--help`): another is refused, not ignored, so that `check --suite kda` does not quietly run every suite. */
const OPTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  run: ['seed', 'runs', 'suite', 'mutation', 'path', 'json', 'out', 'ledger'],
  repro: ['json', 'save'],
  scenario: ['json', 'mutation', 'out'],
  ledger: ['ledger', 'json'],
  check: ['seed', 'runs', 'out'],
  'check-trace': ['config', 'json'],
  conform: ['seed', 'runs', 'path', 'features', 'hang-after', 'json', 'out'],
  rules: ['json'],
};

/** Options that take an integer: `--seed -5` is read as `--seed=-5` (for --runs and --hang-after, so that a negative value gets the range's message). */
const SIGNED = new Set(['--seed', '--runs', '--hang-after']);

/** Entry point; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === 'version') {
    process.stdout.write(`streamcheck ${packageVersion()}\n`);
    return 0;
  }
  const { values, positionals } = parse(rest);
  if (values['help']) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  refuseForeignOptions(command, values, positionals);
  switch (command) {
    case 'run': return run(values, argv);
    case 'repro': return repro(values, positionals);
    case 'scenario': return scenario(values, positionals, argv);
    case 'ledger': return ledger(values, positionals);
    case 'check': return runCheck(integer(values, 'seed', 1), integer(values, 'runs', 300), outDir(values));
    case 'check-trace': return checkTraceFile(values, positionals);
    case 'conform': return conform(values, positionals, argv);
    case 'rules': return rulesCommand(positionals, Boolean(values['json']));
    default: throw new InputError(`unknown command "${command}"; see "streamcheck help"`);
  }
}

/** The version in the package's package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(packageUrl('package.json'), 'utf8')) as { version: string }).version;
}

function parse(args: readonly string[]): { values: Values; positionals: string[] } {
  const end = args.indexOf('--'); // after it, everything is a positional
  const options = end === -1 ? args : args.slice(0, end);
  const joined = options.flatMap((a, i) => (SIGNED.has(a) && /^-\d+$/.test(options[i + 1] ?? '') ? [] : SIGNED.has(options[i - 1] ?? '') && /^-\d+$/.test(a) ? [`${options[i - 1]}=${a}`] : [a]));
  if (end !== -1) joined.push(...args.slice(end));
  try {
    const out = parseArgs({ args: joined, options: COMMON, allowPositionals: true, strict: true });
    return { values: out.values as Values, positionals: out.positionals };
  } catch (err) {
    // Node's messages run over several lines; its hints (place a positional after '--', or write --out=-XYZ) mislead more than they help: the first sentence, on one line.
    const first = (err as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\. (To specify|Did you forget) .*$/, '').replace(/\.$/, '');
    throw new InputError(`${first}; see "streamcheck help"`);
  }
}

/** An option the command does not read, or arguments a command without any got, is bad usage. */
function refuseForeignOptions(command: string, values: Values, positionals: readonly string[]): void {
  const allowed = Object.hasOwn(OPTIONS_OF, command) ? OPTIONS_OF[command] : undefined; // not `toString`'s
  if (allowed === undefined) return; // an unknown command: main says so
  const foreign = Object.keys(values).filter((k) => k !== 'help' && !allowed.includes(k));
  if (foreign.length > 0) throw new InputError(`${foreign.map((k) => `--${k}`).join(', ')} ${foreign.length === 1 ? 'does' : 'do'} not apply to ${command}; it takes ${allowed.map((k) => `--${k}`).join(', ')}`);
  if ((command === 'run' || command === 'check') && positionals.length > 0) throw new InputError(`${command} takes no arguments, got "${positionals[0]}"; see "streamcheck help"`);
}

async function run(values: Values, argv: readonly string[]): Promise<number> {
  const seed = integer(values, 'seed', 1);
  const runs = integer(values, 'runs', 100);
  const mutation = values['mutation'] as string | undefined;
  const suites = values['suite'] === undefined && mutation !== undefined ? suitesWithMutation(mutation) : selectSuites(String(values['suite'] ?? 'all'));
  if (mutation !== undefined) {
    for (const s of suites) if (!Object.hasOwn(s.mutations, mutation)) throw new InputError(`suite ${s.name} has no mutation "${mutation}"; it has: ${Object.keys(s.mutations).join(', ')}`);
  }
  const path = replayPath(values);
  const json = Boolean(values['json']);
  const ledgerFile = nonEmpty(values, 'ledger') ?? LEDGER_FILE;
  const out = outDir(values);
  const replayed = await replayLedger(readLedger(ledgerFile), suites, mutation, ledgerFile);
  const stillFailing = replayed.filter((r) => r.findings.length > 0);
  if (!json) for (const r of replayed) process.stdout.write(ledgerLine(r) + '\n');
  const results: CampaignResult[] = [];
  for (const suite of suites) {
    const progress = new Progress(`${suite.name}`, runs, json);
    results.push(await runCampaign({ suite, seed, runs, ...(mutation ? { mutation } : {}), ...(path ? { path } : {}), onProgress: (n) => progress.update(n) }));
    progress.done();
  }
  const violations = results.flatMap((r) => (r.violation ? [entryOf(r.violation, runs)] : []));
  // A violation under a deliberate mutation is expected, not a regression: it is
  // recorded only in a ledger named explicitly, so demos leave the project's ledger alone.
  const recordable = mutation === undefined || values['ledger'] !== undefined;
  let unrecorded: unknown; // a ledger that cannot be written is reported after the violation, which must not be lost behind it
  if (violations.length > 0 && recordable) {
    const { ledger, added } = record(readLedger(ledgerFile), violations);
    try {
      if (added > 0) writeLedger(ledger, ledgerFile);
      if (!json && added > 0) process.stdout.write(`ledger: recorded ${added} new violation(s) in ${ledgerFile}\n`);
    } catch (err) {
      unrecorded = err;
    }
  }
  const code = report(results, seed, runs, json, replayed);
  if (unrecorded !== undefined) throw unrecorded;
  const files = writeReport(buildReport({
    name: 'run', command: commandLine(argv),
    campaigns: results.map((result, i) => ({ suite: suites[i]!, result, runs, ...(mutation ? { mutation } : {}) })),
    counterexamples: stillFailing.map(ledgerCounterexample),
  }), out);
  if (!json) process.stdout.write(`report: ${files.html}\n`);
  return stillFailing.length > 0 ? 1 : code;
}

/** Without --suite, a mutation selects the suites that have it. */
function suitesWithMutation(mutation: string): AnySuite[] {
  const found = SUITES.filter((s) => Object.hasOwn(s.mutations, mutation));
  if (found.length > 0) return found;
  const known = SUITES.map((s) => `${s.name}: ${Object.keys(s.mutations).join(', ')}`).join('\n  ');
  throw new InputError(`no suite has a mutation "${mutation}"; the mutations are:\n  ${known}`);
}

function ledgerLine(r: Replayed): string {
  return r.findings.length > 0
    ? `ledger: ${r.entry.token.slice(0, 24)}... still fails: ${r.findings[0]!.summary}`
    : `ledger: ${r.entry.token.slice(0, 24)}... no longer fails; remove it with: streamcheck ledger remove ${r.entry.token.slice(0, 24)}`;
}

function ledgerCounterexample(r: Replayed): CounterexampleSection {
  return {
    title: `ledger entry ${r.entry.suite}${r.entry.mutation ? ` (mutation ${r.entry.mutation})` : ''}: ${r.findings[0]?.summary ?? ''}`,
    suite: r.entry.suite, ...(r.entry.mutation ? { mutation: r.entry.mutation } : {}), token: r.entry.token, replay: replayCommand(r.entry.token),
    findings: r.findings.map((f) => ({ checker: f.checker, rule: f.rule, summary: f.summary, text: explain(f) })),
    counterexample: r.entry.counterexample, trace: r.trace, ...outcomesOf(r.trace, r),
  };
}

async function repro(values: Values, positionals: readonly string[]): Promise<number> {
  if (positionals.length !== 1) throw new InputError('usage: streamcheck repro TOKEN [--json] [--save FILE.json]');
  const save = nonEmpty(values, 'save');
  const spec = decodeToken(positionals[0]!);
  const suite = suiteNamed(spec.suite);
  // A token whose mutation the suite no longer has would replay the honest model and pass: refuse it.
  if (spec.mutation !== undefined && !Object.hasOwn(suite.mutations, spec.mutation)) throw new InputError(`the token replays the mutation "${spec.mutation}", which suite ${suite.name} does not have (it has: ${Object.keys(suite.mutations).join(', ')})`);
  const result = await runCampaign({ suite, seed: spec.seed, runs: spec.runs, path: spec.path, ...(spec.mutation ? { mutation: spec.mutation } : {}) });
  const code = report([result], spec.seed, spec.runs, Boolean(values['json']));
  if (save !== undefined) {
    if (!result.violation) throw new InputError('the token no longer reproduces a violation; nothing to save');
    writeFileSync(save, scenarioText(scenarioOfViolation(result.violation, positionals[0]!, save)));
    if (!values['json']) process.stdout.write(`saved: ${save} (run it with: streamcheck scenario ${save})\n`);
  }
  return code;
}

async function scenario(values: Values, positionals: readonly string[], argv: readonly string[]): Promise<number> {
  if (positionals.length === 0) throw new InputError('usage: streamcheck scenario FILE|DIR... [--json] [--mutation M|none]');
  const mutation = values['mutation'] as string | undefined;
  // Scenarios run the Kinesis or the DynamoDB model: a mutation of either is a usage; each scenario says if its own model lacks it.
  if (mutation !== undefined && mutation !== 'none' && !Object.values(MUTATIONS_OF).some((m) => Object.hasOwn(m, mutation))) {
    throw new InputError(`no mutation "${mutation}"; choose none or one of: ${Object.entries(MUTATIONS_OF).map(([suite, m]) => `${suite}: ${Object.keys(m).join(', ')}`).join('; ')}`);
  }
  const json = Boolean(values['json']);
  const out = outDir(values);
  const { scenarios, invalid } = loadScenarios(positionals);
  const progress = new Progress('scenarios', scenarios.length, json);
  const results = await runScenarios(scenarios, mutation ? { mutation } : {}, (n) => progress.update(n));
  progress.done();
  const all = [...invalid.map(invalidResult), ...results];
  const files = writeReport(buildReport({ name: 'scenario', command: commandLine(argv), scenarios: all }), out);
  if (json) process.stdout.write(JSON.stringify({ scenarios: all.map(jsonScenarioResult), report: files.json }, null, 2) + '\n');
  else {
    for (const r of all) process.stdout.write(formatScenarioResult(r) + '\n');
    process.stdout.write(`${formatScenarioSummary(all)}\nreport: ${files.html}\n`);
  }
  if (all.some((r) => r.status === 'invalid')) {
    for (const r of all) if (r.status === 'invalid') process.stderr.write(`streamcheck: ${r.error}\n`);
    return 2;
  }
  return all.some((r) => r.status === 'failed') ? 1 : 0;
}

function ledger(values: Values, positionals: readonly string[]): number {
  const file = nonEmpty(values, 'ledger') ?? LEDGER_FILE;
  const [action, token] = positionals;
  const current = readLedger(file);
  if (action === 'list' && positionals.length === 1) {
    if (values['json']) process.stdout.write(JSON.stringify(current.entries.map(({ counterexample: _c, ...e }) => e), null, 2) + '\n');
    else if (current.entries.length === 0) process.stdout.write(`${file}: no entries\n`);
    else for (const e of current.entries) process.stdout.write(`${e.token}\n  ${e.suite}${e.mutation ? ` (mutation ${e.mutation})` : ''}: ${e.findings.map((f) => `${f.checker} [${f.rule}]`).join(', ')}\n`);
    return 0;
  }
  if (action === 'remove' && token !== undefined && positionals.length === 2) {
    writeLedger(removeEntry(current, token), file);
    process.stdout.write(`removed from ${file}\n`);
    return 0;
  }
  throw new InputError('usage: streamcheck ledger list | streamcheck ledger remove TOKEN');
}

function report(results: readonly CampaignResult[], seed: number, runs: number, json: boolean, replayed?: readonly Replayed[]): number {
  if (json) process.stdout.write(JSON.stringify(jsonSummary(results, seed, runs, replayed), null, 2) + '\n');
  else {
    for (const r of results) process.stdout.write(formatSummary(r) + '\n');
    for (const r of results) if (r.violation) process.stdout.write('\n' + formatViolation(r.violation, runs) + '\n');
  }
  return results.some((r) => r.violation) ? 1 : 0;
}

function checkTraceFile(values: Values, positionals: readonly string[]): number {
  if (positionals.length !== 1 || typeof values['config'] !== 'string') throw new InputError('usage: streamcheck check-trace TRACE.jsonl --config MAPPING.json [--json]');
  const trace = parseTrace(readText(positionals[0]!), positionals[0]!);
  const views = traceViews(trace, parseJson(readText(values['config']), values['config']), values['config']);
  const findings = views.flatMap((v) => checkTrace(v.trace, v.config).map((f) => ({ mapping: v.mapping, finding: f })));
  const named = views.some((v) => v.mapping !== undefined); // the trace's events name their mapping (C-3)
  const story = (f: Finding) => explain(f, { epoch: trace[0]?.t }); // times from the trace's first event: another clock need not start where the model's does
  if (values['json']) {
    const violations = findings.map(({ mapping, finding }) => ({ ...(mapping !== undefined ? { mapping } : {}), ...finding, text: story(finding) }));
    process.stdout.write(JSON.stringify({ events: trace.length, ...(named ? { mappings: views.map((v) => v.mapping) } : {}), violations }, null, 2) + '\n');
  } else if (findings.length === 0) {
    process.stdout.write(`${trace.length} events${named ? ` of ${views.length} mapping${views.length === 1 ? '' : 's'}` : ''}: all checkers hold\n`);
  } else {
    process.stdout.write(findings.map(({ mapping, finding }) => (named ? `[mapping ${mapping}] ` : '') + story(finding)).join('\n\n') + '\n');
  }
  return findings.length > 0 ? 1 : 0;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not JSON: ${(err as Error).message}`);
  }
}

/** A report, scenario or ledger path the user named that cannot be written (a missing or non-directory parent, no permission): bad input, not a bug. */
function isUnwritablePath(err: unknown): err is NodeJS.ErrnoException & { path: string } {
  const e = err as NodeJS.ErrnoException | undefined;
  return typeof e?.path === 'string' && (e.syscall === 'open' || e.syscall === 'mkdir') && ['ENOENT', 'ENOTDIR', 'EACCES', 'EISDIR', 'EROFS', 'EEXIST'].includes(e.code ?? '');
}

const isEntry = process.argv[1] !== undefined && /(main\.[jt]s|streamcheck(\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  // A reader that closes the pipe early (`streamcheck run | head`) has what it wanted.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      if (err instanceof InputError) {
        process.stderr.write(`streamcheck: ${err.message}\n`);
        process.exitCode = 2;
      } else if (isUnwritablePath(err)) {
        process.stderr.write(`streamcheck: cannot write ${err.path}: ${err.code} (check --out, --save or --ledger)\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`streamcheck: internal error: ${(err as Error)?.message ?? String(err)}\nPlease report it with the command line that caused it.\n`);
        process.exitCode = 3;
      }
    },
  );
}
