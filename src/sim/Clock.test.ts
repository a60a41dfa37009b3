import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './Clock.ts';
import { IdSequence, Rng } from './Rng.ts';

describe('VirtualClock', () => {
  it('fires in time order, ties in scheduling order, same-instant callbacks at the same instant', () => {
    const clock = new VirtualClock({ startMs: 0 });
    const seen: string[] = [];
    clock.after(20, () => seen.push(`b@${clock.now}`));
    clock.after(10, () => {
      seen.push(`a@${clock.now}`);
      clock.after(0, () => seen.push(`a2@${clock.now}`));
    });
    clock.after(20, () => seen.push(`c@${clock.now}`));
    while (clock.step());
    expect(seen).toEqual(['a@10', 'a2@10', 'b@20', 'c@20']);
  });

  it('keeps delays longer than 2^31-1 ms (a year of retention) exact', () => {
    const clock = new VirtualClock({ startMs: 0 });
    const year = 365 * 86_400_000;
    const fired: number[] = [];
    clock.after(year, () => fired.push(clock.now));
    let steps = 0;
    while (clock.step()) steps++;
    expect(fired).toEqual([year]);
    expect(steps).toBeLessThan(20);
  });

  it('moves a week of virtual time without waiting', async () => {
    const clock = new VirtualClock({ startMs: 0 });
    let fired = 0;
    const tick = () => {
      fired++;
      if (clock.now < 7 * 86_400_000) clock.after(60_000, tick);
    };
    clock.after(0, tick);
    await clock.run(() => false);
    expect(clock.now).toBe(7 * 86_400_000);
    expect(fired).toBe(7 * 1440 + 1);
  });

  it('fires a model-only schedule exactly as fake-timers does (the clock shared with handler code)', () => {
    // Each timer, when it fires, sets the timers listed for it: delays include ties, 0, sub-ms and fractional ones.
    const delay = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0.4, 1.5, 2.9999, 1e-7, 5.5e-7), fc.constant(2 ** 31 + 7));
    const plan = fc.array(fc.array(delay, { maxLength: 3 }), { minLength: 1, maxLength: 40 });
    const firings = (timers: number[][], fakeGlobals: boolean): string[] => {
      const clock = new VirtualClock({ startMs: 1_000, fakeGlobals });
      try {
        const seen: string[] = [];
        let next = 0;
        const set = (d: number) => {
          const id = next++;
          clock.after(d, () => {
            seen.push(`${id}@${clock.now}`);
            for (const child of timers[id] ?? []) set(child);
          });
        };
        for (const d of timers[0] ?? []) set(d);
        set(3);
        while (clock.step());
        return seen;
      } finally {
        clock.dispose();
      }
    };
    fc.assert(fc.property(plan, (timers) => {
      expect(firings(timers, false)).toEqual(firings(timers, true));
    }), { numRuns: 200 });
  });

  it('runs user code that uses setTimeout and Date on the virtual clock when globals are faked', async () => {
    const clock = new VirtualClock({ startMs: 1_000_000, fakeGlobals: true });
    try {
      const handler = async () => {
        const before = Date.now();
        await new Promise((r) => setTimeout(r, 5_000));
        return Date.now() - before;
      };
      let elapsed = -1;
      void clock.track(handler()).then((v) => (elapsed = v));
      await clock.run(() => elapsed >= 0);
      expect(elapsed).toBe(5_000);
      expect(clock.now).toBe(1_005_000);
    } finally {
      clock.dispose();
    }
    expect(Date.now()).toBeGreaterThan(1_700_000_000_000); // real time is back
  });
});

describe('Rng', () => {
  it('is deterministic per seed and label, and forks independently', () => {
    const a = new Rng('7');
    const b = new Rng('7');
    expect([a.next(), a.int(1, 6), a.uuid()]).toEqual([b.next(), b.int(1, 6), b.uuid()]);
    expect(new Rng('7').fork('x').next()).not.toBe(new Rng('7').fork('y').next());
    expect(new Rng('8').next()).not.toBe(new Rng('7').next());
  });
  it('makes version-4 shaped UUIDs', () => {
    const r = new Rng('u');
    for (let i = 0; i < 20; i++) expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('IdSequence', () => {
  it('makes unique, seeded, UUID-shaped request ids', () => {
    const a = new IdSequence(new Rng('s'));
    const ids = Array.from({ length: 1000 }, () => a.id());
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids.slice(0, 5)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new IdSequence(new Rng('s')).id()).toBe(ids[0]);
    expect(new IdSequence(new Rng('t')).id()).not.toBe(ids[0]);
  });
  it('counts in the last 12 hex digits, carrying across them', () => {
    const seq = new IdSequence(new Rng('s'));
    const ids = Array.from({ length: 4097 }, () => seq.id());
    expect(ids.map((id) => id.slice(-12)).filter((_, i) => [0, 1, 15, 16, 255, 256, 4095, 4096].includes(i))).toEqual([
      '000000000000', '000000000001', '00000000000f', '000000000010', '0000000000ff', '000000000100', '000000000fff', '000000001000',
    ]);
    expect(new Set(ids.map((id) => id.slice(0, -12))).size).toBe(1);
  });
});
