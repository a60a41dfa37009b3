/**
 * Retention (J-1, C-2): what retention trimmed is never read again, since
 * GetRecords returns only what the stream still holds. So no read after a
 * record's trim returns it (a read in the trim's own millisecond may come
 * before it, as below); and a record delivered after its trim must have
 * been read before it: a batch in memory, retried or waiting behind a retried
 * one, keeps its records (J-1, D-7). Judged from the trace's `poll` events
 * (the reads that returned records); a trace without them leaves this checker
 * nothing to judge.
 */
import { compareSeq } from '../../kinesis/SequenceNumber.ts';
import type { PollEvent, TrimEvent } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import type { Invocation } from '../Invocation.ts';
import type { Rec, TraceIndex } from '../TraceIndex.ts';

export const retention: Checker = {
  name: 'retention',
  rules: ['J-1', 'C-2'],
  invariant: 'No record is read after retention trimmed it: no read after its trim returns it, and a record delivered after its trim was read before the trim.',
  check(index) {
    if (index.polls.length === 0) return [];
    const findings = readsOfTrimmed(index);
    const readLate = new Set(findings.flatMap((f) => f.records)); // told once: the read after the trim explains the delivery
    for (const rec of index.trimmed) {
      if (findings.length >= 20) break;
      const trim = index.trimOf(rec)!;
      const late = index.deliveriesOf(rec).find((inv) => inv.t > trim.t);
      if (late === undefined || readLate.has(index.idOf(rec)) || readBefore(index.polls, trim)) continue;
      findings.push(finding(index, rec, trim, late));
    }
    return findings;
  },
};

/**
 * Reads that returned a record after its trim. Retention trims a shard
 * in sequence order, so a read that returned any trimmed record returned its
 * first one trimmed too: the first record of each read is the one to look at.
 */
function readsOfTrimmed(index: TraceIndex): Finding[] {
  const findings: Finding[] = [];
  for (const p of index.polls) {
    const rec = index.recordOf(p.shardId, p.first);
    const trim = rec === undefined ? undefined : index.trimOf(rec);
    if (rec === undefined || trim === undefined || p.t <= trim.t) continue;
    findings.push(readAfterTrim(index, rec, trim, p));
    if (findings.length >= 20) break;
  }
  return findings;
}

function readAfterTrim(index: TraceIndex, rec: Rec, trim: TrimEvent, read: PollEvent): Finding {
  const range = read.first === read.last ? `seq ${read.first}` : `seqs ${read.first}..${read.last}`;
  return {
    checker: 'retention', rule: 'J-1',
    summary: `a read of ${read.shardId} returned ${index.nameOf(rec)} after retention had trimmed it`,
    records: [index.idOf(rec)], at: read.t,
    story: [
      { kind: 'let', t: index.putOf(rec)?.t, what: `${index.describe(rec)} be put` },
      { kind: 'then', t: trim.t, what: 'retention trimmed it from the stream: from then on no read can return it' },
      { kind: 'but', t: read.t, what: `a read of ${read.shardId} returned it (${range}): the stream served data it no longer held` },
    ],
  };
}

/** Did a read of the record's shard return it before (or at the instant of) its trim? */
function readBefore(polls: readonly PollEvent[], trim: TrimEvent): boolean {
  return polls.some((p) => p.t <= trim.t && p.shardId === trim.shardId && compareSeq(p.first, trim.seq) <= 0 && compareSeq(trim.seq, p.last) <= 0);
}

function finding(index: TraceIndex, rec: Rec, trim: TrimEvent, late: Invocation): Finding {
  return {
    checker: 'retention', rule: 'J-1',
    summary: `${index.nameOf(rec)} was delivered after retention trimmed it, though no read had returned it before`,
    records: [index.idOf(rec)], at: late.t,
    story: [
      { kind: 'let', t: index.putOf(rec)?.t, what: `${index.describe(rec)} be put` },
      { kind: 'then', t: trim.t, what: 'retention trimmed it from the stream, before any read of the mapping returned it' },
      { kind: 'but', t: late.t, what: `it was delivered (invocation ${late.invoke.id}): a read after the trim cannot return it, so the mapping delivered data the stream no longer held` },
    ],
  };
}
