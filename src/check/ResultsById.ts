/**
 * Joining invocations with their results: each invocation id's last result
 * event. Ids are looked up once per invocation, so instead of a `Map` (which
 * grows step by step and hashes whole ids) this is an open-addressing table
 * of fixed size over a cheap hash of an id's length and first and last
 * characters, where invocation ids differ (a counter, or random UUID digits). Keys are
 * compared as a `Map` compares them, so the join is the same whatever the
 * ids look like; only its speed depends on them.
 */
import type { ResultEvent } from '../trace/TraceEvent.ts';
import { filledArray } from './filledArray.ts';

/** How many of an id's first and of its last characters its hash reads. */
const HASHED_CHARS = 12;

/** The last result of each id among `results` (in trace order). */
export class ResultsById {
  /** Per slot: 1 + the index in `results` of the result whose id hashed there (0: empty). */
  private readonly slots: number[];
  private readonly mask: number;

  constructor(private readonly results: readonly ResultEvent[]) {
    let size = 8;
    while (size < 2 * results.length) size *= 2;
    this.slots = filledArray(size, 0);
    this.mask = size - 1;
    for (let i = 0; i < results.length; i++) this.slots[this.slotOf(results[i]!.id)] = i + 1; // a later result of an id replaces an earlier one
  }

  /** The last result with this id, if any. */
  get(id: string): ResultEvent | undefined {
    const at = this.slots[this.slotOf(id)]!;
    return at === 0 ? undefined : this.results[at - 1];
  }

  /** The slot of `id`: where its result is, or the empty slot where it would go. */
  private slotOf(id: string): number {
    let slot = hashOf(id) & this.mask;
    for (;;) {
      const at = this.slots[slot]!;
      if (at === 0 || sameValueZero(this.results[at - 1]!.id, id)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * A cheap hash of an id: its length and its first and last characters, where
 * ids that count up differ (0 for an id that is not a string, which a
 * malformed trace may hold).
 */
function hashOf(id: unknown): number {
  if (typeof id !== 'string') return 0;
  const n = id.length;
  let h = n;
  for (let k = 1; k <= HASHED_CHARS && k <= n; k++) h = (Math.imul(h, 31) + id.charCodeAt(n - k)) | 0;
  for (let k = 0; k < HASHED_CHARS && k < n - HASHED_CHARS; k++) h = (Math.imul(h, 31) + id.charCodeAt(k)) | 0;
  h ^= h >>> 16;
  return Math.imul(h, 0x45d9f3b) ^ (h >>> 13);
}

/** Key equality as `Map` has it. */
function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b); // eslint-disable-line no-self-compare -- NaN
}
