import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../sim/Clock.ts';
import { TraceRecorder } from '../trace/Trace.ts';
import type { EsmConfig } from './EsmConfig.ts';
import { MappingLifecycle } from './MappingLifecycle.ts';

/** A lifecycle on a fake host that logs what it is asked, at virtual ms since the start; `invocation()` holds one in flight until its returned end is called. */
function rig() {
  const clock = new VirtualClock({ startMs: 0 });
  const trace = new TraceRecorder();
  const log: string[] = [];
  let inFlight = 0;
  let current = { BatchSize: 100 } as EsmConfig;
  const lifecycle: MappingLifecycle = new MappingLifecycle({
    get inFlight() {
      return inFlight;
    },
    get config() {
      return current;
    },
    stopReading: () => log.push(`${clock.now} stop`),
    startReading: (why) => log.push(`${clock.now} start ${why}`),
    configure: (config) => {
      current = config;
      log.push(`${clock.now} configure BatchSize ${config.BatchSize}${lifecycle.hasStarted ? '' : ' before starting'}`);
    },
  }, clock, trace, 1000);
  const states = () => trace.events.flatMap((e) => (e.type === 'state' ? [`${e.t} ${e.state}`] : []));
  const at = (ms: number, action: () => void) => clock.at(ms, action);
  /** An invocation in flight; its end tells the lifecycle when the last one ends, unless `tells` is false (a host that tells it later). */
  const invocation = (tells = true) => {
    inFlight++;
    return () => {
      inFlight--;
      if (inFlight === 0 && tells) lifecycle.drained();
    };
  };
  const run = async () => {
    await clock.run(() => false);
    return { states: states(), log };
  };
  const configs = () => trace.events.flatMap((e) => (e.type === 'config' ? [`${e.t} ${JSON.stringify(e.changes)}`] : []));
  return { lifecycle, at, invocation, run, configs };
}

const config = (BatchSize: number) => ({ BatchSize }) as EsmConfig;

describe('MappingLifecycle (C-2, A-20)', () => {
  it('disables at once with nothing in flight, and resumes reading at once when enabled again', async () => {
    const { lifecycle, at, run } = rig();
    lifecycle.begin();
    at(100, () => lifecycle.disable());
    at(200, () => lifecycle.enable());
    expect(await run()).toEqual({ states: ['100 Disabling', '100 Disabled', '200 Enabling', '200 Enabled'], log: ['100 stop', '200 start re-enabled (C-2)'] });
  });

  it('stays Disabling until the invocation in flight ends, and a re-enable meanwhile resumes only then', async () => {
    const { lifecycle, at, invocation, run } = rig();
    lifecycle.begin();
    let end = () => {};
    at(50, () => (end = invocation()));
    at(100, () => lifecycle.disable());
    at(200, () => lifecycle.enable());
    at(300, () => end());
    const out = await run();
    expect(out.states).toEqual(['100 Disabling', '200 Enabling', '300 Enabled']);
    expect(out.log).toEqual(['100 stop', '300 start re-enabled (C-2)']);
    expect(lifecycle.reading).toBe(true);
  });

  it('applies an update after its lag and restarts reading; an invocation that outlasts the lag holds it back until it ends', async () => {
    const quick = rig();
    quick.lifecycle.begin();
    quick.at(100, () => quick.lifecycle.update(config(5)));
    expect(await quick.run()).toEqual({ states: ['100 Updating', '1100 Enabled'], log: ['100 stop', '1100 configure BatchSize 5', '1100 start updated (A-20)'] });
    expect(quick.configs()).toEqual(['1100 {"BatchSize":5}']);

    const slow = rig();
    slow.lifecycle.begin();
    let end = () => {};
    slow.at(50, () => (end = slow.invocation()));
    slow.at(100, () => slow.lifecycle.update(config(5)));
    slow.at(3000, () => end());
    expect(await slow.run()).toEqual({ states: ['100 Updating', '3000 Enabled'], log: ['100 stop', '3000 configure BatchSize 5', '3000 start updated (A-20)'] });
  });

  it('applies an update before the mapping starts at once, with no state and nothing to stop', async () => {
    const { lifecycle, run, configs } = rig();
    lifecycle.update(config(7));
    expect(await run()).toEqual({ states: [], log: ['0 configure BatchSize 7 before starting'] });
    // Before the start a change is written only when something changed; once running, an applied update always is.
    lifecycle.update(config(7));
    expect(configs()).toEqual(['0 {"BatchSize":7}']);
  });

  it('keeps a disabled mapping disabled through an update, and a re-enable while it is pending reads only once it applies', async () => {
    const off = rig();
    off.lifecycle.begin();
    off.at(100, () => off.lifecycle.disable());
    off.at(200, () => off.lifecycle.update(config(5)));
    const offOut = await off.run();
    expect(offOut.states).toEqual(['100 Disabling', '100 Disabled', '200 Updating', '1200 Disabled']);
    expect(offOut.log).toEqual(['100 stop', '200 stop', '1200 configure BatchSize 5']);
    expect(off.lifecycle.enabled).toBe(false);

    // Disabled while the update waits: Disabled once, not again when the update applies.
    const offDuring = rig();
    offDuring.lifecycle.begin();
    offDuring.at(100, () => offDuring.lifecycle.update(config(5)));
    offDuring.at(200, () => offDuring.lifecycle.disable());
    const offDuringOut = await offDuring.run();
    expect(offDuringOut.states).toEqual(['100 Updating', '200 Disabling', '200 Disabled']);
    expect(offDuringOut.log).toEqual(['100 stop', '200 stop', '1100 configure BatchSize 5']);

    const on = rig();
    on.lifecycle.begin();
    on.at(100, () => on.lifecycle.disable());
    on.at(200, () => on.lifecycle.update(config(5)));
    on.at(500, () => on.lifecycle.enable());
    const onOut = await on.run();
    // Nothing reads while the update is pending, so the re-enable stays `Enabling` until it applies: one `Enabled`, when reading starts.
    expect(onOut.states).toEqual(['100 Disabling', '100 Disabled', '200 Updating', '500 Enabling', '1200 Enabled']);
    expect(onOut.log).toEqual(['100 stop', '200 stop', '1200 configure BatchSize 5', '1200 start re-enabled (C-2)']);
  });

  it('writes Enabled only when reading starts, when a re-enable waits for both an invocation in flight and a pending update', async () => {
    const { lifecycle, at, invocation, run } = rig();
    lifecycle.begin();
    let end = () => {};
    at(50, () => (end = invocation()));
    at(100, () => lifecycle.update(config(5)));
    at(200, () => lifecycle.disable());
    at(300, () => lifecycle.enable());
    at(400, () => end()); // the invocation ends before the update is due (1,100 ms)
    at(600, () => lifecycle.disable());
    at(700, () => lifecycle.enable());
    const out = await run();
    expect(out.states).toEqual(['100 Updating', '200 Disabling', '300 Enabling', '600 Disabling', '600 Disabled', '700 Enabling', '1100 Enabled']);
    expect(out.log).toEqual(['100 stop', '200 stop', '600 stop', '1100 configure BatchSize 5', '1100 start re-enabled (C-2)']);
    expect(lifecycle.reading).toBe(true);
  });

  it('writes Disabled once when a host hears of the last end only after a pending update has applied', async () => {
    const { lifecycle, at, invocation, run } = rig();
    lifecycle.begin();
    let end = () => {};
    // The invocation ends at 1,200 ms, just before the update's timer, but its host tells the lifecycle later (the harness defers it).
    at(50, () => (end = invocation(false)));
    at(100, () => lifecycle.disable());
    at(200, () => lifecycle.update(config(5)));
    at(1_200, () => end()); // set before the update's timer for 1,200 ms, so it runs first
    at(1_300, () => lifecycle.drained());
    const out = await run();
    expect(out.states).toEqual(['100 Disabling', '200 Updating', '1200 Disabled']);
  });

  it('reads only while enabled, not resuming and not updating', () => {
    const { lifecycle, invocation } = rig();
    expect(lifecycle.reading).toBe(false);
    lifecycle.begin();
    expect(lifecycle.reading).toBe(true);
    invocation();
    lifecycle.disable();
    lifecycle.enable();
    expect([lifecycle.enabled, lifecycle.resuming, lifecycle.reading]).toEqual([true, true, false]);
    lifecycle.update(config(2));
    expect([lifecycle.updating, lifecycle.reading]).toEqual([true, false]);
  });
});
