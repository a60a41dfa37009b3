/**
 * `streamcheck rules [ID|SECTION...] [--json]`: the rule catalogue that every
 * finding cites (docs/rules.md), with what in the package enforces each
 * rule: the suites' checkers and the scenario files that judge it. Without arguments, one
 * line per rule; with rule IDs, each rule's whole text; with a section
 * letter, that section's lines.
 */
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../run/InputError.ts';
import { CATALOGUE_FILE, loadCatalogue } from '../rules/RuleCatalogue.ts';
import { indexRules, type IndexedRule, type RuleIndex } from '../rules/RuleIndex.ts';
import { loadScenarios } from '../scenario/loadScenario.ts';
import { SCENARIOS_DIR } from './check.ts';
import { SUITES } from './suites.ts';
import { PACKAGE_ROOT } from '../packageFiles.ts';

/** The catalogue indexed against every suite and the package's scenarios. */
export function packageRuleIndex(): RuleIndex {
  return indexRules(loadCatalogue(), SUITES, loadScenarios([SCENARIOS_DIR]).scenarios);
}

/**
 * Run the command; returns the exit code (0; bad arguments are input errors).
 * `--json` names files relative to the package's root; the text, relative to
 * the working directory, as the other commands do.
 */
export function rulesCommand(args: readonly string[], json: boolean): number {
  const bad = args.find((a) => !a.includes('-') && !/^[A-Q]$/i.test(a));
  if (bad !== undefined) throw new InputError(`"${bad}" is neither a rule ID (such as D-8) nor a section letter (A to Q)`);
  const index = packageRuleIndex();
  const wanted = args.map((a) => a.toUpperCase());
  const ids = wanted.filter((a) => a.includes('-'));
  const sections = wanted.filter((a) => !a.includes('-'));
  const known = new Set(index.rules.map((r) => r.rule.id));
  for (const id of ids) if (!known.has(id)) throw new InputError(unknownRule(id, index));
  const shown = args.length === 0 ? index.rules : index.rules.filter((r) => ids.includes(r.rule.id) || sections.includes(letterOf(r.rule.id)));
  if (json) {
    process.stdout.write(JSON.stringify({ catalogue: inPackage(fileURLToPath(CATALOGUE_FILE)), rules: shown.map(jsonRule), unknownCitations: index.unknown }, null, 2) + '\n');
  } else if (ids.length > 0 && sections.length === 0) {
    process.stdout.write(shown.map(ruleText).join('\n\n') + '\n');
  } else {
    process.stdout.write(listing(shown, index) + '\n');
  }
  return 0;
}

/** The catalogue as users find it: relative to where the command runs. */
function catalogueName(): string {
  return relative(process.cwd(), fileURLToPath(CATALOGUE_FILE));
}

/** A path within the package, as `--json` gives it: relative to the package's root, whatever the working directory. */
function inPackage(path: string): string {
  return relative(PACKAGE_ROOT, resolve(path)).split(sep).join('/');
}

function letterOf(id: string): string {
  return id.slice(0, id.indexOf('-'));
}

function unknownRule(id: string, index: RuleIndex): string {
  const same = index.rules.filter((r) => letterOf(r.rule.id) === letterOf(id)).map((r) => r.rule.id);
  const range = same.length > 0 ? `; section ${letterOf(id)} has ${same[0]} to ${same[same.length - 1]}` : '; sections run from A to Q';
  return `no rule "${id}" in the catalogue (${catalogueName()})${range}`;
}

/** A rule's checkers, each once with the suites that run it (Kinesis and DynamoDB share the mapping checkers). */
function sharedCheckers(r: IndexedRule): Array<{ checker: string; invariant: string; suites: string[] }> {
  const byChecker = new Map<string, { checker: string; invariant: string; suites: string[] }>();
  for (const c of r.checkers) {
    const key = `${c.checker}\n${c.invariant}`; // two suites' checkers of one name but another invariant stay apart
    const seen = byChecker.get(key) ?? byChecker.set(key, { checker: c.checker, invariant: c.invariant, suites: [] }).get(key)!;
    seen.suites.push(c.suite);
  }
  return [...byChecker.values()];
}

/** Checker names grouped by their suites: `conservation, retention (kinesis, dynamodb)`. */
function checkerNames(r: IndexedRule): string {
  const groups = new Map<string, string[]>();
  for (const c of sharedCheckers(r)) {
    const suites = c.suites.join(', ');
    groups.set(suites, [...(groups.get(suites) ?? []), c.checker]);
  }
  return [...groups].map(([suites, checkers]) => `${checkers.join(', ')} (${suites})`).join('; ');
}

function enforcedBy(r: IndexedRule): string {
  const parts = [
    ...(r.checkers.length > 0 ? [checkerNames(r)] : []),
    ...(r.scenarios.length > 0 ? [`${r.scenarios.length} scenario${r.scenarios.length === 1 ? '' : 's'}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : '-';
}

function evidenceOf(r: IndexedRule): string {
  return r.rule.evidence.length > 0 ? `[${r.rule.evidence.join('')}]` : '';
}

/** One line per rule under its section's heading, then a count of what is enforced. */
function listing(rules: readonly IndexedRule[], index: RuleIndex): string {
  const lines = [`Rule catalogue: ${catalogueName()}. Evidence: D documented, E observed against AWS, I inferred, C claimed.`, 'Each rule: ID, evidence, title, then the checkers (with their suites) and scenarios that judge it.'];
  let section = '';
  for (const r of rules) {
    if (r.rule.section !== section) lines.push('', (section = r.rule.section));
    const title = `${r.rule.title}${r.rule.modelDecision ? ' (model decision)' : ''}`;
    lines.push(`  ${r.rule.id.padEnd(5)} ${evidenceOf(r).padEnd(6)} ${title.length > 58 ? title.slice(0, 57) + '…' : title.padEnd(58)} ${enforcedBy(r)}`);
  }
  const checked = rules.filter((r) => r.checkers.length > 0).length;
  const scenario = rules.filter((r) => r.scenarios.length > 0).length;
  const neither = rules.filter((r) => r.checkers.length === 0 && r.scenarios.length === 0).length;
  lines.push('', `${rules.length} rule(s): ${checked} judged by a checker, ${scenario} by a scenario, ${neither} by neither (out of scope, such as SQS, or built into the model and its unit tests).`, '"streamcheck rules D-8" prints a rule with what judges it.');
  for (const u of index.unknown) lines.push(`cited but not in the catalogue: ${u.id} by ${u.by}`);
  return lines.join('\n');
}

/** A rule's whole text under its ID, then what judges it (a checker several suites share, once). */
function ruleText(r: IndexedRule): string {
  return [
    `${r.rule.id} ${r.rule.title} ${evidenceOf(r)}`.trimEnd(),
    `(${r.rule.section})`,
    '',
    r.rule.text,
    '',
    'Judged by:',
    ...sharedCheckers(r).map((c) => `  checker ${c.checker} (${c.suites.join(', ')}): ${c.invariant}`),
    ...r.scenarios.map((f) => `  scenario ${f}`),
    ...(r.checkers.length + r.scenarios.length === 0 ? ['  no checker or scenario of this package'] : []),
  ].join('\n');
}

function jsonRule(r: IndexedRule): Record<string, unknown> {
  const { id, section, title, evidence, modelDecision, text } = r.rule;
  return { id, section, title, evidence, modelDecision, checkers: r.checkers, scenarios: r.scenarios.map(inPackage), text };
}
