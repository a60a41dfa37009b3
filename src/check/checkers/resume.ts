/**
 * Resume (C-2): a mapping enabled again after it was disabled resumes from
 * the last record it processed. So after the re-enable, no invocation (nor a
 * throttled attempt, D-1) of a shard includes a record at or behind the
 * checkpoint the shard had when the mapping was re-enabled: those were
 * processed, and a poller that starts over from its trim horizon (or any
 * position behind its checkpoint) delivers them again.
 *
 * B-9 allows duplicates in general; C-2 is the specific promise about a
 * restart, and the one this checker holds an implementation to (see
 * docs/checkers.md). Only re-enables are judged: after a configuration update
 * the catalogue says nothing about where reading resumes.
 */
import { compareSeq } from '../../kinesis/SequenceNumber.ts';
import type { CheckpointEvent, InvokeEvent, StateEvent, ThrottleEvent } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { recordId, type TraceIndex } from '../TraceIndex.ts';

/** Where a re-enabled mapping left off on each shard, and the state changes that took it there. */
interface Restart {
  readonly off: StateEvent;
  readonly on: StateEvent;
  /** Per shard, the last checkpoint before the re-enable. */
  readonly floors: ReadonlyMap<string, CheckpointEvent>;
  /** Shards already reported for this restart (one finding each). */
  readonly told: Set<string>;
}

export const resume: Checker = {
  name: 'resume',
  rules: ['C-2'],
  invariant: 'After the mapping is enabled again, no invocation of a shard, nor a throttled attempt, includes a record at or behind the checkpoint the shard had when it was re-enabled.',
  check(index) {
    if (index.states.length === 0 || index.checkpoints.length === 0) return [];
    const findings: Finding[] = [];
    const last = new Map<string, CheckpointEvent>();
    let off: StateEvent | undefined;
    let restart: Restart | undefined;
    for (const e of index.trace) {
      if (e.type === 'checkpoint') last.set(e.shardId, e);
      else if (e.type === 'state' && (e.state === 'Disabling' || e.state === 'Disabled')) off ??= e;
      else if (e.type === 'state' && e.state === 'Enabled' && off !== undefined) {
        restart = { off, on: e, floors: new Map(last), told: new Set() };
        off = undefined;
      } else if ((e.type === 'invoke' || e.type === 'throttle') && restart !== undefined && findings.length < 20) {
        const found = behindFloor(index, e, restart);
        if (found) findings.push(found);
      }
    }
    return findings;
  },
};

/** A finding when `e` holds a record at or behind its shard's checkpoint at the restart (the first such attempt per shard). */
function behindFloor(index: TraceIndex, e: InvokeEvent | ThrottleEvent, restart: Restart): Finding | undefined {
  const floor = restart.floors.get(e.shardId);
  if (floor === undefined || restart.told.has(e.shardId)) return undefined;
  const behind = e.records.filter((seq) => compareSeq(seq, floor.seq) <= 0);
  if (behind.length === 0) return undefined;
  restart.told.add(e.shardId);
  return finding(index, e, behind, floor, restart);
}

function finding(index: TraceIndex, e: InvokeEvent | ThrottleEvent, behind: readonly string[], floor: CheckpointEvent, restart: Restart): Finding {
  const names = behind.slice(0, 3).map((seq) => nameOf(index, e.shardId, seq)).join(', ') + (behind.length > 3 ? ` and ${behind.length - 3} more` : '');
  const how = e.type === 'invoke' ? `invoked the function (invocation ${e.id})` : 'tried to invoke the function (Lambda throttled it)';
  return {
    checker: 'resume', rule: 'C-2',
    summary: `after the mapping was re-enabled, ${e.shardId} delivered ${behind.length} record(s) at or behind its checkpoint again`,
    records: behind.map((seq) => recordId(e.shardId, seq)), at: e.t,
    story: [
      { kind: 'let', t: floor.t, what: `the mapping checkpoint ${e.shardId} at ${nameOf(index, e.shardId, floor.seq)}: every record up to it was processed` },
      { kind: 'then', t: restart.off.t, what: 'the mapping be disabled' },
      { kind: 'then', t: restart.on.t, what: 'it be enabled again: C-2 says it resumes from the last record it processed' },
      { kind: 'but', t: e.t, what: `it ${how} with ${names}, at or behind that checkpoint: it started over behind where it had left off` },
    ],
  };
}

/** A record's name (`r3`) and sequence number, or the bare sequence number when the trace has no put for it. */
function nameOf(index: TraceIndex, shardId: string, seq: string): string {
  const rec = index.recordOf(shardId, seq);
  return rec === undefined ? `seq ${seq}` : `${index.nameOf(rec)} (seq ${seq})`;
}
