/**
 * Throttling of one function's invocations (D-1, P-7): Lambda refuses an
 * invocation when the function already runs as many as its reserved
 * concurrency allows, or when the account has no concurrency to spare. A
 * throttled batch never reaches the function; the mapping retries it, and
 * those retries do not count against MaximumRetryAttempts (D-1, Q-4).
 *
 * Reserved concurrency is the function's, not a mapping's: one throttler
 * per function.
 */
import { InputError } from '../run/InputError.ts';

/** A span of virtual time, ms after the run's epoch: from `from` (inclusive) to `to` (exclusive). */
export interface ThrottleSpan {
  readonly from: number;
  readonly to: number;
}

/** How a function is throttled: by its reserved concurrency, and in spans when the account has none to spare. */
export interface ThrottleSpec {
  /**
   * ReservedConcurrentExecutions: invocations started while this many run
   * are throttled; 0 throttles every one (P-7). Absent: not reserved, never
   * throttled for concurrency.
   */
  readonly reservedConcurrency?: number;
  /** Spans in which every invocation is throttled, as when other functions use the account's whole concurrency. */
  readonly throttles?: readonly ThrottleSpan[];
}

/** The throttler for a function, or none when it is never throttled; bad input (see `throttleProblem`) throws InputError. */
export function throttlerFor(spec: ThrottleSpec, epochMs: number): Throttler | undefined {
  const problem = throttleProblem(spec);
  if (problem !== undefined) throw new InputError(`the function's ${problem}`);
  return spec.reservedConcurrency !== undefined || (spec.throttles?.length ?? 0) > 0 ? new Throttler(spec, epochMs) : undefined;
}

/** What is wrong with a throttle spec, in a sentence; undefined when nothing is. */
export function throttleProblem(spec: ThrottleSpec): string | undefined {
  const { reservedConcurrency: reserved, throttles = [] } = spec;
  if (reserved !== undefined && !(Number.isInteger(reserved) && reserved >= 0)) return `reservedConcurrency must be a whole number of 0 or more, not ${String(reserved)}`;
  const i = throttles.findIndex((s) => !(s.to > s.from));
  return i < 0 ? undefined : `throttles[${i}] ends (to ${throttles[i]!.to}) no later than it starts (from ${throttles[i]!.from})`;
}

/** Admits or throttles one function's invocations. */
export class Throttler {
  private running = 0;
  private readonly limit: number;
  private readonly spans: readonly ThrottleSpan[];

  constructor(
    spec: ThrottleSpec,
    /** Virtual epoch ms that span times count from. */
    private readonly epochMs: number,
  ) {
    this.limit = spec.reservedConcurrency ?? Infinity;
    this.spans = spec.throttles ?? [];
  }

  /** Start an invocation at `now` if the function may run one more; false when it is throttled. */
  admit(now: number): boolean {
    if (this.running >= this.limit || this.inSpan(now - this.epochMs)) return false;
    this.running++;
    return true;
  }

  /** An admitted invocation ended. */
  release(): void {
    this.running--;
  }

  private inSpan(at: number): boolean {
    for (const s of this.spans) if (at >= s.from && at < s.to) return true;
    return false;
  }
}
