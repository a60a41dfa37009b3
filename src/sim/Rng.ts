/**
 * Seeded randomness: the only source of chance in a run.
 *
 * Every consumer takes a named child stream ({@link Rng.fork}) so that adding
 * randomness in one place does not shift the numbers another place sees.
 */
import seedrandom from 'seedrandom';

const HEX = '0123456789abcdef';
const HEX_CODES = Uint8Array.from(HEX, (ch) => ch.charCodeAt(0));

/** A UUID as the mapping's and on-failure records' are written (8-4-4-4-12 lower-case hex), as a regular-expression source without anchors. */
export const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A deterministic random stream derived from a seed and a label path. */
export class Rng {
  /** Made at the first draw: seeding costs about 2 µs for a long label path, and a run's parent streams and many of its mappings' streams only fork or are never drawn from (about three in ten of the streams a generated case makes). */
  private generator: seedrandom.PRNG | undefined;

  constructor(readonly seed: string) {}

  private get prng(): seedrandom.PRNG {
    return (this.generator ??= seedrandom.alea(this.seed));
  }

  /** An independent stream for `label`, stable for the same parent seed. */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.prng() * (hi - lo + 1));
  }

  /** A random (version 4 shaped) UUID, lower-case hex (it matches UUID_PATTERN). */
  uuid(): string {
    const hex = this.hex(32);
    const variant = HEX[(parseInt(hex[16]!, 16) & 0x3) | 0x8];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** `n` random hex digits: eight per 32-bit draw, most significant first. */
  hex(n: number): string {
    const out = Buffer.allocUnsafe(n);
    let word = 0;
    for (let i = 0; i < n; i++) {
      if (i % 8 === 0) word = this.prng.int32() >>> 0;
      out[i] = HEX_CODES[(word >>> (28 - 4 * (i % 8))) & 0xf]!;
    }
    return out.toString('latin1');
  }
}

/**
 * Request ids for one run: UUID-shaped, unique within the run, and seeded.
 * The first 20 hex digits are drawn once per run, the last 12 count up, so
 * a run of 10,000 retries does not spend its time drawing random digits.
 */
export class IdSequence {
  /** The id's characters; the last 12 are the counter's hex digits, rewritten for each id. */
  private readonly chars: Buffer;
  private next = 0;

  constructor(rng: Rng) {
    const hex = rng.hex(19);
    const prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-${HEX[(parseInt(hex[15]!, 16) & 0x3) | 0x8]}${hex.slice(16, 19)}-`;
    this.chars = Buffer.from(`${prefix}${'0'.repeat(12)}`, 'latin1');
  }

  /** The next id (one flat string: it lives as long as the trace). Only the counter digits that changed since the last id are written: one, most of the time. */
  id(): string {
    const c = this.chars;
    let n = this.next++;
    let was = Math.max(0, n - 1); // the last id's counter (the buffer starts with 0's digits)
    for (let i = c.length - 1; n !== was; i--) {
      c[i] = HEX_CODES[n % 16]!;
      n = Math.floor(n / 16);
      was = Math.floor(was / 16);
    }
    return c.toString('latin1');
  }
}
