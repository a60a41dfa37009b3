/**
 * Record payloads. A record is either given its bytes (as text) or only a
 * size, in which case deterministic filler bytes stand in and are only made
 * when a real handler needs the event: simulating a 1 MiB record costs
 * nothing until someone reads it.
 */

/** A record's data: literal UTF-8 text, or `size` filler bytes. */
export type RecordData = { readonly text: string } | { readonly size: number };

const sizeOnlyData = new Map<number, RecordData>();
/** The filler last handed out: records of one size mostly follow each other, and this skips the map. */
let lastFiller: { readonly size: number } = Object.freeze({ size: 0 });
sizeOnlyData.set(0, lastFiller);

/** Filler data of `size` bytes: one shared, frozen object per size (records of one size need not each carry their own). */
export function sizeOnly(size: number): RecordData {
  if (lastFiller.size === size) return lastFiller;
  let data = sizeOnlyData.get(size) as { readonly size: number } | undefined;
  if (data === undefined) {
    data = Object.freeze({ size });
    if (sizeOnlyData.size < 4096) sizeOnlyData.set(size, data);
  }
  lastFiller = data;
  return data;
}

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
  return fillerBase64(data.size, fillerSeed);
}

/**
 * `fillerBytes(size, seed)` as base64, without making the bytes: the filler
 * repeats every `lcm(pattern, 3)` bytes, and so does its base64, every
 * 4/3 as many characters. An S3 on-failure record of a 1 MiB record costs
 * one short encoding and a native `repeat`.
 */
export function fillerBase64(size: number, seed: string): string {
  const pattern = Buffer.from(`${seed};`, 'utf8');
  const period = pattern.length % 3 === 0 ? pattern.length : 3 * pattern.length;
  if (size <= period) return fillerBytes(size, seed).toString('base64');
  const block = fillerBytes(period, seed);
  const whole = Math.floor(size / period);
  return block.toString('base64').repeat(whole) + block.subarray(0, size - whole * period).toString('base64');
}

/** `size` bytes repeating `<seed>;`: deterministic filler, made natively. */
export function fillerBytes(size: number, seed: string): Buffer {
  return Buffer.alloc(size, `${seed};`, 'utf8');
}
