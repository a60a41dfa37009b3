/**
 * Conservation (Q-3, B-9, D-5, C-2, J-4, I-3): every record the mapping must
 * read is processed successfully at least once, given up (and so reported),
 * filtered out by its FilterCriteria (and so reported), or trimmed by
 * retention before the mapping read it. Nothing is lost silently:
 * not across splits and merges (every shard's records count), and not across
 * a disable period (what retention trimmed meanwhile is accounted as trimmed,
 * at its trim time). A run that ends with the mapping disabled owes nothing
 * further.
 */
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { compareSeq } from '../../kinesis/SequenceNumber.ts';
import type { Rec, TraceIndex } from '../TraceIndex.ts';

export const conservation: Checker = {
  name: 'conservation',
  rules: ['Q-3', 'B-9', 'D-5', 'C-2', 'J-4', 'I-3'],
  invariant: 'Every record after the starting position is processed successfully, given up, filtered out, or trimmed before it was read.',
  check(index) {
    if (!index.complete || index.endedDisabled) return [];
    const findings: Finding[] = [];
    for (const [shardId, puts] of index.shardPuts) {
      const recs = index.shardPutRecs.get(shardId)!;
      for (let i = 0; i < puts.length; i++) {
        if (index.inScope(puts[i]!) !== true) continue;
        const rec = recs[i]!;
        if (index.succeededAt(rec) !== undefined || index.discardedAt(rec) !== undefined || index.filteredAt(rec) !== undefined || trimmedUnread(index, rec)) continue;
        if (findings.length < 20) findings.push(lost(index, rec));
      }
    }
    return findings;
  },
};

/**
 * Trimmed before the mapping held it: while the mapping was disabled (C-2),
 * or with no delivery of it, nor throttled invocation (D-1), since the
 * mapping was last (re-)enabled before the trim. A record delivered or
 * throttled and then trimmed while the mapping kept running must have been
 * given up (D-7, P-7), not dropped.
 */
function trimmedUnread(index: TraceIndex, rec: Rec): boolean {
  const trim = index.trimOf(rec);
  if (!trim) return false;
  const at = index.trimPlaceOf(rec);
  // By time, as the harness reads it, and by trace order: a trim in the instant of a re-enable but before it in the trace came while stopped.
  if (index.disabledAt(trim.t) || index.stoppedBefore(at)) return true;
  const since = index.lastEnabledBefore(at);
  const held = index.deliveriesOf(rec).find((d) => d.pos > since);
  if (held !== undefined && held.pos < at) return false;
  return index.throttlesOf(trim.shardId, trim.seq, since, at) === 0;
}

function lost(index: TraceIndex, rec: Rec): Finding {
  const p = index.putOf(rec)!;
  const deliveries = index.deliveriesOf(rec);
  const checkpointPast = index.checkpoints.find((c) => c.shardId === p.shardId && compareSeq(c.seq, p.seq) >= 0);
  return {
    checker: 'conservation',
    rule: 'Q-3',
    summary: `${p.rid} was lost: never processed successfully, given up, filtered out, or trimmed`,
    records: [index.idOf(rec)],
    at: index.end?.t ?? p.t,
    story: [
      { kind: 'let', t: p.t, what: `${index.describe(rec)} be put after the starting position` },
      deliveries.length === 0
        ? { kind: 'then', what: 'it was never delivered to the function' }
        : { kind: 'then', t: deliveries[deliveries.length - 1]!.t, what: `it was delivered ${deliveries.length} time(s), and every delivery failed` },
      ...(checkpointPast ? [{ kind: 'then' as const, t: checkpointPast.t, what: `the checkpoint moved to seq ${checkpointPast.seq}, past it` }] : []),
      { kind: 'but', t: index.end?.t, what: 'the run ended without a success, a discard, a filter event or an on-failure record for it: it was lost silently' },
    ],
  };
}
