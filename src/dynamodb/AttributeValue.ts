/**
 * DynamoDB's typed attribute values (K-2): `S, N, B, SS, NS, BS, M, L,
 * NULL, BOOL`; `N` is a decimal string and `B` base64. Items and keys are
 * maps of attribute names to such values.
 */

/** One typed attribute value. */
export type AttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly SS: readonly string[] }
  | { readonly NS: readonly string[] }
  | { readonly BS: readonly string[] }
  | { readonly M: AttributeMap }
  | { readonly L: readonly AttributeValue[] }
  | { readonly NULL: true }
  | { readonly BOOL: boolean };

/** An item, a key or an image. */
export type AttributeMap = { readonly [name: string]: AttributeValue };

/** Key attribute names of a table. */
export interface KeySchema {
  readonly hashKey: string;
  readonly rangeKey?: string;
}

/** The key attributes of an item, in key-schema order. */
export function keyOf(item: AttributeMap, schema: KeySchema): AttributeMap {
  const hash = item[schema.hashKey];
  if (!hash) throw new Error(`One or more parameter values were invalid: Missing the key ${schema.hashKey} in the item`);
  if (!schema.rangeKey) return { [schema.hashKey]: hash };
  const range = item[schema.rangeKey];
  if (!range) throw new Error(`One or more parameter values were invalid: Missing the key ${schema.rangeKey} in the item`);
  return { [schema.hashKey]: hash, [schema.rangeKey]: range };
}

/**
 * The canonical JSON of a key: what plays the partition key for ordering
 * (G-2: for DynamoDB the "partition key" is the item's key).
 */
export function canonicalKey(key: AttributeMap, schema: KeySchema): string {
  return JSON.stringify(keyOf(key, schema));
}

/** Approximate stored size of a value, bytes (names and values as UTF-8; numbers by digits). */
export function valueBytes(v: AttributeValue): number {
  if ('S' in v) return utf8(v.S);
  if ('N' in v) return Math.ceil(v.N.replace(/[-.]/g, '').length / 2) + 1;
  if ('B' in v) return Buffer.from(v.B, 'base64').length;
  if ('SS' in v) return v.SS.reduce((n, s) => n + utf8(s), 0);
  if ('NS' in v) return v.NS.reduce((n, s) => n + valueBytes({ N: s }), 0);
  if ('BS' in v) return v.BS.reduce((n, s) => n + valueBytes({ B: s }), 0);
  if ('M' in v) return 3 + mapBytes(v.M) + Object.keys(v.M).length;
  if ('L' in v) return 3 + v.L.reduce((n, e) => n + valueBytes(e) + 1, 0);
  return 1; // NULL, BOOL
}

/** Size of a map: attribute names plus values. */
export function mapBytes(m: AttributeMap): number {
  let n = 0;
  for (const [name, v] of Object.entries(m)) n += utf8(name) + valueBytes(v);
  return n;
}

/** Deep equality of two items (a write that changes nothing writes no stream record). */
export function sameItem(a: AttributeMap, b: AttributeMap): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(m: AttributeMap): AttributeMap {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
}

function utf8(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
