import { describe, expect, it } from 'vitest';
import { compareRuleIds, loadCatalogue, parseCatalogue } from './RuleCatalogue.ts';

const SAMPLE = `# Catalogue

Intro text with a [D] tag that belongs to no rule.

## A. Configuration

**A-1 BatchSize.** Integer, 1..10000.
- default 100
[D] API.

**A-2 Window.** Whole seconds.
1. a numbered list inside a rule
2. is part of it, not a rule of its own
**Model decision:** round down. [I] inference; [D] API.

---

## Q. Suggested invariants

1. **Monotonic checkpoint.** Never moves back.
2. **Per-key FIFO.** First deliveries in order.
`;

describe('parseCatalogue', () => {
  it('reads IDs, titles, sections, evidence and text, and numbers the Q invariants', () => {
    const rules = parseCatalogue(SAMPLE);
    expect(rules.map((r) => [r.id, r.title, r.section, r.evidence, r.modelDecision])).toEqual([
      ['A-1', 'BatchSize', 'A. Configuration', ['D'], false],
      ['A-2', 'Window', 'A. Configuration', ['I', 'D'], true],
      ['Q-1', 'Monotonic checkpoint', 'Q. Suggested invariants', [], false],
      ['Q-2', 'Per-key FIFO', 'Q. Suggested invariants', [], false],
    ]);
    expect(rules[0]!.text).toBe('**A-1 BatchSize.** Integer, 1..10000.\n- default 100\n[D] API.');
    expect(rules[1]!.text).toContain('2. is part of it, not a rule of its own');
    expect(rules[1]!.text).not.toContain('---');
  });

  it('reads CRLF line ends as LF ones (a Windows checkout)', () => {
    expect(parseCatalogue(SAMPLE.replace(/\n/g, '\r\n'))).toEqual(parseCatalogue(SAMPLE));
  });

  it('takes a heading, a rule line or a bold ID inside a code block as text of the rule', () => {
    const rules = parseCatalogue('## B. Batching\n\n**B-1 Shape.** Looks like:\n```\n## not a section\n---\n**B-2 Not a rule.**\n```\nStill B-1. [D]\n\n**B-3 Next.** [E]\n');
    expect(rules.map((r) => [r.id, r.section])).toEqual([['B-1', 'B. Batching'], ['B-3', 'B. Batching']]);
    expect(rules[0]!.text).toContain('Still B-1.');
  });
});

describe('the shipped catalogue (docs/rules.md)', () => {
  const rules = loadCatalogue();

  it('has every rule once: 134 lettered rules from A to P and the eight invariants of Q', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.filter((r) => r.id.startsWith('Q-')).map((r) => r.id)).toEqual(['Q-1', 'Q-2', 'Q-3', 'Q-4', 'Q-5', 'Q-6', 'Q-7', 'Q-8']);
    expect(rules).toHaveLength(142);
  });

  it('gives the titles and evidence the catalogue states', () => {
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.get('A-1')).toMatchObject({ title: 'BatchSize', evidence: ['D'] });
    expect(byId.get('D-3')).toMatchObject({ title: 'Invocation count', evidence: ['E'] });
    expect(byId.get('A-3')).toMatchObject({ modelDecision: true });
    expect(byId.get('Q-3')!.title).toBe('Conservation');
  });
});

describe('compareRuleIds', () => {
  it('orders by section letter, then by number, not by text', () => {
    expect(['D-10', 'Q-1', 'D-2', 'A-20', 'A-3'].sort(compareRuleIds)).toEqual(['A-3', 'A-20', 'D-2', 'D-10', 'Q-1']);
  });
});
