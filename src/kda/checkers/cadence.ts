/**
 * Invocation cadence (L-4): rows are buffered and delivered at the query's
 * triggers (every window for a tumbling window, about every second for a
 * continuous query); a row's first delivery in a run starts at a trigger
 * instant. Retries of failed sets are not bound to triggers.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { rowAt, type KdaIndex } from '../KdaIndex.ts';

export const cadence: IndexChecker<KdaIndex> = {
  name: 'cadence',
  rules: ['L-4'],
  invariant: 'A row is first delivered (in each run) at a trigger instant of the query: start + k * period, k >= 1.',
  check(index) {
    const start = index.start;
    if (!start) return [];
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const inv of index.invocations) {
      const firsts = inv.invoke.records.filter((r) => {
        const key = `${inv.run}:${rowAt(inv.invoke.destination, r.rid)}`;
        const first = !seen.has(key);
        seen.add(key);
        return first;
      });
      const offset = inv.invoke.t - start.t;
      if (firsts.length === 0 || (offset > 0 && offset % start.triggerPeriodMs === 0)) continue;
      findings.push({
        checker: 'cadence', rule: 'L-4',
        summary: `${inv.invoke.destination} received new rows between triggers (${offset} ms after start, period ${start.triggerPeriodMs} ms)`,
        records: firsts.map((r) => rowAt(inv.invoke.destination, r.rid)), at: inv.invoke.t,
        story: [
          { kind: 'let', t: start.t, what: `the application run a ${start.query} query, whose output triggers every ${start.triggerPeriodMs} ms` },
          { kind: 'then', t: index.row(firsts[0]!.rid)?.t, what: `row ${firsts[0]!.rid} was emitted` },
          { kind: 'but', t: inv.invoke.t, what: `it was first delivered to ${inv.invoke.destination} at no trigger instant; L-4 buffers output and invokes per trigger` },
        ],
      });
    }
    return findings;
  },
};
