/**
 * Replay tokens: one opaque string that holds everything needed to reproduce
 * a shrunk counterexample exactly (suite, seed, fast-check path, runs,
 * mutation), on any machine.
 */
import { InputError } from './InputError.ts';

/** What a token encodes. */
export interface ReplaySpec {
  readonly suite: string;
  readonly seed: number;
  readonly path: string;
  readonly runs: number;
  readonly mutation?: string;
}

const PREFIX = 'sc1.';

/** Encode a replay spec as a token. */
export function encodeToken(spec: ReplaySpec): string {
  const compact = [spec.suite, spec.seed, spec.path, spec.runs, spec.mutation ?? ''];
  return PREFIX + Buffer.from(JSON.stringify(compact), 'utf8').toString('base64url');
}

/** Decode a token; bad tokens are input errors. */
export function decodeToken(token: string): ReplaySpec {
  if (!token.startsWith(PREFIX)) throw new InputError(`not a streamcheck replay token (they start with "${PREFIX}"): ${token.slice(0, 40)}`);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new InputError('the replay token is damaged (not valid base64url JSON)');
  }
  if (!Array.isArray(parts) || parts.length !== 5 || typeof parts[0] !== 'string' || typeof parts[1] !== 'number' || typeof parts[2] !== 'string' || typeof parts[3] !== 'number' || typeof parts[4] !== 'string') {
    throw new InputError('the replay token is damaged (unexpected contents)');
  }
  const [suite, seed, path, runs, mutation] = parts as [string, number, string, number, string];
  // A token is written by `run`: a 32-bit seed, a fast-check path (12:0:3) and at least one run. Anything else was edited.
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed > 2 ** 31 - 1) throw new InputError(`the replay token is damaged (seed ${seed} is not a 32-bit integer)`);
  if (!/^\d+(:\d+)*$/.test(path)) throw new InputError(`the replay token is damaged (path "${path}" is not a fast-check path such as 12:0:3)`);
  if (!Number.isInteger(runs) || runs < 1) throw new InputError(`the replay token is damaged (runs ${runs} is not a positive integer)`);
  return { suite, seed, path, runs, ...(mutation ? { mutation } : {}) };
}

/** The token that replays a campaign's violation (`runs` is the campaign's case count). */
export function violationToken(v: { suite: string; seed: number; path: string; mutation?: string }, runs: number): string {
  return encodeToken({ suite: v.suite, seed: v.seed, path: v.path, runs, ...(v.mutation ? { mutation: v.mutation } : {}) });
}

/** The one-line shell command that replays a token. */
export function replayCommand(token: string): string {
  return `npx streamcheck repro ${token}`;
}
