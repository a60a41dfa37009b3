/**
 * Buffering and request bounds (M-3): a batch is sent when the buffer reaches
 * the size hint (so it holds less than the hint before its last record) or
 * when the interval has passed since its first record arrived, not before
 * either and not later, unless 5 invocations are already outstanding; each
 * request stays within 6 MB; never more than 5 invocations are outstanding.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import type { FirehoseIndex, FirehoseInvocation } from '../FirehoseIndex.ts';
import type { FirehoseStartEvent } from '../FirehoseTrace.ts';

export const bufferBounds: IndexChecker<FirehoseIndex> = {
  name: 'buffer-bounds',
  rules: ['M-3'],
  invariant: 'Batches are flushed at the size hint or the interval, whichever comes first; requests are at most 6 MB; at most 5 invocations are outstanding.',
  check(index) {
    const start = index.start;
    if (!start) return [];
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const inv of index.invocations) {
      const first = inv.invoke.records.every((r) => !seen.has(r.rid));
      for (const r of inv.invoke.records) seen.add(r.rid);
      const problem = (first ? flushProblem(index, start, inv) : undefined) ?? requestProblem(start, inv) ?? outstandingProblem(index, start, inv);
      if (problem) findings.push(finding(start, inv, problem));
    }
    return findings;
  },
};

function flushProblem(index: FirehoseIndex, start: FirehoseStartEvent, inv: FirehoseInvocation): string | undefined {
  const puts = inv.invoke.records.map((r) => index.records.get(r.rid)!.put);
  const bytes = puts.reduce((n, p) => n + p.bytes, 0);
  const beforeLast = bytes - puts[puts.length - 1]!.bytes;
  const due = Math.min(...puts.map((p) => p.t)) + start.bufferIntervalMs;
  if (beforeLast >= start.bufferSizeBytes) return `the buffer held ${beforeLast} bytes before its last record, past the ${start.bufferSizeBytes}-byte size hint, and was not flushed`;
  if (inv.invoke.t < due && bytes < start.bufferSizeBytes) return `it was flushed ${due - inv.invoke.t} ms before the interval ended, holding only ${bytes} of ${start.bufferSizeBytes} bytes`;
  if (inv.invoke.t > due && outstandingAt(index, due) < start.maxOutstanding) return `it was flushed ${inv.invoke.t - due} ms after the interval ended, with fewer than ${start.maxOutstanding} invocations outstanding`;
  return undefined;
}

function requestProblem(start: FirehoseStartEvent, inv: FirehoseInvocation): string | undefined {
  if (inv.invoke.records.length === 0) return 'it carried no records';
  if (inv.invoke.bytes > start.payloadLimitBytes) return `its request was ${inv.invoke.bytes} bytes, over the ${start.payloadLimitBytes}-byte limit`;
  return undefined;
}

function outstandingProblem(index: FirehoseIndex, start: FirehoseStartEvent, inv: FirehoseInvocation): string | undefined {
  const n = outstandingAt(index, inv.invoke.t, inv);
  return n > start.maxOutstanding ? `${n} invocations were outstanding at once, more than ${start.maxOutstanding}` : undefined;
}

/** Invocations started at or before `t` (up to `upTo`, if given) whose result had not come by `t`. */
function outstandingAt(index: FirehoseIndex, t: number, upTo?: FirehoseInvocation): number {
  let n = 0;
  for (const other of index.invocations) {
    if (other.invoke.t > t) break;
    if (other.result === undefined || other.result.t > t || (other.result.t === t && upTo !== undefined && index.trace.indexOf(other.result) > index.trace.indexOf(upTo.invoke))) n++;
    if (other === upTo) break;
  }
  return n;
}

function finding(start: FirehoseStartEvent, inv: FirehoseInvocation, problem: string): Finding {
  return {
    checker: 'buffer-bounds', rule: 'M-3',
    summary: `invocation ${inv.invoke.invocationId}: ${problem}`,
    records: inv.invoke.records.map((r) => r.rid), at: inv.invoke.t,
    story: [
      { kind: 'let', what: `the processor buffer up to ${start.bufferSizeBytes} bytes or ${start.bufferIntervalMs} ms, whichever comes first (M-3)` },
      { kind: 'then', t: inv.invoke.t, what: `the function was invoked with ${inv.invoke.records.length} record(s)` },
      { kind: 'but', t: inv.invoke.t, what: problem },
    ],
  };
}
