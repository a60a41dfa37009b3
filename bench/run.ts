/**
 * Benchmarks (npm run bench): speed is measured here, never in timed tests.
 * Writes reports/bench.json.
 *
 * - workloadsPerSecond: generated cases of 100 records on 4 shards, configs
 *   drawn across every feature (bisect, partial responses, PF, windows,
 *   destinations, filtering, resharding, disable periods, updates, several
 *   mappings), simulated and checked by every checker (each mapping on its
 *   own events; a finding fails the bench); after an untimed pass, timed
 *   runs of 2,000.
 * - recordsPerSecond: happy-path records simulated (1 M records, 4 shards),
 *   after a 100k-record warm-up.
 * - virtualToWallRatio: one poison record, MaximumRetryAttempts -1 and
 *   MaximumRecordAgeInSeconds 604800: simulated seconds per wall second until
 *   it is given up.
 *
 * Each measure runs in a fresh process of its own, as JMH forks a JVM per
 * benchmark: run in one process, the happy path ran with the heap and the
 * JIT's type feedback that 8,000 generated workloads left behind, and
 * measured that history as much as itself. Three rounds run every measure
 * once each, interleaved; a process times three runs after its warm-up, and
 * each figure is the median of its nine (all nine in `detail`).
 * `detail.recordFloorPerSecond` is the floor under the happy path: a bare
 * loop that only makes and keeps each record's put event (recordFloor.ts);
 * `detail.recordsToFloorPerRound` is, per round, the records median over the
 * floor median of the process that ran right after it.
 * Each process runs with the V8 flags the CLI runs with (src/cli/nodeFlags.js),
 * on the code the CLI runs (the tsc build in dist/, plain JavaScript with no
 * loader in the process), so the figures are those of `streamcheck run`;
 * `detail.nodeFlags` lists the flags. `npm run bench` builds both and runs
 * `node .bench/run.js`; `node .bench/run.js <measure>` runs one measure's
 * process (without the flags).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as fc from 'fast-check';
// The build the CLI runs (dist/, compiled by tsc), not the sources through a loader: see the header.
import { checkTrace, judgedViews } from '../dist/check/index.js';
import { NODE_FLAGS } from '../dist/cli/nodeFlags.js';
import { simulateKinesis } from '../dist/run/simulateKinesis.js';
import { caseArb } from '../dist/workload/arbitraries.js';
import type { KinesisCase } from '../dist/workload/Workload.js';
import { recordFloorPerSecond } from './recordFloor.ts';

async function workloadsPerSecond(count: number): Promise<number> {
  const cases = fc.sample(caseArb({ maxPuts: 100, maxShards: 4, spanMs: 120_000 }), { numRuns: count, seed: 99 })
    .map((c) => ({ ...c, workload: { ...c.workload, stream: { ...c.workload.stream, shards: 4 }, puts: pad(c.workload.puts, 100) } }));
  const t0 = performance.now();
  let findings = 0;
  for (const c of cases) {
    const out = await simulateKinesis(c, { seed: c.seed });
    // Several mappings on the stream (C-3) are judged each on its own events, as `streamcheck run` judges them.
    for (const view of judgedViews(out)) findings += checkTrace(view.trace, view.config).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  if (findings > 0) throw new Error(`the reference model violated its checkers ${findings} time(s) in the bench's workloads`);
  return count / seconds;
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

/** An untimed warm-up, then three timed runs, sorted. */
async function warmThenThree(run: (size: number) => Promise<number> | number, warmUp: number, size: number): Promise<number[]> {
  await run(warmUp);
  return [await run(size), await run(size), await run(size)].map(Math.round).sort((a, b) => a - b);
}

/** Workloads per second. The warm-up is a whole pass over the same 2,000 workloads, so that every code path they take is compiled before timing starts (a 50-case warm-up left the first timed run 20% slower). */
const measureWorkloads = () => warmThenThree(workloadsPerSecond, 2000, 2000);

/** Happy-path records per second: a 100k-record warm-up, then runs of a million. */
const measureRecords = () => warmThenThree(recordsPerSecond, 100_000, 1_000_000);

/** The bare loop under the happy path (see recordFloor.ts), measured as the happy path is. */
const measureFloor = () => warmThenThree(recordFloorPerSecond, 100_000, 1_000_000);

/** The poison record, three times: one run takes tens of milliseconds, so a stray pause moves it a lot. */
async function measurePoison(): Promise<Array<{ ratio: number; invocations: number; virtualSeconds: number }>> {
  return [await virtualToWallRatio(), await virtualToWallRatio(), await virtualToWallRatio()].sort((a, b) => a.ratio - b.ratio);
}

const MEASURES = { workloads: measureWorkloads, records: measureRecords, poison: measurePoison, floor: measureFloor } as const;
type Measure = keyof typeof MEASURES;

/** Run one measure in a fresh Node process, with the CLI's V8 flags and this process's loader flags, and read its JSON answer. */
function inChild<M extends Measure>(measure: M): Awaited<ReturnType<(typeof MEASURES)[M]>> {
  const child = spawnSync(process.execPath, [...NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), measure], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`bench ${measure} failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout);
}

/** Rounds of the measures, each measure in a fresh process per round. */
const ROUNDS = 3;

/** The median of a list (the lower middle of an even one). */
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function main(): Promise<void> {
  // This 2-core machine's speed moves by a quarter or more for seconds at a time. Three rounds,
  // the measures interleaved, spread each figure's nine timed runs over the whole bench, so one
  // slow spell does not decide a figure: each is the median of its nine.
  const wpsRuns: number[] = [];
  const rpsRuns: number[] = [];
  const vRuns: Array<{ ratio: number; invocations: number; virtualSeconds: number }> = [];
  const floorRuns: number[] = [];
  // Each round runs the records measure and the floor back to back; the ratio of their medians reads a round's records figure against the machine's speed of that moment.
  const floorRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    wpsRuns.push(...inChild('workloads'));
    const records = inChild('records');
    const floor = inChild('floor');
    rpsRuns.push(...records);
    floorRuns.push(...floor);
    floorRatios.push(Math.round((100 * median(records)) / median(floor)) / 100);
    vRuns.push(...inChild('poison'));
  }
  const v = vRuns[0]!;
  const result = {
    workloadsPerSecond: median(wpsRuns),
    recordsPerSecond: median(rpsRuns),
    virtualToWallRatio: Math.round(median(vRuns.map((r) => r.ratio))),
    detail: { workloadsPerSecondRuns: wpsRuns, recordsPerSecondRuns: rpsRuns, recordFloorPerSecond: median(floorRuns), recordFloorPerSecondRuns: floorRuns, recordsToFloorPerRound: floorRatios, virtualToWallRatioRuns: vRuns.map((r) => Math.round(r.ratio)), poisonInvocations: v.invocations, poisonVirtualSeconds: v.virtualSeconds, node: process.version, nodeFlags: NODE_FLAGS },
    targets: { workloadsPerSecond: 1_000, recordsPerSecond: 1_000_000, virtualToWallRatio: 1_000_000 },
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench.json', JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

const measure = process.argv[2];
if (measure === undefined) await main();
else if (measure in MEASURES) process.stdout.write(JSON.stringify(await MEASURES[measure as Measure]()) + '\n');
else {
  process.stderr.write(`unknown measure ${measure}: one of ${Object.keys(MEASURES).join(', ')}\n`);
  process.exit(2);
}
