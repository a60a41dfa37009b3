/**
 * The control plane of one event source mapping: its state (`Enabled`,
 * `Disabling`, `Disabled`, `Enabling`, `Updating`), a disable that waits for
 * the invocations in flight (C-2), a re-enable that resumes only once they
 * have ended, and an update that applies after its lag and once nothing is
 * in flight. It writes the `state` events; what reading means is its
 * host's: the reference model stops and starts shard consumers, the
 * conformance harness stops and starts the poller under test. Both share
 * this one state machine, so the harness drives a poller through exactly the
 * transitions the model makes.
 */
import type { VirtualClock } from '../sim/Clock.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { MappingState } from '../trace/TraceEvent.ts';
import { configChanges } from './ConfigChanges.ts';
import type { EsmConfig } from './EsmConfig.ts';

/** Why reading starts again. */
export type ResumeReason = 're-enabled (C-2)' | 'updated (A-20)';

/** What the lifecycle asks of the mapping it controls. */
export interface LifecycleHost {
  /** Invocations still in flight: a stop lets them end, and they count. */
  readonly inFlight: number;
  /** Stop reading; reading resumes from the checkpoints. */
  stopReading(): void;
  /** Read again from the checkpoints, after a re-enable or an applied update. */
  startReading(why: ResumeReason): void;
  /** The configuration in force. */
  readonly config: EsmConfig;
  /** Adopt the configuration from now on (the lifecycle has written its `config` event). */
  configure(config: EsmConfig): void;
}

/** One mapping's control-plane state, driven by UpdateEventSourceMapping calls and the end of its invocations. */
export class MappingLifecycle {
  private started = false;
  private on = false;
  /** Re-enabled while an invocation was in flight: reading resumes when the last one ends (C-2). */
  private resumePending = false;
  /** Re-enabled while an update was pending: reading resumes, and `Enabled` is written, only when the update applies. */
  private reEnabledInUpdate = false;
  /** An update waiting for its lag to pass and the invocations in flight to end. */
  private pending: { readonly config: EsmConfig; readonly dueAt: number } | undefined;
  /** The state written last. */
  private last: MappingState | undefined;

  constructor(
    private readonly host: LifecycleHost,
    private readonly clock: VirtualClock,
    private readonly trace: TraceRecorder,
    private readonly updateLagMs: number,
  ) {}

  /** The mapping starts reading, enabled (its `start` event is the host's). */
  begin(): void {
    this.started = true;
    this.on = true;
  }

  /** It has begun reading at least once. */
  get hasStarted(): boolean {
    return this.started;
  }

  /** Enabled (or enabling): records are owed (C-2). */
  get enabled(): boolean {
    return this.on;
  }

  /** Re-enabled, waiting for the stopped reader's invocations to end. */
  get resuming(): boolean {
    return this.resumePending;
  }

  /** An update is waiting to apply. */
  get updating(): boolean {
    return this.pending !== undefined;
  }

  /** Reading now: enabled, not waiting to resume, and no update pending. */
  get reading(): boolean {
    return this.on && !this.resumePending && this.pending === undefined;
  }

  /** UpdateEventSourceMapping Enabled=false (A-13, C-2): stop reading; the invocations in flight end and count. */
  disable(): void {
    if (!this.on) return;
    this.on = false;
    this.resumePending = false;
    this.reEnabledInUpdate = false;
    this.state('Disabling');
    this.host.stopReading();
    if (this.host.inFlight === 0) this.state('Disabled');
  }

  /** UpdateEventSourceMapping Enabled=true (C-2): resume from the checkpoints once nothing is in flight. */
  enable(): void {
    if (this.on) return;
    this.on = true;
    this.state('Enabling');
    this.resumePending = this.host.inFlight > 0;
    if (!this.resumePending) this.resume();
  }

  /**
   * UpdateEventSourceMapping: the state turns `Updating` and reading
   * stops; once the lag has passed and nothing is in flight, the new
   * configuration applies and reading restarts from the checkpoints. Before
   * the mapping has started, the change applies at once.
   */
  update(config: EsmConfig): void {
    if (!this.started) return this.applyConfig(config, false);
    this.state('Updating');
    this.host.stopReading();
    this.pending = { config, dueAt: this.clock.now + this.updateLagMs };
    this.clock.at(this.pending.dueAt, () => this.applyUpdate());
  }

  /** The last invocation in flight has ended: a disable completes, a re-enable resumes, a pending update applies. */
  drained(): void {
    // Not again: an update that applied between the last end and a host's deferred call has written it.
    if (!this.on && this.pending === undefined && this.last !== 'Disabled') this.state('Disabled');
    else if (this.resumePending) this.resume();
    this.applyUpdate();
  }

  private applyUpdate(): void {
    const pending = this.pending;
    if (pending === undefined || this.host.inFlight > 0 || this.clock.now < pending.dueAt) return;
    this.pending = undefined;
    this.applyConfig(pending.config, true);
    if (!this.on) {
      if (this.last !== 'Disabled') this.state('Disabled'); // the update done, the mapping is as it was before it: off (A-20, C-2)
      return;
    }
    if (this.resumePending) return;
    const why = this.reEnabledInUpdate ? 're-enabled (C-2)' : 'updated (A-20)';
    this.reEnabledInUpdate = false;
    this.state('Enabled');
    this.host.startReading(why);
  }

  /** A `config` event of what changed (always once the mapping runs, as an applied update; before, only when something did), then the host adopts it. */
  private applyConfig(config: EsmConfig, running: boolean): void {
    const changes = configChanges(this.host.config, config);
    if (running || Object.keys(changes).length > 0) this.trace.emit({ t: this.clock.now, type: 'config', changes });
    this.host.configure(config);
  }

  /** Read again after a re-enable; while an update is pending, nothing reads until it applies, and `Enabled` waits for it too. */
  private resume(): void {
    this.resumePending = false;
    if (this.pending !== undefined) {
      this.reEnabledInUpdate = true;
      return;
    }
    this.state('Enabled');
    this.host.startReading('re-enabled (C-2)');
  }

  private state(state: MappingState): void {
    this.last = state;
    this.trace.emit({ t: this.clock.now, type: 'state', state });
  }
}
