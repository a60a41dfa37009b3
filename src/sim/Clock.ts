/**
 * The virtual clock every simulation runs on.
 *
 * Timers fire in time order, ties in the order they were set, so a week of
 * retries costs only the timers it fires. Nothing here reads wall-clock time.
 *
 * When user handler code must see the same clock (its `setTimeout`, `Date`),
 * the clock is created with `fakeGlobals`: it is then `@sinonjs/fake-timers`,
 * installed on `globalThis` until {@link VirtualClock.dispose}, and the
 * model's timers and the handler's share its queue. Otherwise only the model
 * reads time, and its timers live in a {@link TimerHeap} that orders and
 * rounds them exactly as fake-timers does (same trace either way; a test
 * holds the two to the same firing order), at a fraction of the cost per
 * timer.
 */
import FakeTimers from '@sinonjs/fake-timers';
import { TimerHeap } from './TimerHeap.ts';

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
  /** The installed fake-timers clock, when handler code shares the clock. */
  private readonly fake: FakeTimers.Clock | undefined;
  private readonly uninstall: (() => void) | undefined;
  /** Otherwise: the model's timers, and the current time. */
  private readonly heap = new TimerHeap();
  private time: number;
  /** Inside a fired timer (fake-timers then rounds a sub-millisecond delay up to 1 ms). */
  private firing = false;
  private awaiting = 0;
  /** Callbacks due at the current instant, in order (fake-timers would push a 0 ms delay to +1 ms). */
  private readonly soon: Array<() => void> = [];
  private soonHead = 0;

  constructor(options: ClockOptions = {}) {
    const now = options.startMs ?? DEFAULT_EPOCH_MS;
    this.time = now;
    if (options.fakeGlobals) {
      const installed = FakeTimers.withGlobal(globalThis).install({
        now,
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
        loopLimit: 1_000_000_000,
      });
      this.fake = installed;
      this.uninstall = () => installed.uninstall();
    } else {
      this.fake = undefined;
      this.uninstall = undefined;
    }
  }

  /** Current virtual time, epoch ms. */
  get now(): number {
    return this.fake ? this.fake.now : this.time;
  }

  /**
   * Run `fn` after `delayMs` virtual ms (0 or less: later at the same instant).
   * Delays past 2^31-1 ms (24.8 days; a year of retention) are chained, since
   * timers, like Node's, would clamp them to 1 ms.
   */
  after(delayMs: number, fn: () => void): void {
    if (delayMs <= 0) this.soon.push(fn);
    else if (delayMs > MAX_TIMER_DELAY_MS) this.setTimer(MAX_TIMER_DELAY_MS, () => this.after(delayMs - MAX_TIMER_DELAY_MS, fn));
    else this.setTimer(delayMs, fn);
  }

  /** One timer, 0 < delayMs <= 2^31-1. The heap rounds as fake-timers does: whole ms, and 1 ms for a sub-ms delay set by a firing timer. */
  private setTimer(delayMs: number, fn: () => void): void {
    if (this.fake) this.fake.setTimeout(fn, delayMs);
    else this.heap.push(this.time + (wholeMs(delayMs) || (this.firing ? 1 : 0)), fn);
  }

  /** Run `fn` at virtual time `atMs` (at the current instant, if that is not later). */
  at(atMs: number, fn: () => void): void {
    this.after(atMs - this.now, fn);
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
    if (this.fake) {
      if (this.fake.countTimers() === 0) return false;
      this.fake.next();
      return true;
    }
    if (this.heap.size === 0) return false;
    this.time = this.heap.peekDue()!;
    const fn = this.heap.pop();
    this.firing = true;
    try {
      fn();
    } finally {
      this.firing = false;
    }
    return true;
  }

  private get pending(): number {
    return this.soon.length - this.soonHead + (this.fake ? this.fake.countTimers() : this.heap.size);
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

/** A delay's whole milliseconds, read as fake-timers reads it (`parseInt` of its decimal form). */
function wholeMs(delayMs: number): number {
  return Number.isInteger(delayMs) ? delayMs : parseInt(String(delayMs), 10);
}

/** Let every queued microtask run (real macrotask turn; virtual time does not move). */
function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}
