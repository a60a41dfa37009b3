/**
 * Partial batch responses and retries (E-1..E-7, B-8, D-8): after a failed
 * invocation, the next delivery of its failed records starts exactly at the
 * checkpoint (the lowest reported failure, or the batch's first record) and
 * is a contiguous run of what was not yet processed; and a response the table
 * classifies as success is not retried.
 */
import { compareSeq } from '../../kinesis/SequenceNumber.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { freshStart, nextDelivering } from '../laneHistory.ts';
import { idsOf, sameBatch, type Invocation } from '../Invocation.ts';
import type { Rec, TraceIndex } from '../TraceIndex.ts';

export const partialResponse: Checker = {
  name: 'partial-response',
  rules: ['E-1', 'E-3', 'E-4', 'E-5', 'E-7', 'B-8'],
  invariant: 'After a failure the retry starts at the lowest failed record (the checkpoint) and is contiguous; a response classified as success is not retried.',
  check(index) {
    const findings: Finding[] = [];
    for (const list of index.lanes) {
      for (const inv of list) {
        if (findings.length >= 20 || !inv.classification) continue;
        const next = nextDelivering(index, inv);
        if (!next || freshStart(index, inv, next)) continue;
        const problem = inv.anyFailed ? badRetry(inv, next) : retriedSuccess(inv, next);
        if (problem) findings.push(finding(index, inv, next, problem));
      }
    }
    return findings;
  },
};

/**
 * E-1, E-4, E-6: after a success (by the table, which ignores the body when
 * ReportBatchItemFailures is off) the lane delivers none of its records again:
 * not the same batch, nor a suffix from a failure the body reported.
 */
function retriedSuccess(inv: Invocation, next: Invocation): string {
  const what = sameBatch(inv, next) ? 'the same batch was invoked again' : `seq ${next.records.find((s) => inv.records.includes(s))} was delivered again`;
  const off = inv.config.FunctionResponseTypes.includes('ReportBatchItemFailures') ? '' : ' (ReportBatchItemFailures is off, so the body is ignored: E-1)';
  return `the response ${JSON.stringify(inv.result?.response ?? null)} means complete success (E-4/E-6)${off}, yet ${what}`;
}

/** E-3: the retry begins at the lowest failure and runs without gaps over the failed records. */
function badRetry(inv: Invocation, next: Invocation): string | undefined {
  const records = inv.records;
  const lowest = lowestFailed(inv);
  const first = next.records[0]!;
  if (first !== lowest) {
    return compareSeq(first, lowest) > 0
      ? `the retry began at seq ${first}, skipping seq ${lowest}, the lowest failed record (the checkpoint must stop before it)`
      : `the retry began at seq ${first}, before seq ${lowest}, the lowest failed record: records that succeeded were checkpointed and must not be retried`;
  }
  const from = records.indexOf(lowest);
  const run = records.length - from;
  let gap = -1;
  for (let k = 0; k < next.records.length && k < run && gap < 0; k++) if (next.records[k] !== records[from + k]) gap = k;
  return gap < 0 ? undefined : `the retry is not contiguous: after seq ${next.records[gap - 1]} it has seq ${next.records[gap]} instead of ${records[from + gap]}`;
}

/** The lowest failed record of a failed invocation: the lowest reported failure of a partial one, the batch's lowest of a complete failure. */
function lowestFailed(inv: Invocation): string {
  const c = inv.classification!;
  if (c.kind === 'partial') return c.lowestFailed;
  let lowest = inv.records[0]!;
  for (const s of inv.records) if (compareSeq(s, lowest) < 0) lowest = s;
  return lowest;
}

function finding(index: TraceIndex, inv: Invocation, next: Invocation, problem: string): Finding {
  const names = (recs: readonly Rec[]) => recs.map((rec) => index.nameOf(rec)).join(', ');
  const c = inv.classification!;
  const ids = idsOf(inv);
  const verdict = c.kind === 'partial' ? `a partial failure with lowest failed seq ${c.lowestFailed}` : c.kind === 'failure' ? `a complete failure (${c.reason})` : 'a complete success';
  return {
    checker: 'partial-response', rule: c.kind === 'success' ? 'E-4' : 'E-3',
    summary: problem, records: [...ids, ...idsOf(next).filter((id) => !ids.includes(id))].slice(0, 12), at: next.t,
    story: [
      { kind: 'let', t: inv.t, what: `invocation ${inv.invoke.id} deliver [${names(inv.recs)}]` },
      { kind: 'then', t: inv.result?.t, what: `it ${inv.result?.outcome === 'return' ? `returned ${JSON.stringify(inv.result.response)}` : inv.result?.outcome === 'error' ? 'threw' : 'timed out'}, which the table (E-4/E-5) classifies as ${verdict}` },
      { kind: 'then', t: next.t, what: `the next delivery of those records was [${names(next.recs)}]` },
      { kind: 'but', what: problem },
    ],
  };
}
