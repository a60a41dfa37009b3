/**
 * Expected versus observed: a list of readable differences, empty when the
 * scenario holds. Each line says where (`invocations #3`,
 * `onFailure[0].requestContext.approximateInvokeCount`), what was expected
 * and what happened.
 */
import { isDeepStrictEqual } from 'node:util';
import { isoMillis } from '../esm/OnFailureRecord.ts';
import type { PutEvent } from '../trace/TraceEvent.ts';
import { UUID_PATTERN } from '../sim/Rng.ts';
import type { Observed, ObservedBatch } from './observe.ts';
import type { BatchExpectation, Expectations, FindingExpectation, TimeExpectation } from './Scenario.ts';

/** One difference between expectation and run. */
export interface Difference {
  /** Where, e.g. `invocations #2` or `onFailure[0].requestContext.condition`. */
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

/** All differences between what a scenario expects and what its run showed. */
export function diffOutcomes(expect: Expectations, observed: Observed, puts: ReadonlyMap<string, PutEvent>): Difference[] {
  return [
    ...(expect.invocations ? diffInvocations(expect.invocations.batches, expect.invocations.match ?? 'exact', observed.invocations) : []),
    ...diffRecord('deliveries', expect.deliveries, observed.deliveries, (v) => (v === undefined ? '0' : String(v))),
    ...diffRecord('throttles', expect.throttles, observed.throttles, (v) => (v === undefined ? '0' : String(v))),
    ...(expect.discards ? diffList('discards', expect.discards.map((d) => discardText(d, d.shard)), observed.discards.map((d, i) => discardText(d, expect.discards?.[i]?.shard && d.shard))) : []),
    ...(expect.onFailure ? diffOnFailure(expect.onFailure.map((m) => resolvePlaceholders(m, puts)), observed.onFailure) : []),
    ...(expect.s3Keys ? diffList('s3Keys', expect.s3Keys, observed.s3Keys, (e, a) => keyPattern(e).test(a)) : []),
    ...diffIteratorAges(expect.maxIteratorAge, observed.maxIteratorAge),
    ...diffRecord('checkpoints', expect.checkpoints, observed.checkpoints, (v) => (v === undefined ? '(shard not seen)' : v === null ? 'none' : String(v))),
    ...diffFindings(expect.findings ?? [], observed),
  ];
}

function diffInvocations(expected: readonly BatchExpectation[], match: 'exact' | 'prefix', actual: readonly ObservedBatch[]): Difference[] {
  const out: Difference[] = [];
  expected.forEach((e, i) => {
    const a = actual[i];
    const want = describeExpected(e);
    if (!a) out.push({ path: `invocations #${i + 1}`, expected: want, actual: 'no such invocation' });
    else if (!batchMatches(e, a)) out.push({ path: `invocations #${i + 1}`, expected: want, actual: describeActual(a, e) });
  });
  if (match === 'exact' && actual.length > expected.length) {
    const extra = actual.slice(expected.length, expected.length + 3).map((a) => describeActual(a, [])).join('; ');
    out.push({ path: `invocations #${expected.length + 1}`, expected: `no more invocations (${expected.length} in all)`, actual: `${actual.length - expected.length} more: ${extra}${actual.length - expected.length > 3 ? '; ...' : ''}` });
  }
  return out;
}

function batchMatches(e: BatchExpectation, a: ObservedBatch): boolean {
  const spec = Array.isArray(e) ? { records: e as readonly string[] } : (e as Exclude<BatchExpectation, readonly string[]>);
  if (spec.records.join('\u0000') !== a.records.join('\u0000')) return false;
  if ('shard' in spec && spec.shard !== undefined && spec.shard !== a.shard) return false;
  if ('lane' in spec && spec.lane !== undefined && spec.lane !== a.lane) return false;
  if ('outcome' in spec && spec.outcome !== undefined && spec.outcome !== a.outcome) return false;
  if ('at' in spec && spec.at !== undefined && !timeMatches(spec.at, a.at)) return false;
  if ('state' in spec && spec.state !== undefined && !(a.window && isDeepStrictEqual(spec.state, a.window.state))) return false;
  if ('final' in spec && spec.final !== undefined && spec.final !== a.window?.final) return false;
  return true;
}

function timeMatches(t: TimeExpectation, at: number): boolean {
  if (typeof t === 'number') return t === at;
  return (t.min === undefined || at >= t.min) && (t.max === undefined || at <= t.max);
}

/** A time or duration expectation as text: `500 ms`, `100..200 ms`, `at least 100 ms`, `at most 200 ms`. */
function timeText(t: TimeExpectation): string {
  if (typeof t === 'number') return `${t} ms`;
  if (t.min !== undefined && t.max !== undefined) return `${t.min}..${t.max} ms`;
  return t.min !== undefined ? `at least ${t.min} ms` : `at most ${t.max} ms`;
}

/** When an invocation is expected: `at 500 ms`, `at 100..200 ms`, `at 100 ms or later`, `by 200 ms`. */
function atText(t: TimeExpectation): string {
  if (typeof t === 'object' && t.max === undefined) return `at ${t.min} ms or later`;
  if (typeof t === 'object' && t.min === undefined) return `by ${t.max} ms`;
  return `at ${timeText(t)}`;
}

function describeExpected(e: BatchExpectation): string {
  if (Array.isArray(e)) return `[${(e as readonly string[]).join(', ')}]`;
  const s = e as Exclude<BatchExpectation, readonly string[]>;
  const at = s.at === undefined ? '' : ` ${atText(s.at)}`;
  return `[${s.records.join(', ')}]${s.shard ? ` on ${s.shard}` : ''}${s.lane !== undefined ? ` lane ${s.lane}` : ''}${at}${windowText(s.state, s.final)}${s.outcome ? ` -> ${s.outcome}` : ''}`;
}

/** The observed batch, with the facts the expectation asked about. */
function describeActual(a: ObservedBatch, e: BatchExpectation): string {
  const spec = Array.isArray(e) ? {} : (e as Exclude<BatchExpectation, readonly string[]>);
  const window = ('state' in spec || 'final' in spec) && a.window === undefined ? ' (no window)' : windowText('state' in spec ? a.window!.state : undefined, 'final' in spec ? a.window!.final : undefined);
  return `[${a.records.join(', ')}]${'shard' in spec ? ` on ${a.shard}` : ''}${'lane' in spec ? ` lane ${a.lane}` : ''}${'at' in spec ? ` at ${a.at} ms` : ''}${window} -> ${a.outcome ?? 'no result'}`;
}

/** The window facts of a batch, as the diff shows them (only those asked about). */
function windowText(state: unknown, final: boolean | undefined): string {
  return `${state !== undefined ? ` state ${JSON.stringify(state)}` : ''}${final === true ? ' final' : final === false ? ' not final' : ''}`;
}

function diffRecord<T>(name: string, expected: Readonly<Record<string, T>> | undefined, actual: Readonly<Record<string, T>>, show: (v: T | undefined) => string): Difference[] {
  if (!expected) return [];
  const out: Difference[] = [];
  for (const [k, v] of Object.entries(expected)) {
    if (show(v) !== show(actual[k])) out.push({ path: `${name}.${k}`, expected: show(v), actual: show(actual[k]) });
  }
  return out;
}

/** Each expected shard's largest IteratorAge (J-5), exactly or within its range. */
function diffIteratorAges(expected: Readonly<Record<string, TimeExpectation>> | undefined, actual: Readonly<Record<string, number>>): Difference[] {
  return Object.entries(expected ?? {}).flatMap(([shard, want]) => {
    const got = actual[shard];
    if (got !== undefined && timeMatches(want, got)) return [];
    return [{ path: `maxIteratorAge.${shard}`, expected: timeText(want), actual: got === undefined ? `no invocation of ${shard} ended; shards with one: ${Object.keys(actual).join(', ') || 'none'}` : `${got} ms` }];
  });
}

function discardText(d: { records: readonly string[]; condition: string }, shard: string | undefined): string {
  return `${shard ? `${shard} ` : ''}[${d.records.join(', ')}] ${d.condition}`;
}

/** Item by item, where an expected item does not `match` the actual one (default: equal), or either is missing. */
function diffList(name: string, expected: readonly string[], actual: readonly string[], match = (e: string, a: string) => e === a): Difference[] {
  const out: Difference[] = [];
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const [e, a] = [expected[i], actual[i]];
    if (e === undefined || a === undefined || !match(e, a)) out.push({ path: `${name}[${i}]`, expected: e ?? 'nothing', actual: a ?? 'nothing' });
  }
  return out;
}

function diffOnFailure(expected: readonly unknown[], actual: readonly unknown[]): Difference[] {
  const out: Difference[] = [];
  if (expected.length !== actual.length) out.push({ path: 'onFailure', expected: `${expected.length} message(s)`, actual: `${actual.length} message(s)` });
  expected.forEach((e, i) => {
    if (i < actual.length) out.push(...subsetDiff(e, actual[i], `onFailure[${i}]`));
  });
  return out;
}

/** An expected S3 key as a whole-string pattern: `$uuid` matches any lowercase UUID, everything else itself. */
function keyPattern(expected: string): RegExp {
  const parts = expected.split('$uuid').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join(UUID_PATTERN)}$`);
}

/** In an expected object, the value that means "this key must be absent" (F-4: RecordAgeExceeded has no responseContext). */
export const ABSENT = '$absent';

/** Differences where `actual` does not contain `expected` (objects: the listed keys; everything else: equal). */
export function subsetDiff(expected: unknown, actual: unknown, path: string): Difference[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ path, expected: 'an object', actual: show(actual) }];
    return Object.entries(expected).flatMap(([k, v]) => {
      if (v === ABSENT) return k in actual ? [{ path: `${path}.${k}`, expected: '(absent)', actual: show((actual as Record<string, unknown>)[k]) }] : [];
      if (!(k in actual)) return [{ path: `${path}.${k}`, expected: show(v), actual: '(absent)' }];
      return subsetDiff(v, (actual as Record<string, unknown>)[k], `${path}.${k}`);
    });
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected: 'an array', actual: show(actual) }];
    if (expected.length !== actual.length) return [{ path, expected: `${expected.length} item(s)`, actual: `${actual.length} item(s)` }];
    return expected.flatMap((v, i) => subsetDiff(v, actual[i], `${path}[${i}]`));
  }
  return Object.is(expected, actual) ? [] : [{ path, expected: show(expected), actual: show(actual) }];
}

/** `$seq:r5` -> r5's sequence number, `$arrival:r5` -> r5's arrival as an F-2 string, anywhere in a string. */
export function resolvePlaceholders(value: unknown, puts: ReadonlyMap<string, PutEvent>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$(seq|arrival):([\w.-]+)/g, (text, kind: string, rid: string) => {
      const put = puts.get(rid);
      if (!put) return text;
      return kind === 'seq' ? put.seq : isoMillis(put.t);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolvePlaceholders(v, puts));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePlaceholders(v, puts)]));
  return value;
}

function diffFindings(expected: readonly FindingExpectation[], observed: Observed): Difference[] {
  const out: Difference[] = [];
  const kinds = [...new Set(observed.findings.map((f) => `${f.checker} (${f.rule})`))];
  const hit = (e: FindingExpectation, f: { checker: string; rule: string }) => e.checker === f.checker && (e.rule === undefined || e.rule === f.rule);
  for (const e of expected) {
    if (!observed.findings.some((f) => hit(e, f))) out.push({ path: 'findings', expected: `${e.checker}${e.rule ? ` (${e.rule})` : ''}`, actual: kinds.length ? `only ${kinds.join(', ')}` : 'no findings: every checker holds' });
  }
  const unexpected = new Map<string, string>();
  for (const f of observed.findings) if (!expected.some((e) => hit(e, f))) unexpected.set(`${f.checker} (${f.rule})`, `[${f.rule}] ${f.checker}: ${f.summary}`);
  for (const text of unexpected.values()) {
    out.push({ path: 'findings', expected: expected.length ? `only ${expected.map((e) => e.checker).join(', ')}` : 'no findings', actual: text });
  }
  return out;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}
