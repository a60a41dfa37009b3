/**
 * Generators of KDA cases (fast-check): output rows at random times (now and
 * then a burst of large rows over the 6 MB request limit, L-5), a tumbling or
 * continuous query (L-4), 1 to 3 destinations (L-7) with scripted functions
 * that misbehave in every way L-2 names, and restarts (L-6).
 */
import fc from 'fast-check';
import type { AckAction } from '../ack/AckScript.ts';
import { ackScriptArbitrary } from '../ack/scriptArbitrary.ts';
import { MAX_ROW_BYTES, type KdaCase, type KdaQuery, type KdaRestartSpec, type KdaRowSpec } from './KdaCase.ts';

/** Every misbehaviour a KDA output function can show (L-2, L-3, P-3). */
export const KDA_ACTIONS: readonly AckAction[] = ['fail', 'omit', 'duplicate', 'invent', 'noResult', 'noId', 'wrongCase', 'asyncMap', 'throw', 'timeout', 'drop'];

const TIMEOUT_SECONDS = 2;

const query: fc.Arbitrary<KdaQuery> = fc.oneof(
  fc.record({ kind: fc.constant('tumbling' as const), windowSeconds: fc.constantFrom(1, 2, 5, 10) }),
  fc.constant({ kind: 'continuous' as const }),
);

const smallRow: fc.Arbitrary<KdaRowSpec> = fc.record({ at: fc.integer({ min: 0, max: 20_000 }), size: fc.integer({ min: 1, max: 2000 }) });

/** 13 rows of 480+ KiB at one instant: over 6 MB of base64, so one trigger needs two invocations (L-5). */
const burst: fc.Arbitrary<KdaRowSpec[]> = fc.record({ at: fc.integer({ min: 0, max: 20_000 }), size: fc.integer({ min: 480 * 1024, max: MAX_ROW_BYTES }) })
  .map(({ at, size }) => Array.from({ length: 13 }, () => ({ at, size })));

const rows: fc.Arbitrary<KdaRowSpec[]> = fc.tuple(
  fc.array(smallRow, { minLength: 1, maxLength: 12 }),
  fc.oneof({ weight: 7, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: burst }),
).map(([small, big]) => [...small, ...big]);

/** Up to 2 stops, each restarted before the next. */
const restarts: fc.Arbitrary<KdaRestartSpec[]> = fc.array(fc.record({ at: fc.integer({ min: 0, max: 20_000 }), downMs: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 2 })
  .map((rs) => {
    const sorted = [...rs].sort((a, b) => a.at - b.at);
    const out: KdaRestartSpec[] = [];
    for (const r of sorted) {
      const prev = out[out.length - 1];
      out.push(prev && r.at <= prev.at + prev.downMs ? { at: prev.at + prev.downMs + 1, downMs: r.downMs } : r);
    }
    return out;
  });

/** Rows a case can have: 12 small ones and a 13-row burst. */
const ROW_POOL = Array.from({ length: 25 }, (_, i) => `o${i}`);

const script = ackScriptArbitrary(ROW_POOL, { actions: KDA_ACTIONS, foreverWeight: 1, maxTimes: 3, timeoutMs: TIMEOUT_SECONDS * 1000 });

const destination = (name: string) => script.map((s) => ({ name, script: s, timeoutSeconds: TIMEOUT_SECONDS }));

/** A whole KDA case. Scripts name rows from the full pool (no `chain`, so cases shrink well). */
export const kdaCaseArbitrary: fc.Arbitrary<KdaCase> = fc.record({
  seed: fc.nat().map((n) => `kda-${n.toString(36)}`),
  query,
  rows,
  destinations: fc.oneof(fc.tuple(destination('d1')), fc.tuple(destination('d1'), destination('d2')), fc.tuple(destination('d1'), destination('d2'), destination('d3'))),
  restarts,
  horizonMs: fc.constant(60_000),
});
