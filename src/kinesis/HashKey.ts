/**
 * Partition key to hash key: the MD5 of the key, read as a 128-bit unsigned
 * integer, as Kinesis maps keys onto shards' hash-key ranges.
 */
import { createHash } from 'node:crypto';

/** Largest hash key: 2^128 - 1. */
export const MAX_HASH_KEY = (1n << 128n) - 1n;

/** A closed hash-key range `[start, end]`. */
export interface HashKeyRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** Hash keys of partition keys seen, across streams and runs (a workload reuses a few keys; MD5 is the cost of a new one). */
const known = new Map<string, bigint>();
/** Keys remembered before the memory starts afresh. */
const KNOWN_LIMIT = 1 << 16;

/** The 128-bit hash key of a partition key. */
export function hashKeyOf(partitionKey: string): bigint {
  let hashKey = known.get(partitionKey);
  if (hashKey === undefined) {
    hashKey = BigInt('0x' + createHash('md5').update(partitionKey, 'utf8').digest('hex'));
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(partitionKey, hashKey);
  }
  return hashKey;
}

/** `n` contiguous ranges covering the whole key space evenly (CreateStream). */
export function evenRanges(n: number): HashKeyRange[] {
  const width = (MAX_HASH_KEY + 1n) / BigInt(n);
  const ranges: HashKeyRange[] = [];
  for (let i = 0; i < n; i++) {
    const start = width * BigInt(i);
    const end = i === n - 1 ? MAX_HASH_KEY : start + width - 1n;
    ranges.push({ start, end });
  }
  return ranges;
}
