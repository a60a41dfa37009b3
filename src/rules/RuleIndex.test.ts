import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnySuite } from '../suite/Suite.ts';
import { packageRuleIndex } from '../cli/rules.ts';
import { loadCatalogue, parseCatalogue } from './RuleCatalogue.ts';
import { indexRules } from './RuleIndex.ts';

const CATALOGUE = parseCatalogue('## D. Errors\n\n**D-1 Retry.** [D]\n\n**D-2 Give up.** [E]\n');

/** A suite that is only its checkers: the index reads nothing else. */
function suiteOf(name: string, checkers: Array<{ name: string; rules: string[] }>): AnySuite {
  return { name, checkers: checkers.map((c) => ({ ...c, invariant: `${c.name} holds` })) } as unknown as AnySuite;
}

describe('indexRules', () => {
  it('lists each rule with the checkers and scenarios that cite it, and keeps citations of unknown IDs apart', () => {
    const suites = [suiteOf('kinesis', [{ name: 'retry-limit', rules: ['D-1', 'D-9'] }]), suiteOf('kda', [{ name: 'acks', rules: ['D-1'] }])];
    const scenarios = [{ file: 's/a.json', scenario: { rules: ['D-2', 'X-1'] } }] as never;
    const index = indexRules(CATALOGUE, suites, scenarios);
    expect(index.rules.map((r) => [r.rule.id, r.checkers.map((c) => `${c.suite}/${c.checker}`), r.scenarios])).toEqual([
      ['D-1', ['kinesis/retry-limit', 'kda/acks'], []],
      ['D-2', [], ['s/a.json']],
    ]);
    expect(index.unknown).toEqual([{ id: 'D-9', by: 'checker kinesis/retry-limit' }, { id: 'X-1', by: 'scenario s/a.json' }]);
  });
});

describe("the package's citations", () => {
  it("every checker's and every scenario's rule ID is in the catalogue", () => {
    expect(packageRuleIndex().unknown).toEqual([]);
  });

  it('every rule ID cited in the sources and docs is in the catalogue', () => {
    const known = new Set(loadCatalogue().map((r) => r.id));
    const files = [
      ...readdirSync(new URL('../../src', import.meta.url), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `src/${f}`),
      ...readdirSync(new URL('../../docs', import.meta.url)).filter((f) => f.endsWith('.md') && f !== 'rules.md').map((f) => `docs/${f}`),
      'README.md',
    ];
    const unknown = files.flatMap((f) => {
      const text = readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');
      return [...text.matchAll(/\b([A-Q]-\d{1,3})\b/g)].map((m) => m[1]!).filter((id) => !known.has(id)).map((id) => `${id} in ${f}`);
    });
    expect([...new Set(unknown)]).toEqual([]);
  });
});
