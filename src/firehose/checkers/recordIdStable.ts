/**
 * Stable record identity (M-1, M-4): a retried batch carries the same
 * records under the same recordIds; no two records share a recordId and no
 * two invocations an invocationId.
 */
import { changedIdFinding, sharedIdFindings, type IdUse } from '../../ack/idChecks.ts';
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import type { FirehoseIndex } from '../FirehoseIndex.ts';

const NAME = 'record-id-stable';

export const recordIdStable: IndexChecker<FirehoseIndex> = {
  name: NAME,
  rules: ['M-1', 'M-4'],
  invariant: 'A record keeps its recordId on every retry; recordIds and invocationIds are never shared.',
  check(index) {
    const changed: Finding[] = [];
    for (const h of index.records.values()) {
      const sendings = h.attempts.map((a, i) => ({ recordId: a.invoke.records.find((r) => r.rid === h.put.rid)!.recordId, t: a.invoke.t, label: `attempt ${i + 1}` }));
      const f = changedIdFinding(h.put.rid, sendings, NAME, 'M-4');
      if (f) changed.push(f);
    }
    const records: IdUse[] = index.invocations.flatMap((inv) => inv.invoke.records.map((r) => ({ id: r.recordId, owner: `record ${r.rid}`, t: inv.invoke.t })));
    const invocations: IdUse[] = index.invocations.map((inv, i) => ({ id: inv.invoke.invocationId, owner: `invocation #${i + 1}`, t: inv.invoke.t }));
    return [...changed, ...sharedIdFindings(records, 'recordId', NAME, 'M-1'), ...sharedIdFindings(invocations, 'invocationId', NAME, 'M-1')];
  },
};
