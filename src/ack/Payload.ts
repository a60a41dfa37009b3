/**
 * Invoke payload sizes and splitting (L-5, M-3): the synchronous invoke
 * request is capped at 6 MB, so records are cut into consecutive chunks whose
 * serialised request fits.
 */

/** Synchronous invoke request limit, bytes (L-5, M-3, O-7): 6 MB. */
export const INVOKE_LIMIT_BYTES = 6 * 1024 * 1024;

/** UTF-8 length of `JSON.stringify(s)` for a string `s`. */
export function jsonStringBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), 'utf8');
}

/**
 * Cut `items` (in order) into chunks whose request size, `envelope` plus the
 * item sizes plus one comma between items, stays within `limit`. An item too
 * big on its own goes alone (the caller's record limits keep that from
 * happening: L-7, M-3).
 */
export function splitBySize<T>(items: readonly T[], sizeOf: (item: T) => number, envelope: number, limit: number): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let bytes = envelope;
  for (const item of items) {
    const size = sizeOf(item) + (chunk.length > 0 ? 1 : 0);
    if (chunk.length > 0 && bytes + size > limit) {
      chunks.push(chunk);
      chunk = [];
      bytes = envelope;
    }
    bytes += sizeOf(item) + (chunk.length > 0 ? 1 : 0);
    chunk.push(item);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
