/**
 * Event filter patterns (I-1, I-7): EventBridge's pattern syntax, the subset
 * Lambda documents for event source mappings.
 *
 * A pattern is a JSON object. Each key names a field of the record's filter
 * view (see StreamSource.filterView). Its value is either a nested pattern for
 * an object field, or a list of matchers, of which one must match. A field
 * that holds a list matches when any element does. The matchers are:
 * - a string, a number, `true`, `false` or `null`, matched exactly (strings
 *   are case-sensitive);
 * - `{"prefix": "s"}`;
 * - `{"anything-but": v}`, where v is a value, a list of values or
 *   `{"prefix": "s"}`. The field must exist;
 * - `{"numeric": [op, n]}` or `{"numeric": [op, n, op, n]}`, with op one of
 *   `=`, `<`, `<=`, `>`, `>=`;
 * - `{"exists": true}` or `{"exists": false}`.
 *
 * A record matches a pattern when every field the pattern names matches
 * (AND); fields the pattern does not name are ignored. A nested pattern
 * under a missing field is matched as if the field were `{}` (so `exists:
 * false` below it holds), and under a list, against each object in it.
 * A field whose value could not be parsed (`UNPARSEABLE`, I-4) matches no
 * pattern that names it.
 *
 * Model decision: numbers are compared by value once the data is parsed, so
 * `300` and `300.0` are equal here. I-7 says AWS compares their text.
 */
import { isObject } from './ParameterTypes.ts';

/** A compiled pattern: does a record's filter view match? */
export type FilterPattern = (view: unknown) => boolean;

/** Stands for data that is not JSON (I-4): a pattern naming the field never matches. */
export const UNPARSEABLE: unique symbol = Symbol('unparseable');

/** One matcher of a list: does a field's value (undefined when absent) match? */
type Matcher = (value: unknown, present: boolean) => boolean;

const NUMERIC_OPS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** Compile a pattern's JSON text; undefined when it is not a valid pattern ("Invalid filter pattern definition."). */
export function compilePattern(text: string): FilterPattern | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(value) ? objectPattern(value) : undefined;
}

/** A record matches a list of patterns when it matches any of them (I-1: filters are ORed). */
export function anyPattern(patterns: readonly FilterPattern[]): FilterPattern {
  return (view) => patterns.some((p) => p(view));
}

function objectPattern(pattern: Record<string, unknown>): FilterPattern | undefined {
  const fields: Array<readonly [string, FilterPattern | Matcher[]]> = [];
  for (const [key, spec] of Object.entries(pattern)) {
    if (Array.isArray(spec)) {
      const matchers = spec.map(matcherOf);
      if (matchers.length === 0 || matchers.some((m) => m === undefined)) return undefined;
      fields.push([key, matchers as Matcher[]]);
    } else if (isObject(spec) && Object.keys(spec).length > 0) {
      const nested = objectPattern(spec);
      if (nested === undefined) return undefined;
      fields.push([key, nested]);
    } else {
      return undefined; // a bare value (EventBridge wants a list) or an empty object
    }
  }
  return (view) => {
    const object = isObject(view) ? view : {};
    return fields.every(([key, spec]) => fieldMatches(object, key, spec));
  };
}

function fieldMatches(view: Record<string, unknown>, key: string, spec: FilterPattern | Matcher[]): boolean {
  const present = Object.hasOwn(view, key);
  const value = present ? view[key] : undefined;
  if (value === UNPARSEABLE) return false; // I-4
  if (typeof spec === 'function') {
    // A nested pattern: under a list, any object element may match; under anything else (or nothing), as against {}.
    return Array.isArray(value) ? value.some((v) => isObject(v) && spec(v)) : spec(isObject(value) ? value : {});
  }
  if (!present) return spec.some((m) => m(undefined, false)); // only `exists: false` can match a missing field
  const values = Array.isArray(value) ? value : [value];
  return spec.some((m) => values.some((v) => m(v, true)));
}

function matcherOf(spec: unknown): Matcher | undefined {
  if (spec === null || typeof spec === 'string' || typeof spec === 'number' || typeof spec === 'boolean') {
    return (value, present) => present && value === spec;
  }
  if (!isObject(spec)) return undefined;
  const keys = Object.keys(spec);
  if (keys.length !== 1) return undefined;
  const [op] = keys as [string];
  const arg = spec[op];
  switch (op) {
    case 'prefix':
      return typeof arg === 'string' ? (value, present) => present && typeof value === 'string' && value.startsWith(arg) : undefined;
    case 'exists':
      return typeof arg === 'boolean' ? existsMatcher(arg) : undefined;
    case 'numeric':
      return numericMatcher(arg);
    case 'anything-but':
      return anythingBut(arg);
    default:
      return undefined;
  }
}

/** `exists` looks at leaf values only: a field holding an object does not exist as a value. */
function existsMatcher(wanted: boolean): Matcher {
  return (value, present) => (present && !isObject(value)) === wanted;
}

/** `["=", n]`, one bound, or a lower bound then an upper bound (`[">", a, "<=", b]`). */
function numericMatcher(arg: unknown): Matcher | undefined {
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) return undefined;
  const tests: Array<(n: number) => boolean> = [];
  for (let i = 0; i < arg.length; i += 2) {
    const compare = NUMERIC_OPS[arg[i] as string];
    const bound = arg[i + 1];
    if (compare === undefined || typeof bound !== 'number' || !Number.isFinite(bound)) return undefined;
    tests.push((n) => compare(n, bound));
  }
  if (arg.length === 4 && !(LOWER.has(arg[0] as string) && UPPER.has(arg[2] as string) && (arg[1] as number) < (arg[3] as number))) return undefined;
  return (value, present) => present && typeof value === 'number' && tests.every((t) => t(value));
}

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

/** A string, a number, a non-empty list of strings or of numbers, or `{"prefix": s}`. */
function anythingBut(arg: unknown): Matcher | undefined {
  if (isObject(arg)) {
    const prefix = arg['prefix'];
    if (Object.keys(arg).length !== 1 || typeof prefix !== 'string') return undefined;
    return (value, present) => present && !(typeof value === 'string' && value.startsWith(prefix));
  }
  const excluded = Array.isArray(arg) ? arg : [arg];
  const kind = typeof excluded[0];
  if (excluded.length === 0 || (kind !== 'string' && kind !== 'number') || excluded.some((v) => typeof v !== kind)) return undefined;
  return (value, present) => present && !excluded.includes(value);
}

