/**
 * Benchmarks (npm run bench): speed is measured here, never in timed tests.
 * Writes reports/bench.json.
 *
 * - workloadsPerSecond: generated cases of 100 records on 4 shards, configs
 *   drawn across every feature (bisect, partial responses, PF, windows,
 *   destinations), simulated and checked by every checker; after an untimed
 *   pass, the median of three runs of 2,000 (all three in `detail`).
 * - recordsPerSecond: happy-path records simulated (1 M records, 4 shards),
 *   after a 100k-record warm-up, the median of three runs (all three in `detail`).
 * - virtualToWallRatio: one poison record, MaximumRetryAttempts -1 and
 *   MaximumRecordAgeInSeconds 604800: simulated seconds per wall second until
 *   it is given up; the median of three runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as fc from 'fast-check';
import { checkTrace } from '../src/check/index.ts';
import { simulateKinesis } from '../src/run/simulateKinesis.ts';
import { caseArb } from '../src/workload/arbitraries.ts';
import type { KinesisCase } from '../src/workload/Workload.ts';

async function workloadsPerSecond(count: number): Promise<number> {
  const cases = fc.sample(caseArb({ maxPuts: 100, maxShards: 4, spanMs: 120_000 }), { numRuns: count, seed: 99 })
    .map((c) => ({ ...c, workload: { ...c.workload, stream: { ...c.workload.stream, shards: 4 }, puts: pad(c.workload.puts, 100) } }));
  const t0 = performance.now();
  for (const c of cases) {
    const { trace, config } = await simulateKinesis(c, { seed: c.seed });
    checkTrace(trace, config);
  }
  return count / ((performance.now() - t0) / 1000);
}

/** Repeat the generated puts until there are `n`, spread over the span. */
function pad<T extends { at: number }>(puts: readonly T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => ({ ...puts[i % puts.length]!, at: (puts[i % puts.length]!.at + i * 997) % 120_000 }));
}

async function recordsPerSecond(records: number): Promise<number> {
  const keys = Array.from({ length: 64 }, (_, i) => `key-${i}`);
  const c: KinesisCase = {
    workload: { stream: { shards: 4 }, puts: Array.from({ length: records }, (_, i) => ({ at: Math.floor(i / 10), partitionKey: keys[i % keys.length]!, size: 100 })) },
    mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 100 },
    function: { behaviour: { baseMs: 5 } },
  };
  const t0 = performance.now();
  const { trace } = await simulateKinesis(c, { seed: 'bench' });
  const seconds = (performance.now() - t0) / 1000;
  if (!trace.some((e) => e.type === 'checkpoint')) throw new Error('happy path did not checkpoint');
  return records / seconds;
}

async function virtualToWallRatio(): Promise<{ ratio: number; invocations: number; virtualSeconds: number }> {
  const c: KinesisCase = {
    workload: { stream: { shards: 1, retentionHours: 8760 }, puts: [{ at: 0, partitionKey: 'poison', size: 10, rid: 'poison' }] },
    mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: 604_800 },
    function: { behaviour: { rules: [{ match: { rids: ['poison'] }, action: 'throw' }] } },
  };
  const t0 = performance.now();
  const { trace } = await simulateKinesis(c, { seed: 'bench' });
  const wall = (performance.now() - t0) / 1000;
  const discard = trace.find((e) => e.type === 'discard');
  if (!discard) throw new Error('the poison record was never given up');
  const virtualSeconds = (discard.t - trace[0]!.t) / 1000;
  return { ratio: virtualSeconds / wall, invocations: trace.filter((e) => e.type === 'invoke').length, virtualSeconds };
}

async function main(): Promise<void> {
  // Warm-up: one untimed pass over the same 2,000 workloads, so that every code path they take is
  // compiled before timing starts (a 50-case warm-up left the first timed run 20% slower).
  await workloadsPerSecond(2000);
  // Like the happy path, checking is allocation-heavy and GC timing varies run to run: the median of three.
  const wpsRuns = [await workloadsPerSecond(2000), await workloadsPerSecond(2000), await workloadsPerSecond(2000)].sort((a, b) => a - b);
  const wps = wpsRuns[1]!;
  // The happy path is allocation-bound and GC timing varies run to run: report the median of three.
  await recordsPerSecond(100_000); // warm-up
  const rpsRuns = [await recordsPerSecond(1_000_000), await recordsPerSecond(1_000_000), await recordsPerSecond(1_000_000)].sort((a, b) => a - b);
  const rps = rpsRuns[1]!;
  // One poison run takes tens of milliseconds, so a stray pause moves it a lot: the median of three.
  const vRuns = [await virtualToWallRatio(), await virtualToWallRatio(), await virtualToWallRatio()].sort((a, b) => a.ratio - b.ratio);
  const v = vRuns[1]!;
  const result = {
    workloadsPerSecond: Math.round(wps),
    recordsPerSecond: Math.round(rps),
    virtualToWallRatio: Math.round(v.ratio),
    detail: { workloadsPerSecondRuns: wpsRuns.map(Math.round), recordsPerSecondRuns: rpsRuns.map(Math.round), virtualToWallRatioRuns: vRuns.map((r) => Math.round(r.ratio)), poisonInvocations: v.invocations, poisonVirtualSeconds: v.virtualSeconds, node: process.version },
    targets: { workloadsPerSecond: 1_000, recordsPerSecond: 1_000_000, virtualToWallRatio: 1_000_000 },
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench.json', JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

await main();
