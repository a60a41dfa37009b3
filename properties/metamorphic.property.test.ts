/**
 * Metamorphic properties (issue 3): for functions whose failures depend only
 * on the record, and retries that never give up, the records eventually
 * processed do not depend on ParallelizationFactor or bisect, and raising
 * ParallelizationFactor never reorders the records of one key.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceIndex } from '../src/check/TraceIndex.ts';
import { simulateKinesis } from '../src/run/simulateKinesis.ts';
import type { TraceEvent } from '../src/trace/TraceEvent.ts';
import { caseArb, type GeneratedCase } from '../src/workload/arbitraries.ts';

/** Cases with transient, record-determined failures and no give-up (no disable period, which may outlast retention, C-2, no config update, which may change the retry policy, A-20, and one mapping only, C-3). */
const transient = caseArb({ maxPuts: 30, maxShards: 3, spanMs: 30_000 }).map(({ mapping: { StartingPositionTimestamp: _unused, ...mapping }, mappings: _one, workload: { lifecycle: _off, updates: _fixed, ...workload }, ...c }): GeneratedCase => ({
  ...c,
  workload: { ...workload, startAt: 0 },
  mapping: { ...mapping, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1 },
  function: {
    ...c.function,
    behaviour: { ...c.function.behaviour, rules: (c.function.behaviour.rules ?? []).filter((r) => r.action !== 'respond').map((r) => ({ ...r, times: r.times ?? 2 })) },
  },
}));

async function run(c: GeneratedCase, pf: number, bisect: boolean) {
  const { trace, config } = await simulateKinesis({ ...c, mapping: { ...c.mapping, ParallelizationFactor: pf, BisectBatchOnFunctionError: bisect } }, { seed: c.seed });
  return new TraceIndex(trace, config);
}

function succeeded(index: TraceIndex): string[] {
  const rids: string[] = [];
  for (let rec = 0; rec < index.records.size; rec++) if (index.succeededAt(rec) !== undefined) rids.push(index.putOf(rec)!.rid);
  return rids.sort();
}

/** Records the mapping's FilterCriteria dropped. */
function filteredOut(index: TraceIndex): number {
  let n = 0;
  for (let rec = 0; rec < index.records.size; rec++) if (index.filteredAt(rec) !== undefined) n++;
  return n;
}

/** Per shard and key, the order in which records were first delivered. */
function firstDeliveryOrder(index: TraceIndex): Record<string, string[]> {
  const order: Record<string, string[]> = {};
  const seen = new Set<string>();
  for (const e of index.trace as TraceEvent[]) {
    if (e.type !== 'invoke') continue;
    for (const seq of e.records) {
      const id = `${e.shardId}:${seq}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const put = index.putOf(index.recordOf(e.shardId, seq)!)!;
      (order[`${e.shardId}/${put.partitionKey}`] ??= []).push(put.rid);
    }
  }
  return order;
}

describe('metamorphic: ParallelizationFactor and bisect', () => {
  it('the records eventually processed do not depend on PF or bisect', async () => {
    await fc.assert(
      fc.asyncProperty(transient, fc.integer({ min: 2, max: 10 }), async (c, pf) => {
        const first = await run(c, 1, false);
        const base = succeeded(first);
        expect(base.length + filteredOut(first)).toBe(c.workload.puts.length); // every record processed, or dropped by the filters (I-3)
        for (const [p, b] of [[pf, false], [1, true], [pf, true]] as const) expect(succeeded(await run(c, p, b))).toEqual(base);
      }),
      { numRuns: 80, seed: 3 },
    );
  });

  it('raising PF never reorders the records of one key', async () => {
    await fc.assert(
      fc.asyncProperty(transient, fc.integer({ min: 2, max: 10 }), fc.boolean(), async (c, pf, bisect) => {
        expect(firstDeliveryOrder(await run(c, pf, bisect))).toEqual(firstDeliveryOrder(await run(c, 1, bisect)));
      }),
      { numRuns: 80, seed: 4 },
    );
  });
});
