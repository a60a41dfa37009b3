/**
 * Stable record identity (L-1, L-3): within a run, a row keeps its recordId
 * at a destination on every retry (KDA retries "the same set of records"),
 * and no two rows, destinations or runs share a recordId (a random GUID);
 * invocation ids are unique too.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { rowAt, type KdaIndex } from '../KdaIndex.ts';

export const recordIdStable: IndexChecker<KdaIndex> = {
  name: 'record-id-stable',
  rules: ['L-1', 'L-3'],
  invariant: 'A row keeps one recordId per destination and run across retries; recordIds and invocationIds are never shared.',
  check(index) {
    return [...changedIds(index), ...sharedIds(index)];
  },
};

function changedIds(index: KdaIndex): Finding[] {
  const findings: Finding[] = [];
  for (const [key, all] of index.deliveries) {
    for (const run of new Set(all.map((d) => d.inv.run))) {
      const ds = index.inRun(key, run);
      const changed = ds.find((d) => d.record.recordId !== ds[0]!.record.recordId);
      if (!changed) continue;
      findings.push({
        checker: 'record-id-stable', rule: 'L-3',
        summary: `${key} was re-sent under a different recordId in the same run`,
        records: [key], at: changed.inv.invoke.t,
        story: [
          { kind: 'let', t: ds[0]!.inv.invoke.t, what: `row ${ds[0]!.record.rid} be sent to ${ds[0]!.inv.invoke.destination} as recordId ${ds[0]!.record.recordId}` },
          { kind: 'then', what: 'its delivery failed, so it had to be retried' },
          { kind: 'but', t: changed.inv.invoke.t, what: `the retry (retryHint ${changed.record.retryHint}) carried recordId ${changed.record.recordId}; L-3 retries the same records, so a function de-duplicating by recordId would see two records` },
        ],
      });
    }
  }
  return findings;
}

function sharedIds(index: KdaIndex): Finding[] {
  const findings: Finding[] = [];
  const owner = new Map<string, string>();
  const invocationIds = new Set<string>();
  for (const inv of index.invocations) {
    if (invocationIds.has(inv.invoke.invocationId)) findings.push(shared('invocationId', inv.invoke.invocationId, 'two invocations', inv.invoke.t));
    invocationIds.add(inv.invoke.invocationId);
    for (const r of inv.invoke.records) {
      const who = `${rowAt(inv.invoke.destination, r.rid)} in run ${inv.run}`;
      const before = owner.get(r.recordId);
      if (before !== undefined && before !== who) findings.push(shared('recordId', r.recordId, `${before} and ${who}`, inv.invoke.t));
      owner.set(r.recordId, who);
    }
  }
  return findings;
}

function shared(field: string, id: string, between: string, t: number): Finding {
  return {
    checker: 'record-id-stable', rule: 'L-1',
    summary: `${field} ${id} was used for ${between}`,
    records: [], at: t,
    story: [
      { kind: 'let', what: `${field} values be random GUIDs (L-1)` },
      { kind: 'but', t, what: `${id} named ${between}, so acks for one would match the other` },
    ],
  };
}
