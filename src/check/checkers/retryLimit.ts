/**
 * Retry accounting (Q-4, D-2, D-3, D-5, D-8, E-7): a failing record is invoked
 * at most MaximumRetryAttempts + 1 times in a row before it is given up
 * (a later success does not excuse the extra attempts), and given up for
 * RetryAttemptsExhausted only after exactly that many, and only with records
 * that failed in their last attempt. Once given up, a record is not delivered
 * again, nor tried and throttled (D-5: the mapping moves on). Partial-batch
 * failures count (E-7). With bisect, splits do not count (D-8): the range
 * given up must have failed MaximumRetryAttempts + 1 times as that very range.
 * Throttled invocations (D-1, P-7) never reached the function and count for
 * nothing: only invocations do. But once a run of failures has reached the
 * limit, no attempt may follow before the give-up, not even one Lambda
 * throttles.
 * Re-enabling a disabled mapping (or the end of an update, A-20: any
 * `Enabled`) restarts the count, and may deliver again what was given up
 * past the checkpoint: retry state lives in the poller,
 * and the new one resumes from the checkpoint (C-2, a model decision).
 */
import type { DiscardEvent, ThrottleEvent } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { failedIn, sameSeqs, type Invocation } from '../Invocation.ts';
import { continuesRun, extendChain, FailureChain, failureChain, runStart } from '../FailureChain.ts';
import { recordId, type Rec, type TraceIndex } from '../TraceIndex.ts';

export const retryLimit: Checker = {
  name: 'retry-limit',
  rules: ['Q-4', 'D-1', 'D-3', 'D-5', 'D-8', 'E-7'],
  invariant: 'A failing range is invoked MaximumRetryAttempts + 1 times (splits not counted) before it is given up, never more and never fewer, and then not even attempted again (a throttled attempt included); what was given up is not delivered again, nor tried and throttled.',
  check(index) {
    const findings: Finding[] = [];
    const givenUp = firstGiveUps(index);
    findings.push(...overLimit(index, givenUp));
    for (const d of index.discards) {
      if (d.condition !== 'RetryAttemptsExhausted') continue;
      const problem = unfailedGiveUp(index, d) ?? earlyGiveUp(index, d, index.configFor(d).MaximumRetryAttempts);
      if (problem && findings.length < 20) findings.push(problem);
    }
    findings.push(...deliveredAfterGiveUp(index, givenUp));
    return findings;
  },
};

/** Per record given up: its first give-up. */
function firstGiveUps(index: TraceIndex): Map<Rec, DiscardEvent> {
  const out = new Map<Rec, DiscardEvent>();
  for (const d of index.discards) {
    for (const seq of d.records) {
      const rec = index.recordOf(d.shardId, seq)!;
      if (!out.has(rec)) out.set(rec, d);
    }
  }
  return out;
}

/**
 * Runs of failed invocations of one same range, per record: the first
 * invocation past the limit in any run, up to the record's give-up (what
 * comes after one is `deliveredAfterGiveUp`'s to judge).
 */
function overLimit(index: TraceIndex, givenUp: ReadonlyMap<Rec, DiscardEvent>): Finding[] {
  const findings: Finding[] = [];
  const chain = new FailureChain(); // reused record after record
  for (const rec of index.delivered) {
    if (findings.length >= 20) break;
    chain.clear();
    const seq = index.records.seq(rec);
    const d = givenUp.get(rec);
    const until = d === undefined ? Infinity : index.placeOf(d);
    const deliveries = index.deliveriesOf(rec);
    for (let k = 0; k < deliveries.length; k++) {
      const inv = deliveries[k]!;
      if (inv.pos > until) break;
      const max = inv.config.MaximumRetryAttempts;
      if (max >= 0 && chain.length >= max + 1 && continuesRun(index, chain, inv, true)) {
        findings.push(pastLimit(index, rec, chain, inv));
        break;
      }
      extendChain(index, chain, inv, seq, true);
      const next = deliveries[k + 1];
      const throttled = throttledPastLimit(index, rec, chain, next !== undefined && next.pos < until ? next : undefined, until);
      if (throttled) {
        findings.push(throttled);
        break;
      }
    }
  }
  return findings;
}

/**
 * D-1, D-3: an attempt at `rec` that Lambda throttled after the record's run
 * of failures in `chain` had reached the limit, before its next delivery
 * `next` and its give-up (at trace index `until`), all by trace order. A
 * throttle counts as no retry, but the attempt
 * should never have been made: the record was due to be given up. Under
 * bisect, only an attempt at the very range that failed continues the run
 * (D-8); a re-enable restarts it (C-2).
 */
function throttledPastLimit(index: TraceIndex, rec: Rec, chain: FailureChain, next: Invocation | undefined, until: number): Finding | undefined {
  if (chain.length === 0) return undefined;
  const last = chain.at(chain.length - 1);
  for (const th of index.throttledOf(rec)) {
    const { event } = th;
    if (th.pos < last.endPos) continue; // came before the last failure's result
    if ((next !== undefined && th.pos > next.pos) || th.pos > until || index.reenabledBetween(last.pos, th.pos)) break;
    const config = index.configFor(event);
    const max = config.MaximumRetryAttempts;
    if (max < 0 || chain.length < max + 1) continue;
    if (config.BisectBatchOnFunctionError && !sameSeqs(event.records, last.records)) continue;
    return throttledAgain(index, rec, chain, event, max);
  }
  return undefined;
}

/** `extra`, a throttled attempt, held `rec` after its run of failures in `chain` had reached the limit. */
function throttledAgain(index: TraceIndex, rec: Rec, chain: FailureChain, extra: ThrottleEvent, max: number): Finding {
  const failed = chain.length;
  return {
    checker: 'retry-limit', rule: 'D-3',
    summary: `${index.nameOf(rec)} was tried again after ${failed} failure(s) in a row, MaximumRetryAttempts + 1 = ${max + 1}; Lambda throttled that attempt`,
    records: [index.idOf(rec)], at: extra.t,
    story: [
      { kind: 'let', t: index.putOf(rec)?.t, what: `${index.describe(rec)} fail` },
      { kind: 'then', t: chain.at(0).t, what: `it was invoked and failed ${failed} time(s) in a row` },
      { kind: 'then', t: extra.t, what: 'the mapping tried to invoke it again, and Lambda throttled that attempt (D-1)' },
      { kind: 'but', t: extra.t, what: `MaximumRetryAttempts is ${max}, so it should have been given up after its last failure: a throttle counts as no retry, but no attempt should have been made at all` },
    ],
  };
}

/** `extra` delivered `rec` again after its run of failures in `chain` had reached the limit. */
function pastLimit(index: TraceIndex, rec: Rec, chain: FailureChain, extra: Invocation): Finding {
  const p = index.putOf(rec);
  const failed = chain.length;
  return {
    checker: 'retry-limit', rule: 'D-3',
    summary: `${index.nameOf(rec)} was invoked again after ${failed} failure(s) in a row, MaximumRetryAttempts + 1 = ${extra.config.MaximumRetryAttempts + 1}`,
    records: [index.idOf(rec)], at: extra.t,
    story: [
      { kind: 'let', t: p?.t, what: `${index.describe(rec)} fail` },
      { kind: 'then', t: chain.at(0).t, what: `it was invoked and failed ${failed} time(s) in a row` },
      { kind: 'but', t: extra.t, what: `MaximumRetryAttempts is ${extra.config.MaximumRetryAttempts}, so it should then have been given up: invocation ${failed + 1} should never have happened` },
    ],
  };
}

/** A give-up for RetryAttemptsExhausted of a record whose last delivery before it did not fail (or that was never delivered). */
function unfailedGiveUp(index: TraceIndex, d: DiscardEvent): Finding | undefined {
  for (const seq of d.records) {
    const rec = index.recordOf(d.shardId, seq)!;
    const before = index.deliveriesBefore(rec, d);
    const last = before.at(-1);
    if (last !== undefined && failedIn(last, seq)) continue;
    const p = index.putOf(rec);
    const at = index.placeOf(d);
    const throttled = index.throttlesOf(d.shardId, seq, runStart(index, before, seq, at), at);
    return {
      checker: 'retry-limit', rule: throttled > 0 && last === undefined ? 'D-1' : 'D-5',
      summary: `${index.nameOf(rec)} was given up for RetryAttemptsExhausted ${last === undefined ? 'without ever being delivered' : 'although its last delivery did not fail'}`,
      records: [index.idOf(rec)], at: d.t,
      story: [
        { kind: 'let', t: p?.t, what: `${index.describe(rec)} be put` },
        last === undefined
          ? { kind: 'then', what: 'it was never delivered to the function' }
          : { kind: 'then', t: last.t, what: `its last delivery before the give-up ${last.classification?.kind === 'success' ? 'succeeded' : 'did not fail'}` },
        ...(throttled > 0 ? [{ kind: 'then' as const, what: throttleClause(throttled, '') }] : []),
        { kind: 'but', t: d.t, what: `it was given up with ${d.records.length} record(s) for RetryAttemptsExhausted, which only records that failed every retry can be` },
      ],
    };
  }
  return undefined;
}

/**
 * Records attempted again after their first give-up, with no re-enable in
 * between (D-5): delivered, or tried and throttled (D-1: the attempt was
 * made, though it never reached the function).
 */
function deliveredAfterGiveUp(index: TraceIndex, givenUp: ReadonlyMap<Rec, DiscardEvent>): Finding[] {
  const findings: Finding[] = [];
  for (const [rec, d] of givenUp) {
    const at = index.placeOf(d);
    const first = firstAttemptAfter(index, rec, at);
    if (first === undefined) continue;
    if (findings.length >= 20) break;
    findings.push({
      checker: 'retry-limit', rule: 'D-5',
      summary: `${index.nameOf(rec)} was ${first.how} after it was given up (${d.condition})`,
      records: [index.idOf(rec)], at: first.t,
      story: [
        { kind: 'let', t: index.putOf(rec)?.t, what: `${index.describe(rec)} be put` },
        { kind: 'then', t: d.t, what: `it was given up for ${d.condition}, and the mapping should have moved on past it` },
        { kind: 'but', t: first.t, what: `it was ${first.how} in a batch of ${first.size}, with no re-enable of the mapping in between` },
      ],
    });
  }
  return findings;
}

/** The first attempt at `rec` after the trace's event at index `at` with no re-enable in between: a delivery, or a throttled try. */
function firstAttemptAfter(index: TraceIndex, rec: Rec, at: number): { t: number; size: number; how: string } | undefined {
  const again = index.deliveriesOf(rec).find((inv) => inv.pos > at && !index.reenabledBetween(at, inv.pos));
  const throttled = index.throttledOf(rec).find((th) => th.pos > at && !index.reenabledBetween(at, th.pos));
  if (throttled !== undefined && (again === undefined || throttled.pos < again.pos)) {
    return { t: throttled.event.t, size: throttled.event.records.length, how: 'tried again (Lambda throttled the attempt)' };
  }
  return again && { t: again.t, size: again.records.length, how: 'delivered again' };
}

function earlyGiveUp(index: TraceIndex, d: DiscardEvent, max: number): Finding | undefined {
  const rec = index.recordOf(d.shardId, d.records[0]!)!;
  const before = index.deliveriesBefore(rec, d);
  const at = index.placeOf(d);
  const chain = failureChain(index, before, d.records[0]!, at, true);
  if (max >= 0 && chain.length === max + 1) return undefined;
  const p = index.putOf(rec);
  return {
    checker: 'retry-limit', rule: max < 0 ? 'A-6' : 'D-3',
    summary: `${d.records.length} record(s) from ${index.nameOf(rec)} were given up for RetryAttemptsExhausted after ${chain.length} counted failure(s)`,
    records: d.records.map((s) => recordId(d.shardId, s)), at: d.t,
    story: [
      { kind: 'let', t: p?.t, what: `${index.describe(rec)} fail` },
      { kind: 'then', what: `it failed ${chain.length} time(s) that count against the limit${index.configFor(d).BisectBatchOnFunctionError ? ' (bisect splits excluded, D-8)' : ''}${throttleClause(index.throttlesOf(d.shardId, d.records[0]!, runStart(index, before, d.records[0]!, at), at), '; besides, ')}` },
      {
        kind: 'but', t: d.t,
        what: max < 0
          ? 'it was given up for RetryAttemptsExhausted although MaximumRetryAttempts is -1 (retry until the record expires)'
          : `it was given up for RetryAttemptsExhausted, which needs exactly MaximumRetryAttempts + 1 = ${max + 1} counted failures`,
      },
    ],
  };
}

/** A clause for a story, after `lead`: throttled invocations count for nothing (D-1); empty without any. */
function throttleClause(throttled: number, lead: string): string {
  return throttled === 0 ? '' : `${lead}Lambda throttled ${throttled} invocation(s) of it, which never reached the function and count as no retry (D-1)`;
}
