/**
 * A real-time guard for `streamcheck conform`: with the worker's heartbeat
 * (conformWorker.ts), the only real timers in streamcheck. Simulated time
 * never waits on either. It fires only when the poller under test has kept
 * its thread for the whole allowance without a heartbeat (a synchronous
 * endless loop), and what it prints then names the case, not the time it
 * fired, so a run that does not hang gives the same output whatever the
 * machine's speed.
 */

/** Calls `onExpire` once `ms` real milliseconds pass with no `beat()`. */
export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ms: number,
    private readonly onExpire: () => void,
  ) {}

  /** Start, or restart, the countdown. */
  beat(): void {
    this.stop();
    this.timer = setTimeout(this.onExpire, this.ms);
  }

  /** Stop counting. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
