/**
 * Retry back-off (D-11, a model decision): the delay before the k-th
 * consecutive retry is min(maxMs, baseMs * factor^(k-1)).
 *
 * A poison record retried for a week waits the cap ten thousand times; the
 * power is worked out only until it reaches the cap (for factor > 1 the
 * delays never fall again), and from there each retry reads the cap.
 */
import type { BackoffOptions } from './ModelOptions.ts';

/** Retries scanned for the cap: a factor so close to 1 that it is not reached by then has each delay worked out. */
const SCAN_LIMIT = 1000;

/** One mapping's back-off schedule. */
export class Backoff {
  /** The first k whose delay is the cap (Infinity when the delays never reach it). */
  private readonly cappedFrom: number;

  constructor(private readonly options: BackoffOptions) {
    this.cappedFrom = Infinity;
    if (!(options.factor > 1 && options.baseMs > 0)) return;
    for (let k = 1; k <= SCAN_LIMIT; k++) {
      if (this.power(k) >= options.maxMs) {
        this.cappedFrom = k;
        return;
      }
    }
  }

  /** Delay before the k-th consecutive retry (k >= 1), ms. */
  delay(k: number): number {
    return k >= this.cappedFrom ? this.options.maxMs : Math.min(this.options.maxMs, this.power(k));
  }

  private power(k: number): number {
    return this.options.baseMs * this.options.factor ** (k - 1);
  }
}
