import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBytes } from './jsonBytes.ts';

/** The size the harness would otherwise compute: the JSON itself, in UTF-8. */
const oracle = (v: unknown) => {
  const json = JSON.stringify(v);
  return json === undefined ? undefined : Buffer.byteLength(json, 'utf8');
};

/** Long strings of base64's characters, alone or with one character that JSON escapes or UTF-8 widens. */
const longString = fc.oneof(
  fc.base64String({ minLength: 256, maxLength: 2000 }),
  fc.tuple(fc.base64String({ minLength: 256, maxLength: 600 }), fc.nat(), fc.constantFrom('"', '\\', '\n', '\u0000', '\u007f', 'é', '😀', '\u2028', '-', '_'))
    .map(([s, i, c]) => s.slice(0, i % s.length) + c + s.slice(i % s.length)),
);

describe('jsonBytes', () => {
  it('is the UTF-8 length of JSON.stringify for any JSON value, long strings of every kind included', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), longString, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      expect(jsonBytes(v)).toBe(oracle(v));
    }), { numRuns: 300 });
  });

  it('is the JSON size of a Kinesis event a poller built, a megabyte of base64 data included', () => {
    const data = Buffer.alloc(1_000_000, 7).toString('base64');
    const event = { Records: [{ kinesis: { data, sequenceNumber: '49590338271490256608559692538361571095921575989136588898', partitionKey: 'k' }, eventSource: 'aws:kinesis' }] };
    expect(jsonBytes(event)).toBe(oracle(event));
    expect(jsonBytes(undefined)).toBeUndefined();
  });
});
