/**
 * The floor under recordsPerSecond: what it costs this machine, at this
 * moment, only to make and keep what a trace must hold for each put record,
 * with no model at all. A loop makes each record's 56-digit sequence number
 * the cheapest way the model knows (digits of 32 numbers written side by
 * side into a buffer, read out as one string, each number a slice of it, as
 * `SequenceAllocator` does), its name `r<i>`, and its seven-field `put`
 * event, and keeps the event in two arrays (the trace and a shard log), as a
 * simulation must. The happy path can go no faster than this; the bench
 * reports it beside recordsPerSecond so that the gap between the two is the
 * model's own cost.
 */
import { performance } from 'node:perf_hooks';

/** Numbers per read-out of the digit buffer. */
const BLOCK = 32;
/** Digits per number. */
const WIDTH = 56;

/** Records per second the bare loop makes and keeps. */
export function recordFloorPerSecond(records: number): number {
  const digits = Buffer.from(`4959${'1'.repeat(37)}${'0'.repeat(15)}`.repeat(BLOCK), 'latin1');
  const keys = Array.from({ length: 64 }, (_, i) => `key-${i}`);
  const trace: object[] = [];
  const log: object[] = [];
  let low = 1e9;
  let block = '';
  const t0 = performance.now();
  for (let i = 0; i < records; i++) {
    const slot = i % BLOCK;
    if (slot === 0) block = writeBlock(digits, low);
    low += 1 + ((i * 7919) % 1_000_000);
    const put = { t: 1_767_225_600_000 + Math.floor(i / 10), type: 'put', rid: `r${i}`, shardId: 'shardId-000000000000', seq: block.slice(slot * WIDTH, slot * WIDTH + WIDTH), partitionKey: keys[i & 63]!, bytes: 100 };
    trace.push(put);
    log.push(put);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (trace.length !== records || log.length !== records) throw new Error('the floor loop lost records');
  return records / seconds;
}

/** Write the low 15 digits of the next `BLOCK` numbers from `low` (one step apart) and read them out as one string. */
function writeBlock(digits: Buffer, low: number): string {
  for (let k = 0; k < BLOCK; k++) {
    let n = low + k;
    for (let d = (k + 1) * WIDTH - 1; d >= (k + 1) * WIDTH - 15; d--) {
      const q = Math.floor(n / 10);
      digits[d] = 48 + n - 10 * q;
      n = q;
    }
  }
  return digits.toString('latin1');
}
