/**
 * The virtual clock every simulation runs on.
 *
 * Built on `@sinonjs/fake-timers`: timers are kept in its heap and fired in
 * time order (ties in creation order), so a week of retries costs only the
 * timers it fires. Nothing here reads wall-clock time. When user handler code
 * must see the same clock (its `setTimeout`, `Date`), the clock is created
 * with `fakeGlobals` and installed on `globalThis` until {@link VirtualClock.dispose}.
 */
import FakeTimers from '@sinonjs/fake-timers';

/** 2026-01-01T00:00:00.000Z: the default virtual epoch of a run. */
export const DEFAULT_EPOCH_MS = 1_767_225_600_000;


/** Options for {@link VirtualClock}. */
export interface ClockOptions {
  /** Virtual time at start, epoch ms. */
  readonly startMs?: number;
  /** Install the clock as the global `setTimeout`/`Date` so handler code shares it. */
  readonly fakeGlobals?: boolean;
}

const realSetImmediate = globalThis.setImmediate;

/** Longest delay a timer takes as given (2^31 - 1 ms). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Discrete-event virtual clock (one per simulation run). */
export class VirtualClock {
  private readonly clock: FakeTimers.Clock;
  private readonly uninstall: (() => void) | undefined;
  private awaiting = 0;
  /** Callbacks due at the current instant, in order (fake-timers would push a 0 ms delay to +1 ms). */
  private readonly soon: Array<() => void> = [];
  private soonHead = 0;

  constructor(options: ClockOptions = {}) {
    const now = options.startMs ?? DEFAULT_EPOCH_MS;
    if (options.fakeGlobals) {
      const installed = FakeTimers.withGlobal(globalThis).install({
        now,
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
        loopLimit: 1_000_000_000,
      });
      this.clock = installed;
      this.uninstall = () => installed.uninstall();
    } else {
      this.clock = FakeTimers.createClock(now, 1_000_000_000);
      this.uninstall = undefined;
    }
  }

  /** Current virtual time, epoch ms. */
  get now(): number {
    return this.clock.now;
  }

  /**
   * Run `fn` after `delayMs` virtual ms (0 or less: later at the same instant).
   * Delays past 2^31-1 ms (24.8 days; a year of retention) are chained, since
   * timers, like Node's, would clamp them to 1 ms.
   */
  after(delayMs: number, fn: () => void): void {
    if (delayMs <= 0) this.soon.push(fn);
    else if (delayMs > MAX_TIMER_DELAY_MS) this.clock.setTimeout(() => this.after(delayMs - MAX_TIMER_DELAY_MS, fn), MAX_TIMER_DELAY_MS);
    else this.clock.setTimeout(fn, delayMs);
  }

  /** Run `fn` at virtual time `atMs` (at the current instant, if that is not later). */
  at(atMs: number, fn: () => void): void {
    this.after(atMs - this.clock.now, fn);
  }

  /** Fire the next due callback. Returns false when none is left. */
  step(): boolean {
    if (this.soonHead < this.soon.length) {
      const fn = this.soon[this.soonHead++]!;
      if (this.soonHead === this.soon.length) {
        this.soon.length = 0;
        this.soonHead = 0;
      }
      fn();
      return true;
    }
    if (this.clock.countTimers() === 0) return false;
    this.clock.next();
    return true;
  }

  private get pending(): number {
    return this.soon.length - this.soonHead + this.clock.countTimers();
  }

  /**
   * Track a promise from user code: while any is pending, {@link run} lets
   * microtasks settle before it moves virtual time on.
   */
  track<T>(promise: Promise<T>): Promise<T> {
    this.awaiting += 1;
    const done = () => {
      this.awaiting -= 1;
    };
    promise.then(done, done);
    return promise;
  }

  /**
   * Fire timers in order until `stop()` holds or no timer is left.
   * Synchronous work never yields; only pending user promises make it await.
   */
  async run(stop: () => boolean): Promise<void> {
    for (;;) {
      if (this.awaiting > 0) await settle();
      if (stop()) return;
      if (!this.step()) {
        if (this.awaiting === 0) return;
        await settle();
        if (this.pending === 0 && this.awaiting > 0) return;
      }
    }
  }

  /** Remove global fakes, if installed. Safe to call twice. */
  dispose(): void {
    this.uninstall?.();
  }
}

/** Let every queued microtask run (real macrotask turn; virtual time does not move). */
function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}
