/**
 * The rule catalogue (docs/rules.md) as data: every rule's ID, section,
 * title, evidence levels and text, so that a finding's rule ID can be looked
 * up from the command line (`streamcheck rules D-8`) and every citation in
 * the code can be checked against the catalogue.
 *
 * The catalogue is Markdown written for people. A rule begins a paragraph
 * with its bold ID and title (`**D-8 Bisect.** ...`); the suggested
 * invariants of section Q are a numbered list (`1. **Per-shard ...**`) and
 * are cited as, ... A rule runs until the next rule, heading or
 * rule line (`---`) outside a code block. Line ends may be LF or CRLF (a
 * Windows checkout).
 */
import { readFileSync } from 'node:fs';
import { packageUrl } from '../packageFiles.ts';

/** Evidence levels (catalogue section 0): documented, observed against AWS, inferred, community claim. */
export type Evidence = 'D' | 'E' | 'I' | 'C';

/** One rule of the catalogue. */
export interface Rule {
  /** e.g. `D-8`. */
  readonly id: string;
  /** The section's heading, e.g. `D. Stream error handling: retries, record age, bisect`. */
  readonly section: string;
  /** The bold title, without its closing full stop. */
  readonly title: string;
  /** Evidence levels its source tags name, in the order they first appear (empty for the Q invariants, which derive from other rules). */
  readonly evidence: readonly Evidence[];
  /** Whether the rule names a model decision (see docs/model-decisions.md). */
  readonly modelDecision: boolean;
  /** The rule's Markdown, its first line included, trailing blank lines trimmed. */
  readonly text: string;
}

/** Where the catalogue ships: docs/rules.md of the package. */
export const CATALOGUE_FILE = packageUrl('docs/rules.md');

const RULE_START = /^\*\*([A-P]-\d+) (.+?)\*\*/;
const INVARIANT_START = /^(\d+)\. \*\*(.+?)\*\*/;
const SECTION = /^## (.+)$/;
const EVIDENCE = /\[([DEIC])\]/g;

/** The catalogue's rules, in catalogue order. */
export function parseCatalogue(markdown: string): Rule[] {
  const rules: Rule[] = [];
  let section = '';
  let open: { id: string; title: string; section: string; lines: string[] } | undefined;
  const close = () => {
    if (open) rules.push(ruleOf(open.id, open.title, open.section, open.lines));
    open = undefined;
  };
  let fenced = false; // inside a code block, a heading or a rule line is text, not structure
  for (const line of markdown.split(/\r?\n/)) {
    if (line.trimStart().startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : SECTION.exec(line);
    if (!fenced && (heading || line.trim() === '---')) {
      close();
      if (heading) section = heading[1]!;
      continue;
    }
    const start = fenced ? null : RULE_START.exec(line) ?? (section.startsWith('Q.') ? INVARIANT_START.exec(line) : null);
    if (start) {
      close();
      const id = /^\d+$/.test(start[1]!) ? `Q-${start[1]}` : start[1]!;
      open = { id, title: start[2]!.replace(/\.$/, ''), section, lines: [line] };
    } else {
      open?.lines.push(line);
    }
  }
  close();
  return rules;
}

function ruleOf(id: string, title: string, section: string, lines: readonly string[]): Rule {
  const text = lines.join('\n').replace(/\s+$/, '');
  const evidence = [...new Set([...text.matchAll(EVIDENCE)].map((m) => m[1] as Evidence))];
  return { id, section, title, evidence, modelDecision: /model decision/i.test(text), text };
}

/** The catalogue that ships with the package. */
export function loadCatalogue(): Rule[] {
  return parseCatalogue(readFileSync(CATALOGUE_FILE, 'utf8'));
}

/** Rule IDs in catalogue order: section letter, then number (`D-2` before `D-10`); IDs of another form after, by text. */
export function compareRuleIds(a: string, b: string): number {
  const [la = '', na = ''] = a.split('-');
  const [lb = '', nb = ''] = b.split('-');
  if (la !== lb) return la < lb ? -1 : 1;
  const byNumber = (Number.parseInt(na, 10) || 0) - (Number.parseInt(nb, 10) || 0);
  return byNumber !== 0 ? byNumber : a < b ? -1 : a > b ? 1 : 0;
}
