/**
 * The UTF-8 size of a value's JSON, without building the JSON of its long
 * plain strings. A poller's event carries each record's data in base64, up
 * to 6 MB of it; a poison record retried for a day is sized a thousand
 * times. A string of only base64's characters (letters, digits, `+`, `/`,
 * `=`) needs no escaping and is one byte a character, so its JSON is its
 * length plus two quotes: such strings are measured, not copied.
 */

/** Strings shorter than this are left to JSON.stringify (testing them costs more than it saves). */
const LONG = 256;
const PLAIN = /^[A-Za-z0-9+/=]*$/;

/** `Buffer.byteLength(JSON.stringify(value), 'utf8')`, computed more cheaply (undefined for a value JSON leaves out). */
export function jsonBytes(value: unknown): number | undefined {
  let measured = 0;
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'string' || v.length < LONG || !PLAIN.test(v)) return v;
    measured += v.length;
    return '';
  });
  return json === undefined ? undefined : Buffer.byteLength(json, 'utf8') + measured;
}
