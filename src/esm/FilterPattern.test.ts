import { describe, expect, it } from 'vitest';
import { anyPattern, compilePattern, UNPARSEABLE } from './FilterPattern.ts';

function matches(pattern: object, view: unknown): boolean {
  const compiled = compilePattern(JSON.stringify(pattern));
  if (compiled === undefined) throw new Error(`invalid pattern ${JSON.stringify(pattern)}`);
  return compiled(view);
}

const order = { data: { kind: 'shipped', qty: 12, tags: ['red', 'big'], note: null, address: { city: 'Lyon' } } };

describe('filter patterns (I-1, I-7)', () => {
  it('matches values exactly: strings case-sensitive, numbers, null, one of a list', () => {
    expect(matches({ data: { kind: ['shipped'] } }, order)).toBe(true);
    expect(matches({ data: { kind: ['Shipped'] } }, order)).toBe(false);
    expect(matches({ data: { kind: ['lost', 'shipped'] } }, order)).toBe(true);
    expect(matches({ data: { qty: [12] } }, order)).toBe(true);
    expect(matches({ data: { qty: ['12'] } }, order)).toBe(false);
    expect(matches({ data: { note: [null] } }, order)).toBe(true);
  });

  it('ANDs the fields of one pattern, ignores fields it does not name, and descends into objects', () => {
    expect(matches({ data: { kind: ['shipped'], address: { city: ['Lyon'] } } }, order)).toBe(true);
    expect(matches({ data: { kind: ['shipped'], address: { city: ['Paris'] } } }, order)).toBe(false);
    expect(matches({ data: { kind: { nested: ['x'] } } }, order)).toBe(false); // kind is not an object
    expect(matches({}, order)).toBe(true);
  });

  it('matches a list field when any element matches', () => {
    expect(matches({ data: { tags: ['big'] } }, order)).toBe(true);
    expect(matches({ data: { tags: ['small'] } }, order)).toBe(false);
  });

  it('prefix, anything-but (value, list, prefix), numeric ranges and exists', () => {
    expect(matches({ data: { kind: [{ prefix: 'ship' }] } }, order)).toBe(true);
    expect(matches({ data: { kind: [{ 'anything-but': 'shipped' }] } }, order)).toBe(false);
    expect(matches({ data: { kind: [{ 'anything-but': ['lost', 'late'] }] } }, order)).toBe(true);
    expect(matches({ data: { kind: [{ 'anything-but': { prefix: 'sh' } }] } }, order)).toBe(false);
    expect(matches({ data: { missing: [{ 'anything-but': 'x' }] } }, order)).toBe(false); // the field must exist
    expect(matches({ data: { qty: [{ numeric: ['>', 10, '<=', 12] }] } }, order)).toBe(true);
    expect(matches({ data: { qty: [{ numeric: ['>=', 13] }] } }, order)).toBe(false);
    expect(matches({ data: { kind: [{ numeric: ['>', 0] }] } }, order)).toBe(false); // not a number
    expect(matches({ data: { missing: [{ exists: false }] } }, order)).toBe(true);
    expect(matches({ data: { qty: [{ exists: false }] } }, order)).toBe(false);
    expect(matches({ data: { qty: [{ exists: true }] } }, order)).toBe(true);
  });

  it('matches a nested pattern under a missing field as against {} (exists: false holds below it), and under a list against each object', () => {
    expect(matches({ data: { kind: ['shipped'] } }, {})).toBe(false);
    expect(matches({ dynamodb: { NewImage: { status: { S: [{ exists: false }] } } } }, { eventName: 'REMOVE', dynamodb: { Keys: {} } })).toBe(true);
    expect(matches({ data: { items: { sku: ['b'] } } }, { data: { items: [{ sku: 'a' }, { sku: 'b' }] } })).toBe(true);
    expect(matches({ data: { items: { sku: ['c'] } } }, { data: { items: [{ sku: 'a' }, { sku: 'b' }] } })).toBe(false);
    expect(matches({ data: { address: [{ exists: true }] } }, order)).toBe(false); // exists looks at leaf values
  });

  it('never matches data that is not JSON by a pattern naming it, whatever the matcher (I-4)', () => {
    const filler = { data: UNPARSEABLE };
    expect(matches({ data: { kind: ['shipped'] } }, filler)).toBe(false);
    expect(matches({ data: { kind: [{ exists: false }] } }, filler)).toBe(false);
    expect(matches({ data: [{ exists: true }] }, filler)).toBe(false);
    expect(matches({}, filler)).toBe(true); // a pattern that does not name data
  });

  it('ORs the filters of a mapping (I-1)', () => {
    const either = anyPattern([compilePattern('{"data":{"kind":["lost"]}}')!, compilePattern('{"data":{"qty":[12]}}')!]);
    expect(either(order)).toBe(true);
    expect(either({ data: { kind: 'late', qty: 1 } })).toBe(false);
  });

  it('rejects what is not a pattern', () => {
    for (const bad of ['[]', '"x"', '{"data": "shipped"}', '{"data": {"kind": []}}', '{"k": [{"prefix": 1}]}', '{"k": [{"numeric": [">"]}]}',
      '{"k": [{"numeric": ["~", 1]}]}', '{"k": [{"wildcard": "*"}]}', '{"k": [{"exists": "yes"}]}', '{"k": [{"prefix": "a", "exists": true}]}', 'not json',
      '{"k": [{"anything-but": []}]}', '{"k": [{"anything-but": [1, "x"]}]}', '{"k": [{"anything-but": null}]}', '{"k": [{"anything-but": true}]}',
      '{"k": [{"numeric": ["<", 5, ">", 0]}]}', '{"k": [{"numeric": ["=", 5, "=", 5]}]}', '{"k": [{"numeric": [">", 5, "<", 1]}]}', '{"a": {}}']) {
      expect(compilePattern(bad), bad).toBeUndefined();
    }
  });
});
