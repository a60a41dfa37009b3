/**
 * Stable record identity (L-1, L-3): within a run, a row keeps its recordId
 * at a destination on every retry (KDA retries "the same set of records"),
 * and no two rows, destinations or runs share a recordId (a random GUID);
 * invocation ids are unique too.
 */
import { changedIdFinding, sharedIdFindings, type IdUse } from '../../ack/idChecks.ts';
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { rowAt, type KdaIndex } from '../KdaIndex.ts';

const NAME = 'record-id-stable';

export const recordIdStable: IndexChecker<KdaIndex> = {
  name: NAME,
  rules: ['L-1', 'L-3'],
  invariant: 'A row keeps one recordId per destination and run across retries; recordIds and invocationIds are never shared.',
  check(index) {
    const changed: Finding[] = [];
    for (const [key, all] of index.deliveries) {
      for (const run of new Set(all.map((d) => d.inv.run))) {
        const sendings = index.inRun(key, run).map((d) => ({ recordId: d.record.recordId, t: d.inv.invoke.t, label: `retryHint ${d.record.retryHint}` }));
        const f = changedIdFinding(`${key} (run ${run})`, sendings, NAME, 'L-3');
        if (f) changed.push(f);
      }
    }
    const records: IdUse[] = index.invocations.flatMap((inv) => inv.invoke.records.map((r) => ({ id: r.recordId, owner: `${rowAt(inv.invoke.destination, r.rid)} in run ${inv.run}`, t: inv.invoke.t })));
    const invocations: IdUse[] = index.invocations.map((inv, i) => ({ id: inv.invoke.invocationId, owner: `invocation #${i + 1}`, t: inv.invoke.t }));
    return [...changed, ...sharedIdFindings(records, 'recordId', NAME, 'L-1'), ...sharedIdFindings(invocations, 'invocationId', NAME, 'L-1')];
  },
};
