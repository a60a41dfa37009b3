/**
 * Per-partition-key order (Q-2, G-2, H-8, J-4): a record is delivered only
 * after the record before it with the same key was resolved, or right after it
 * in the same batch. So first deliveries come in sequence order per key, a
 * failing record holds back every later record of its key, and
 * ParallelizationFactor > 1 never lets a key overtake itself.
 *
 * Across resharding, the record before a child shard's first record of a key
 * is the last record of that key in its parents (or theirs, up the lineage),
 * read from the trace's `shard` events.
 */
import type { Checker } from '../Checker.ts';
import type { Finding, StoryStep } from '../Finding.ts';
import { filledArray } from '../filledArray.ts';
import type { Invocation } from '../Invocation.ts';
import type { Rec, TraceIndex } from '../TraceIndex.ts';

export const perKeyOrder: Checker = {
  name: 'per-key-order',
  rules: ['Q-2', 'G-2', 'B-6', 'J-4'],
  invariant: 'No record of a partition key is delivered before the previous record of that key in its shard (or, for a child shard\'s first, in its parents) was resolved or precedes it in the same batch.',
  check(index) {
    const previous = predecessors(index);
    const findings: Finding[] = [];
    const reported = filledArray(index.records.size, 0); // one finding per overtaking record: its first occurrence
    const batch = new BatchPositions(index.records.size);
    for (const inv of index.invocations) {
      batch.load(inv);
      const t = inv.t;
      for (let i = 0; i < inv.recs.length; i++) {
        const rec = inv.recs[i]!;
        const prev = previous[rec]! - 1;
        if (prev < 0) continue;
        const before = batch.lastPositionOf(prev, inv);
        if (before !== undefined && before < i) continue;
        if (reported[rec] === 1 || index.resolvedBy(prev, t)) continue;
        reported[rec] = 1;
        if (findings.length < 20) findings.push(finding(index, prev, rec, t, before !== undefined, index.resolvedAt(prev)));
      }
    }
    return findings;
  },
};

/** Where each record sits in the batch at hand (its last position, if it occurs twice), without a map per batch. */
class BatchPositions {
  /** Per record: 1 + the number of the invocation it was last seen in (0: none). */
  private readonly batchOf: number[];
  private readonly position: number[];

  constructor(records: number) {
    this.batchOf = filledArray(records, 0);
    this.position = filledArray(records, 0);
  }

  /** Make `inv`'s batch the one at hand. */
  load(inv: Invocation): void {
    for (let i = 0; i < inv.recs.length; i++) {
      const rec = inv.recs[i]!;
      this.batchOf[rec] = inv.n + 1;
      this.position[rec] = i;
    }
  }

  /** Position of `rec` in the batch at hand, if it is in it. */
  lastPositionOf(rec: Rec, inv: Invocation): number | undefined {
    return this.batchOf[rec] === inv.n + 1 ? this.position[rec] : undefined;
  }
}

/**
 * For every record owed or read, 1 + the one before it with the same key (0:
 * none): in its shard, else in its lineage (J-4). A merged shard takes, per
 * key, the later of its two parents' last records: a parent's last may be
 * one it only inherited, which its sibling's own records of the key follow.
 */
function predecessors(index: TraceIndex): number[] {
  const out = filledArray(index.records.size, 0);
  const rank = filledArray(index.records.size, 0); // 1 + the order in which the lineage walk met each record
  let met = 0;
  const lastOf = new Map<string, Map<string, Rec>>();
  for (const shardId of index.shardsInLineageOrder) {
    const last = new Map<string, Rec>();
    for (const parent of index.parentsOf(shardId)) {
      for (const [k, rec] of lastOf.get(parent) ?? []) {
        const other = last.get(k);
        if (other === undefined || rank[rec]! > rank[other]!) last.set(k, rec);
      }
    }
    lastOf.set(shardId, last);
    const puts = index.shardPuts.get(shardId) ?? [];
    const recs = index.shardPutRecs.get(shardId) ?? [];
    for (let i = 0; i < puts.length; i++) {
      const p = puts[i]!;
      const rec = recs[i]!;
      if (index.inScope(p) !== true && index.deliveriesOf(rec).length === 0) continue; // never owed, never read
      const prev = last.get(p.partitionKey);
      if (prev !== undefined) out[rec] = prev + 1;
      last.set(p.partitionKey, rec);
      rank[rec] = ++met;
    }
  }
  return out;
}

function finding(index: TraceIndex, prev: Rec, rec: Rec, t: number, sameBatchAfter: boolean, resolved: number | undefined): Finding {
  const p = index.putOf(prev)!;
  const firstPrev = index.deliveriesOf(prev)[0]?.t;
  const put = index.putOf(rec);
  return {
    checker: 'per-key-order',
    rule: 'Q-2',
    summary: `${index.nameOf(rec)} was delivered while ${p.rid}, earlier with the same key, was unresolved`,
    records: [index.idOf(prev), index.idOf(rec)],
    at: t,
    story: [
      { kind: 'let', t: p.t, what: `${index.describe(prev)} be put` },
      { kind: 'let', t: put?.t, what: `${index.describe(rec)} be put after it, with the same key` },
      ...[
        ...lineageStep(index, p.shardId, put?.shardId),
        ...(firstPrev !== undefined ? [{ kind: 'then' as const, t: firstPrev, what: `${p.rid} was first delivered` }] : []),
      ].sort((a, b) => (a.t ?? 0) - (b.t ?? 0)),
      {
        kind: 'but', t,
        what: sameBatchAfter
          ? `${put?.rid} was delivered ahead of ${p.rid} in the same batch`
          : resolved === undefined
            ? `${put?.rid} was delivered, and ${p.rid} was never processed successfully or given up`
            : `${put?.rid} was delivered while ${p.rid} was unresolved: ${p.rid} was ${index.howResolved(prev)} only ${((resolved - t) / 1000).toFixed(3)}s later`,
      },
    ],
  };
}

/** J-4: when the two records sit on different shards, say how the shards are related. */
function lineageStep(index: TraceIndex, parentShard: string, childShard: string | undefined): StoryStep[] {
  if (childShard === undefined || childShard === parentShard) return [];
  const opened = index.shardEvents.find((e) => e.shardId === childShard);
  const parents = index.parentsOf(childShard).join(' and ');
  return [{ kind: 'then', ...(opened ? { t: opened.t } : {}), what: `resharding opened ${childShard} as a child of ${parents || 'another shard'}, so its records of the key wait for ${parentShard}'s (J-4)` }];
}
