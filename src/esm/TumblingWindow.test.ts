import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { WindowFieldsSizer, windowEventBytes, windowStartOf } from './TumblingWindow.ts';

const SHARD = 'shardId-000000000003';
const ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/s';

/** Times across the ISO widths: before 1970, 1970 - 9999, and extended years after. */
const timeArb = fc.oneof(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: -8.64e15, max: 8.64e15 }));
const stateArb = fc.dictionary(fc.string(), fc.jsonValue());

describe('WindowFieldsSizer', () => {
  test.prop([fc.array(fc.record({ start: timeArb, length: fc.integer({ min: 1000, max: 900_000 }), state: stateArb, final: fc.boolean(), terminatedEarly: fc.boolean() }), { minLength: 1, maxLength: 8 })])(
    'sizes the fields as their JSON does, call after call, whatever the times, state and flags',
    (windows) => {
      const sizer = new WindowFieldsSizer(SHARD, ARN);
      for (const w of windows) {
        const end = Math.min(w.start + w.length, 8.64e15);
        const window = { start: w.start, end, state: w.state, final: w.final, terminatedEarly: w.terminatedEarly };
        const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
        const fields = { window: { start: iso(w.start), end: iso(end) }, state: w.state, shardId: SHARD, eventSourceARN: ARN, isFinalInvokeForWindow: w.final, isWindowTerminatedEarly: w.terminatedEarly };
        const serialised = JSON.stringify({ Records: [], ...fields });
        const stateBytes = Buffer.byteLength(JSON.stringify(w.state), 'utf8');
        expect(sizer.bytes(window, stateBytes)).toBe(Buffer.byteLength(serialised, 'utf8') - '{"Records":[]}'.length);
        expect(sizer.bytes(window, stateBytes)).toBe(windowEventBytes(window, SHARD, ARN));
      }
    },
  );
});

test('windows are aligned to the epoch (H-2)', () => {
  expect(windowStartOf(61_999, 30_000)).toBe(60_000);
  expect(windowStartOf(60_000, 30_000)).toBe(60_000);
  expect(windowStartOf(-1, 30_000)).toBe(-30_000);
});
