/**
 * The regression ledger: every violation `run` finds is recorded with its
 * replay token and its shrunk counterexample, and replayed first by later
 * runs of the same suite and mutation until someone removes it
 * (`streamcheck ledger remove`). It lives in `regressions/ledger.json`, which
 * is committed: a found bug must keep being replayed on every machine and in
 * CI, not only where it was found. Deterministic: entries sorted by token, no
 * timestamps, so recording the same violation twice changes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from '../check/Finding.ts';
import { judgedUnder, type Violation } from '../run/campaign.ts';
import { InputError } from '../run/InputError.ts';
import { violationToken } from '../run/replayToken.ts';
import { caseProblems } from '../scenario/loadScenario.ts';
import type { AnySuite, JudgedUnder } from '../suite/Suite.ts';

/** Default ledger file. */
export const LEDGER_FILE = 'regressions/ledger.json';

/** One recorded violation. */
export interface LedgerEntry {
  readonly token: string;
  readonly suite: string;
  readonly mutation?: string;
  /** Kinds of finding it showed when recorded. */
  readonly findings: ReadonlyArray<{ readonly checker: string; readonly rule: string }>;
  /** The shrunk case: replayed directly, so the entry survives generator changes. */
  readonly counterexample: unknown;
}

/** The ledger file's contents. */
export interface Ledger {
  readonly version: 1;
  readonly entries: readonly LedgerEntry[];
}

/** Read the ledger: empty when the file does not exist; an input error when it cannot be read (a directory, no permission) or is not a ledger. */
export function readLedger(file = LEDGER_FILE): Ledger {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { version: 1, entries: [] };
    throw new InputError(`cannot read the ledger ${file}: ${code ?? (err as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as Ledger;
    if (value === null || typeof value !== 'object' || value.version !== 1 || !Array.isArray(value.entries)) throw new Error('expected {"version": 1, "entries": [...]}');
    value.entries.forEach(checkEntry);
    return value;
  } catch (err) {
    throw new InputError(`${file}: not a streamcheck ledger: ${(err as Error).message}`);
  }
}

/** An entry as `record` writes it, or an error naming what is wrong with it (a hand edit, a bad merge). */
function checkEntry(e: unknown, i: number): void {
  const entry = e as Partial<Record<keyof LedgerEntry, unknown>> | null;
  const problem = entry === null || typeof entry !== 'object' || Array.isArray(entry) ? 'is not an object'
    : typeof entry.token !== 'string' ? 'has no "token" string'
    : typeof entry.suite !== 'string' ? 'has no "suite" string'
    : entry.mutation !== undefined && typeof entry.mutation !== 'string' ? 'has a "mutation" that is not a string'
    : !Array.isArray(entry.findings) || !entry.findings.every((f) => typeof f?.checker === 'string' && typeof f?.rule === 'string') ? 'has no "findings" list of { checker, rule }'
    : entry.counterexample === null || typeof entry.counterexample !== 'object' ? 'has no "counterexample" object'
    : undefined;
  if (problem !== undefined) throw new Error(`entry ${i} ${problem}`);
}

/** Run an entry's counterexample; one that is not a case of its suite by the scenario schema (a hand edit, a bad merge) is bad input, named with the way to remove it. */
async function replayEntry(suite: AnySuite, entry: LedgerEntry, i: number, file: string): Promise<Awaited<ReturnType<AnySuite['run']>>> {
  const problems = caseProblems(suite.name, entry.counterexample);
  if (problems.length > 0) {
    const remove = `streamcheck ledger remove ${entry.token.slice(0, 24)}${file === LEDGER_FILE ? '' : ` --ledger ${file}`}`;
    throw new InputError(`the ledger's entry ${i} (${entry.token.slice(0, 24)}...) is not a ${suite.name} case: ${problems.slice(0, 3).join('; ')}; fix it, or remove it with: ${remove}`);
  }
  return suite.run(entry.counterexample, entry.mutation);
}

/** Write the ledger, entries sorted by token. */
export function writeLedger(ledger: Ledger, file = LEDGER_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  const entries = [...ledger.entries].sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  writeFileSync(file, JSON.stringify({ version: 1, entries }, null, 2) + '\n');
}

/** The ledger entry of a violation. */
export function entryOf(v: Violation, runs: number): LedgerEntry {
  return {
    token: violationToken(v, runs),
    suite: v.suite, ...(v.mutation ? { mutation: v.mutation } : {}),
    findings: findingKinds(v.findings), counterexample: v.counterexample,
  };
}

/** Distinct (checker, rule) pairs, in first-seen order. */
export function findingKinds(findings: readonly Finding[]): Array<{ checker: string; rule: string }> {
  const seen = new Map<string, { checker: string; rule: string }>();
  for (const f of findings) seen.set(`${f.checker} ${f.rule}`, { checker: f.checker, rule: f.rule });
  return [...seen.values()];
}

/** Add entries not yet recorded; returns the new ledger and how many were added. */
export function record(ledger: Ledger, entries: readonly LedgerEntry[]): { ledger: Ledger; added: number } {
  const known = new Set(ledger.entries.map((e) => e.token));
  const fresh = entries.filter((e) => !known.has(e.token));
  return { ledger: { version: 1, entries: [...ledger.entries, ...fresh] }, added: fresh.length };
}

/** Remove the entry whose token is (or starts with) `token`; an unknown or ambiguous one is an input error. */
export function removeEntry(ledger: Ledger, token: string): Ledger {
  const matches = ledger.entries.filter((e) => e.token === token || e.token.startsWith(token));
  if (matches.length !== 1) throw new InputError(matches.length === 0 ? `no ledger entry matches "${token}"` : `"${token}" matches ${matches.length} ledger entries; give more of the token`);
  return { version: 1, entries: ledger.entries.filter((e) => e !== matches[0]) };
}

/** An entry replayed: does it still fail? (With the configuration(s) it was judged under, when the suite has them.) */
export interface Replayed extends JudgedUnder {
  readonly entry: LedgerEntry;
  readonly findings: readonly Finding[];
  readonly trace: readonly object[];
}

/** Replay the entries that belong to this run (same suite, same mutation or none). */
export async function replayLedger(ledger: Ledger, suites: readonly AnySuite[], mutation: string | undefined, file = LEDGER_FILE): Promise<Replayed[]> {
  const out: Replayed[] = [];
  for (const [i, entry] of ledger.entries.entries()) {
    const suite = suites.find((s) => s.name === entry.suite);
    if (!suite || entry.mutation !== mutation) continue;
    const outcome = await replayEntry(suite, entry, i, file);
    out.push({ entry, findings: outcome.findings, trace: outcome.trace, ...judgedUnder(outcome) });
  }
  return out;
}
