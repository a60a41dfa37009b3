/**
 * Checkpoint monotonicity and safety (Q-1, B-8, E-3): per shard the
 * checkpoint only moves forward, and only over records that were processed
 * successfully, given up, filtered out (I-3), or trimmed.
 */
import { compareSeq } from '../../kinesis/SequenceNumber.ts';
import type { CheckpointEvent } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { recordId, type Rec, type TraceIndex } from '../TraceIndex.ts';

export const checkpointOrder: Checker = {
  name: 'checkpoint',
  rules: ['Q-1', 'B-8', 'E-3'],
  invariant: 'The checkpoint of a shard never moves backward and never passes a record that is not yet resolved.',
  check(index) {
    const findings: Finding[] = [];
    const last = new Map<string, CheckpointEvent>();
    const verified = new Map<string, number>();
    for (const c of index.checkpoints) {
      if (findings.length >= 20) break;
      const prev = last.get(c.shardId);
      if (prev && compareSeq(c.seq, prev.seq) < 0) { // never backward; committing the same place again is harmless
        findings.push({
          checker: 'checkpoint', rule: 'Q-1', summary: `the checkpoint of ${c.shardId} moved from seq ${prev.seq} back to ${c.seq}`,
          records: [recordId(c.shardId, c.seq)], at: c.t,
          story: [
            { kind: 'let', t: prev.t, what: `the checkpoint of ${c.shardId} be at seq ${prev.seq}` },
            { kind: 'but', t: c.t, what: `it was then set to seq ${c.seq}, which is before it` },
          ],
        });
      }
      last.set(c.shardId, c);
      const unresolved = firstUnresolved(index, c.shardId, c.seq, c.t, verified);
      if (unresolved !== undefined) {
        const deliveries = index.deliveriesOf(unresolved);
        findings.push({
          checker: 'checkpoint', rule: 'B-8', summary: `the checkpoint of ${c.shardId} passed ${index.nameOf(unresolved)} before it was resolved`,
          records: [index.idOf(unresolved)], at: c.t,
          story: [
            { kind: 'let', t: index.putOf(unresolved)?.t, what: `${index.describe(unresolved)} be put` },
            ...(deliveries.length ? [{ kind: 'then' as const, t: deliveries[deliveries.length - 1]!.t, what: `it was delivered ${deliveries.length} time(s) without success by then` }] : []),
            { kind: 'but', t: c.t, what: `the checkpoint moved to seq ${c.seq}, past it, although it had been neither processed successfully, given up, filtered out nor trimmed` },
          ],
        });
      }
    }
    return findings;
  },
};

/** Scan the shard's records up to `upTo`, resuming where the last checkpoint's scan ended. */
function firstUnresolved(index: TraceIndex, shardId: string, upTo: string, t: number, verified: Map<string, number>): Rec | undefined {
  const puts = index.shardPuts.get(shardId) ?? [];
  const recs = index.shardPutRecs.get(shardId) ?? [];
  let i = verified.get(shardId) ?? 0;
  for (; i < puts.length; i++) {
    const p = puts[i]!;
    if (compareSeq(p.seq, upTo) > 0) break;
    if (index.inScope(p) !== true) continue;
    const rec = recs[i]!;
    if (!index.resolvedBy(rec, t)) {
      verified.set(shardId, i + 1);
      return rec;
    }
  }
  verified.set(shardId, i);
  return undefined;
}
