/**
 * Record age (A-7, D-6, D-7): no record older than MaximumRecordAgeInSeconds
 * reaches the function, and a record is given up for RecordAgeExceeded only
 * when it is older than that (or, with -1, when retention trimmed it).
 * Age is per record: fresh records of the same batch are not given up.
 */
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';

export const recordAge: Checker = {
  name: 'record-age',
  rules: ['D-6', 'D-7', 'A-7'],
  invariant: 'Records older than MaximumRecordAgeInSeconds are never invoked, and only records that old (or trimmed) are given up for RecordAgeExceeded.',
  check(index) {
    const findings: Finding[] = [];
    for (const inv of index.invocations) {
      const maxMs = inv.config.MaximumRecordAgeInSeconds * 1000;
      if (maxMs < 0) continue;
      for (const rec of inv.recs) {
        const p = index.putOf(rec);
        if (!p || inv.t - p.t <= maxMs || findings.length >= 20) continue;
        findings.push({
          checker: 'record-age', rule: 'D-6', summary: `${p.rid} was invoked at age ${((inv.t - p.t) / 1000).toFixed(3)}s, over MaximumRecordAgeInSeconds ${maxMs / 1000}`,
          records: [index.idOf(rec)], at: inv.t,
          story: [
            { kind: 'let', t: p.t, what: `${index.describe(rec)} be put` },
            { kind: 'then', t: p.t + maxMs, what: `it reached MaximumRecordAgeInSeconds (${maxMs / 1000}s)` },
            { kind: 'but', t: inv.t, what: 'it was still sent to the function instead of being given up' },
          ],
        });
      }
    }
    for (const d of index.discards) {
      if (d.condition !== 'RecordAgeExceeded') continue;
      const maxMs = index.configFor(d).MaximumRecordAgeInSeconds * 1000;
      for (const seq of d.records) {
        const rec = index.recordOf(d.shardId, seq)!;
        const p = index.putOf(rec);
        if (!p || findings.length >= 20) continue;
        const trimmed = index.trimOf(rec);
        // A-7: retention applies whatever MaximumRecordAgeInSeconds says.
        const old = (maxMs >= 0 && d.t - p.t > maxMs) || (trimmed !== undefined && trimmed.t <= d.t);
        if (old) continue;
        findings.push({
          checker: 'record-age', rule: 'D-6', summary: `${p.rid} was given up for RecordAgeExceeded at age ${((d.t - p.t) / 1000).toFixed(3)}s`,
          records: [index.idOf(rec)], at: d.t,
          story: [
            { kind: 'let', t: p.t, what: `${index.describe(rec)} be put` },
            { kind: 'but', t: d.t, what: `it was given up as too old, while younger than ${maxMs >= 0 ? `MaximumRecordAgeInSeconds (${maxMs / 1000}s)` : 'its retention (MaximumRecordAgeInSeconds is -1)'} and not yet trimmed by retention` },
          ],
        });
      }
    }
    return findings;
  },
};
