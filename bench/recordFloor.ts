/**
 * The floor under recordsPerSecond: what it costs this machine, at this
 * moment, only to make and keep what a trace must hold for each put record,
 * with no model at all. A loop makes each record's 56-digit sequence number
 * (digits written into a buffer, read out as one string), its name `r<i>`,
 * and its `put` event (eight fields, as the model's: `data` undefined for filler), and keeps the event in two arrays (the
 * trace and a shard log), as a simulation must. The happy path can go no
 * faster than this; the bench reports it beside recordsPerSecond so that the
 * gap between the two is the model's own cost.
 */
import { performance } from 'node:perf_hooks';

/** Records per second the bare loop makes and keeps. */
export function recordFloorPerSecond(records: number): number {
  const digits = Buffer.from(`4959${'1'.repeat(37)}${'0'.repeat(15)}`, 'latin1');
  const keys = Array.from({ length: 64 }, (_, i) => `key-${i}`);
  const trace: object[] = [];
  const log: object[] = [];
  let low = 1e9;
  const t0 = performance.now();
  for (let i = 0; i < records; i++) {
    low += 1 + ((i * 7919) % 1_000_000);
    let n = low;
    for (let d = digits.length - 1; d >= digits.length - 15; d--) {
      const q = Math.floor(n / 10);
      digits[d] = 48 + n - 10 * q;
      n = q;
    }
    const put = { t: 1_767_225_600_000 + Math.floor(i / 10), type: 'put', rid: `r${i}`, shardId: 'shardId-000000000000', seq: digits.toString('latin1'), partitionKey: keys[i & 63]!, bytes: 100, data: undefined };
    trace.push(put);
    log.push(put);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (trace.length !== records || log.length !== records) throw new Error('the floor loop lost records');
  return records / seconds;
}
