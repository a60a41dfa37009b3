/**
 * Retry accounting (Q-4, D-2, D-3, D-8, E-7): a failing record is invoked at
 * most MaximumRetryAttempts + 1 times before it is given up, and given up for
 * RetryAttemptsExhausted only after exactly that many. Partial-batch failures
 * count (E-7). With bisect, splits do not count (D-8): the range given up must
 * have failed MaximumRetryAttempts + 1 times as that very range.
 * Re-enabling a disabled mapping restarts the count: retry state lives in the
 * poller, and the new one resumes from the checkpoint (C-2, a model decision).
 */
import type { DiscardEvent } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { FailureChain, failureChain } from '../FailureChain.ts';
import { recordId, type TraceIndex } from '../TraceIndex.ts';

export const retryLimit: Checker = {
  name: 'retry-limit',
  rules: ['Q-4', 'D-3', 'D-8', 'E-7'],
  invariant: 'A failing range is invoked MaximumRetryAttempts + 1 times (splits not counted) before it is given up, never more and never fewer.',
  check(index) {
    const findings: Finding[] = [];
    findings.push(...overLimit(index));
    for (const d of index.discards) {
      if (d.condition !== 'RetryAttemptsExhausted') continue;
      const problem = earlyGiveUp(index, d, index.configFor(d).MaximumRetryAttempts);
      if (problem && findings.length < 20) findings.push(problem);
    }
    return findings;
  },
};

/** Consecutive failed invocations of one same range, per record. */
function overLimit(index: TraceIndex): Finding[] {
  const findings: Finding[] = [];
  const chain = new FailureChain(); // reused record after record
  for (const rec of index.delivered) {
    failureChain(index, index.deliveriesOf(rec), index.records.seq(rec), Infinity, true, chain);
    const max = chain.length > 0 ? chain.at(chain.length - 1).config.MaximumRetryAttempts : -1;
    const allowed = max + 1;
    if (max >= 0 && chain.length > allowed && findings.length < 20) {
      const p = index.putOf(rec);
      findings.push({
        checker: 'retry-limit', rule: 'D-3',
        summary: `${index.nameOf(rec)} failed ${chain.length} times, more than MaximumRetryAttempts + 1 = ${allowed}`,
        records: [index.idOf(rec)], at: chain.at(allowed).t,
        story: [
          { kind: 'let', t: p?.t, what: `${index.describe(rec)} fail in every invocation` },
          { kind: 'then', t: chain.at(0).t, what: `it was invoked and failed ${chain.length} times in a row` },
          { kind: 'but', t: chain.at(allowed).t, what: `MaximumRetryAttempts is ${allowed - 1}, so invocation ${allowed + 1} should never have happened: the records should have been given up after ${allowed}` },
        ],
      });
    }
  }
  return findings;
}

function earlyGiveUp(index: TraceIndex, d: DiscardEvent, max: number): Finding | undefined {
  const rec = index.recordOf(d.shardId, d.records[0]!)!;
  const chain = failureChain(index, index.deliveriesOf(rec), d.records[0]!, d.t, true);
  if (max >= 0 && chain.length === max + 1) return undefined;
  const p = index.putOf(rec);
  return {
    checker: 'retry-limit', rule: max < 0 ? 'A-6' : 'D-3',
    summary: `${d.records.length} record(s) from ${index.nameOf(rec)} were given up for RetryAttemptsExhausted after ${chain.length} counted failure(s)`,
    records: d.records.map((s) => recordId(d.shardId, s)), at: d.t,
    story: [
      { kind: 'let', t: p?.t, what: `${index.describe(rec)} fail` },
      { kind: 'then', what: `it failed ${chain.length} time(s) that count against the limit${index.configFor(d).BisectBatchOnFunctionError ? ' (bisect splits excluded, D-8)' : ''}` },
      {
        kind: 'but', t: d.t,
        what: max < 0
          ? 'it was given up for RetryAttemptsExhausted although MaximumRetryAttempts is -1 (retry until the record expires)'
          : `it was given up for RetryAttemptsExhausted, which needs exactly MaximumRetryAttempts + 1 = ${max + 1} counted failures`,
      },
    ],
  };
}
