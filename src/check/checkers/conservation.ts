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
 * Trimmed where the mapping could not owe a give-up for it (C-2, A-20, J-1):
 * - while the mapping was not reading: disabled, or updating (the pollers
 *   stop until the update ends, and restart from the checkpoints);
 * - with no delivery of it, nor throttled invocation (D-1), since the mapping
 *   was last (re-)enabled before the trim: retention took it unread;
 * - held (delivered or throttled) when trimmed, but the mapping stopped or
 *   began an update before the lane that held it tried again, and before the
 *   checkpoint moved past it: a restart resumes from the checkpoint, where
 *   retention has taken the record.
 * A record held when trimmed, whose lane then tried again or whose checkpoint
 * moved on while the mapping kept running, must have been given up (D-7,
 * P-7), not dropped.
 */
function trimmedUnread(index: TraceIndex, rec: Rec): boolean {
  const trim = index.trimOf(rec);
  if (!trim) return false;
  const at = index.trimPlaceOf(rec);
  // By time, as the harness reads it, and by trace order: a trim in the instant of a re-enable but before it in the trace came while stopped.
  if (index.disabledAt(trim.t) || index.haltedBefore(at)) return true;
  const holder = lastHolder(index, rec, index.lastEnabledBefore(at), at);
  if (holder === undefined) return true;
  // A holder that did not say its lane: any lane of the shard may have been its lane's next attempt.
  const movedOn = Math.min(index.attempts.nextAfter(trim.shardId, holder.lane, at), index.firstCheckpointPast(trim.shardId, trim.seq, at));
  return index.firstHaltAfter(at) < movedOn;
}

/** The last attempt (delivery, or invocation Lambda throttled) that held the record between the trace's events at `from` and `to` (exclusive), with its lane, if any. */
function lastHolder(index: TraceIndex, rec: Rec, from: number, to: number): { readonly pos: number; readonly lane: number | undefined } | undefined {
  const deliveries = index.deliveriesOf(rec);
  let k = deliveries.length - 1;
  while (k >= 0 && deliveries[k]!.pos >= to) k--;
  const delivery = k >= 0 && deliveries[k]!.pos > from ? deliveries[k]! : undefined;
  const throttles = index.throttledBetween(rec, from, to);
  const throttle = throttles[throttles.length - 1];
  if (throttle !== undefined && (delivery === undefined || throttle.pos > delivery.pos)) return { pos: throttle.pos, lane: throttle.event.lane };
  return delivery && { pos: delivery.pos, lane: delivery.lane };
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
