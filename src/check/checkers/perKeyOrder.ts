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
import { recordId, type RecordId, type TraceIndex } from '../TraceIndex.ts';

export const perKeyOrder: Checker = {
  name: 'per-key-order',
  rules: ['Q-2', 'G-2', 'B-6', 'J-4'],
  invariant: 'No record of a partition key is delivered before the previous record of that key in its shard (or, for a child shard\'s first, in its parents) was resolved or precedes it in the same batch.',
  check(index) {
    const previous = predecessors(index);
    const findings: Finding[] = [];
    const reported = new Set<RecordId>(); // one finding per overtaking record: its first occurrence
    for (const inv of index.invocations) {
      const position = new Map(inv.ids.map((id, i) => [id, i]));
      inv.ids.forEach((id, i) => {
        const prev = previous.get(id);
        if (prev === undefined) return;
        const before = position.get(prev);
        if (before !== undefined && before < i) return;
        const resolved = index.resolvedAt(prev);
        if ((resolved !== undefined && resolved <= inv.invoke.t) || reported.has(id)) return;
        reported.add(id);
        if (findings.length < 20) findings.push(finding(index, prev, id, inv.invoke.t, before !== undefined, resolved));
      });
    }
    return findings;
  },
};

/** For every record owed or read, the one before it with the same key: in its shard, else in its lineage (J-4). */
function predecessors(index: TraceIndex): Map<RecordId, RecordId> {
  const out = new Map<RecordId, RecordId>();
  const lastOf = new Map<string, Map<string, RecordId>>();
  for (const shardId of index.shardsInLineageOrder) {
    const last = new Map<string, RecordId>();
    for (const parent of index.parentsOf(shardId)) for (const [k, id] of lastOf.get(parent) ?? []) last.set(k, id);
    lastOf.set(shardId, last);
    for (const p of index.shardPuts.get(shardId) ?? []) {
      const id = recordId(shardId, p.seq);
      if (index.inScope(p) !== true && !index.deliveries.has(id)) continue; // never owed, never read
      const prev = last.get(p.partitionKey);
      if (prev !== undefined) out.set(id, prev);
      last.set(p.partitionKey, id);
    }
  }
  return out;
}

function finding(index: TraceIndex, prev: RecordId, id: RecordId, t: number, sameBatchAfter: boolean, resolved: number | undefined): Finding {
  const p = index.puts.get(prev)!;
  const firstPrev = index.deliveries.get(prev)?.[0]?.invoke.t;
  return {
    checker: 'per-key-order',
    rule: 'Q-2',
    summary: `${index.puts.get(id)?.rid ?? id} was delivered while ${p.rid}, earlier with the same key, was unresolved`,
    records: [prev, id],
    at: t,
    story: [
      { kind: 'let', t: p.t, what: `${index.describe(prev)} be put` },
      { kind: 'let', t: index.puts.get(id)?.t, what: `${index.describe(id)} be put after it, with the same key` },
      ...[
        ...lineageStep(index, p.shardId, index.puts.get(id)?.shardId),
        ...(firstPrev !== undefined ? [{ kind: 'then' as const, t: firstPrev, what: `${p.rid} was first delivered` }] : []),
      ].sort((a, b) => (a.t ?? 0) - (b.t ?? 0)),
      {
        kind: 'but', t,
        what: sameBatchAfter
          ? `${index.puts.get(id)?.rid} was delivered ahead of ${p.rid} in the same batch`
          : resolved === undefined
            ? `${index.puts.get(id)?.rid} was delivered, and ${p.rid} was never processed successfully or given up`
            : `${index.puts.get(id)?.rid} was delivered before ${p.rid} was resolved, ${((resolved - t) / 1000).toFixed(3)}s later`,
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
