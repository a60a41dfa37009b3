/**
 * Record payloads. A record is either given its bytes (as text) or only a
 * size, in which case deterministic filler bytes stand in and are only made
 * when a real handler needs the event: simulating a 1 MiB record costs
 * nothing until someone reads it.
 */

/** A record's data: literal UTF-8 text, or `size` filler bytes. */
export type RecordData = { readonly text: string } | { readonly size: number };

/** Data size in bytes. */
export function dataBytes(data: RecordData): number {
  return 'text' in data ? Buffer.byteLength(data.text, 'utf8') : data.size;
}

/** Length of the base64 form of `n` bytes. */
export function base64Length(n: number): number {
  return 4 * Math.ceil(n / 3);
}

/** The data as base64, as it appears in the event (K-1). */
export function dataBase64(data: RecordData, fillerSeed: string): string {
  if ('text' in data) return Buffer.from(data.text, 'utf8').toString('base64');
  return fillerBytes(data.size, fillerSeed).toString('base64');
}

/** `size` bytes repeating `<seed>;`: deterministic filler, made natively. */
export function fillerBytes(size: number, seed: string): Buffer {
  return Buffer.alloc(size, `${seed};`, 'utf8');
}
