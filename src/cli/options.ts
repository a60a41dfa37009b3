/**
 * The command line's option values and the checks every command shares:
 * integers within their ranges, a fast-check replay path, the reports
 * directory, and the command line as a report records it.
 */
import { mkdirSync } from 'node:fs';
import { InputError } from '../run/InputError.ts';
import { REPORTS_DIR } from '../report/writeReport.ts';

/** Parsed option values, by name. */
export type Values = Record<string, string | boolean | undefined>;

/**
 * The integer options' ranges. fast-check takes a seed as a 32-bit integer
 * (2^32 + 1 would run exactly what 1 runs, under another name), so a seed
 * outside it is refused rather than folded.
 */
const INTEGER_RANGES = {
  seed: [-(2 ** 31), 2 ** 31 - 1],
  runs: [1, 2 ** 31 - 1],
  'hang-after': [1, 86_400],
} as const satisfies Readonly<Record<string, readonly [number, number]>>;

/** An integer option, within its range; `fallback` when it is absent. */
export function integer(values: Values, name: keyof typeof INTEGER_RANGES, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) throw new InputError(`--${name} must be an integer, got "${String(raw)}"`);
  const n = Number(raw);
  const [lo, hi] = INTEGER_RANGES[name];
  if (n < lo || n > hi) throw new InputError(name === 'runs' && n < 1 ? '--runs must be at least 1' : `--${name} must be from ${lo} to ${hi}, got ${raw}`);
  return n;
}

/** `--path`, a fast-check replay path such as 12:0:3, if given. */
export function replayPath(values: Values): string | undefined {
  const path = values['path'];
  if (path === undefined) return undefined;
  if (typeof path !== 'string' || !/^\d+(:\d+)*$/.test(path)) throw new InputError(`--path must look like 12:0:3, got "${String(path)}"`);
  return path;
}

/**
 * `--out`: the directory reports are written to, made now, so that a path
 * that cannot be a directory is refused before the run, not after it (when
 * a violation found would be lost behind the write error).
 */
export function outDir(values: Values): string {
  const dir = nonEmpty(values, 'out') ?? REPORTS_DIR;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code ?? (err as Error).message;
    throw new InputError(`cannot make the reports directory ${dir} (--out): ${why}`);
  }
  return dir;
}

/** A string option that, when given, is not empty (`--out ""` names no file). */
export function nonEmpty(values: Values, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new InputError(`--${name} must not be empty`);
  return v;
}

/** The command line as the report records it (no paths of the machine). */
export function commandLine(argv: readonly string[]): string {
  return ['streamcheck', ...argv].join(' ');
}
