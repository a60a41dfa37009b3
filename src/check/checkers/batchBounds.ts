/**
 * Batch bounds (Q-5, A-1, B-3..B-7): every batch holds 1..BatchSize records of
 * one shard in shard order, fits the 6 MB payload, runs alone in its lane
 * (B-6: one batch in flight per shard and lane, at most PF per shard), and a
 * new batch that is neither full nor at the payload limit waits for the
 * batching window, which starts when the lane's previous invocation ends (B-4).
 */
import { MAX_PAYLOAD_BYTES } from '../../esm/KinesisEvent.ts';
import { compareSeq } from '../../kinesis/SequenceNumber.ts';
import type { Checker } from '../Checker.ts';
import type { Finding, StoryStep } from '../Finding.ts';
import type { Invocation, TraceIndex } from '../TraceIndex.ts';
import { ageDiscardAt } from '../laneHistory.ts';

export const batchBounds: Checker = {
  name: 'batch-bounds',
  rules: ['Q-5', 'A-1', 'B-3', 'B-4', 'B-5', 'B-6', 'B-7', 'G-1'],
  invariant: 'Batches hold 1..BatchSize records of one shard in order, fit 6 MB, never overlap in a lane, and wait for the batching window unless full.',
  check(index) {
    const findings: Finding[] = [];
    const add = (inv: Invocation, rule: string, summary: string, but: string, extra: StoryStep[] = []) => {
      if (findings.length < 20) findings.push({ checker: 'batch-bounds', rule, summary, records: inv.ids, at: inv.invoke.t, story: [...describe(index, inv), ...extra, { kind: 'but', t: inv.invoke.t, what: but }] });
    };
    for (const inv of index.invocations) shape(index, inv, add);
    concurrency(index, add);
    window(index, add);
    return findings;
  },
};

type Add = (inv: Invocation, rule: string, summary: string, but: string, extra?: StoryStep[]) => void;

function describe(index: TraceIndex, inv: Invocation): StoryStep[] {
  const names = inv.ids.slice(0, 6).map((id) => index.puts.get(id)?.rid ?? id).join(', ');
  return [{ kind: 'let', t: inv.invoke.t, what: `invocation ${inv.invoke.id} carry ${inv.ids.length} record(s) of ${inv.invoke.shardId} [${names}${inv.ids.length > 6 ? ', ...' : ''}]` }];
}

function shape(index: TraceIndex, inv: Invocation, add: Add): void {
  const { BatchSize } = index.configFor(inv.invoke);
  const n = inv.ids.length;
  if (n < 1) add(inv, 'Q-5', 'an invocation carried no records', 'a stream batch must hold at least one record');
  if (n > BatchSize) add(inv, 'A-1', `a batch of ${n} records exceeds BatchSize ${BatchSize}`, `BatchSize is ${BatchSize}`);
  if (inv.invoke.bytes > MAX_PAYLOAD_BYTES) add(inv, 'B-7', `a ${inv.invoke.bytes}-byte payload exceeds 6 MB`, `the synchronous invoke payload limit is ${MAX_PAYLOAD_BYTES} bytes`);
  const foreign = inv.ids.find((id) => !index.puts.has(id));
  if (foreign) add(inv, 'B-5', `a batch of ${inv.invoke.shardId} holds ${foreign}, which is not a record of that shard`, 'a batch holds records of a single shard');
  for (let i = 1; i < n; i++) {
    if (compareSeq(inv.invoke.records[i - 1]!, inv.invoke.records[i]!) >= 0) {
      add(inv, 'Q-2', `records out of shard order inside a batch (seq ${inv.invoke.records[i - 1]} before ${inv.invoke.records[i]})`, 'records in a batch come in sequence-number order');
      break;
    }
  }
}

/** B-6/G-1: at most one batch in flight per lane, at most PF per shard. */
function concurrency(index: TraceIndex, add: Add): void {
  const inFlight = new Map<string, Invocation[]>();
  const events = index.invocations.flatMap((inv) => [
    { t: inv.invoke.t, order: 1, inv, start: true },
    { t: inv.result?.t ?? Infinity, order: 0, inv, start: false },
  ]);
  events.sort((a, b) => a.t - b.t || a.order - b.order);
  for (const e of events) {
    const list = inFlight.get(e.inv.invoke.shardId) ?? [];
    if (!e.start) {
      inFlight.set(e.inv.invoke.shardId, list.filter((x) => x !== e.inv));
      continue;
    }
    const pf = index.configFor(e.inv.invoke).ParallelizationFactor;
    const sameLane = list.find((x) => x.invoke.lane === e.inv.invoke.lane);
    if (list.length >= pf || (e.inv.invoke.lane !== undefined && sameLane)) {
      add(e.inv, 'B-6', `${list.length + 1} batches in flight on ${e.inv.invoke.shardId} (ParallelizationFactor ${pf})`,
        `invocation ${(sameLane ?? list[0])!.invoke.id} was still running: ${pf === 1 ? 'one batch at a time per shard' : 'one batch at a time per lane'}`);
    }
    list.push(e.inv);
    inFlight.set(e.inv.invoke.shardId, list);
  }
}

/** B-3/B-4: a fresh batch that is not full waits for the window. */
function window(index: TraceIndex, add: Add): void {
  if (!index.start) return;
  const lastEnd = new Map<string, number>();
  const delivered = new Set<string>();
  for (const inv of index.invocations) {
    const lane = `${inv.invoke.shardId}/${inv.invoke.lane ?? 0}`;
    const W = index.configFor(inv.invoke).MaximumBatchingWindowInSeconds * 1000;
    const fresh = !delivered.has(inv.ids[0]!) && !ageDiscardAt(index, inv.invoke.shardId, inv.invoke.t); // D-6: the expired head was just given up
    const windowStart = lastEnd.get(lane) ?? index.start.t;
    if (W > 0 && fresh && inv.invoke.t < windowStart + W && !full(index, inv)) {
      add(inv, 'B-4', `a batch of ${inv.ids.length} was invoked ${((inv.invoke.t - windowStart) / 1000).toFixed(3)}s into a ${W / 1000}s batching window`,
        `it was neither full (BatchSize ${index.configFor(inv.invoke).BatchSize}) nor at the payload limit, so it should have waited until the window closed`,
        [{ kind: 'then', t: windowStart, what: 'the batching window began (the lane\'s previous invocation ended)' }]);
    }
    for (const id of inv.ids) delivered.add(id);
    if (inv.result) lastEnd.set(lane, inv.result.t);
  }
}

/** Full: BatchSize records, or the shard's next record would not have fitted the payload. */
function full(index: TraceIndex, inv: Invocation): boolean {
  if (inv.ids.length >= index.configFor(inv.invoke).BatchSize) return true;
  const puts = index.shardPuts.get(inv.invoke.shardId) ?? [];
  const last = inv.invoke.records[inv.invoke.records.length - 1]!;
  const next = puts.find((p) => compareSeq(p.seq, last) > 0 && p.t <= inv.invoke.t);
  return next !== undefined && inv.invoke.bytes + 4 * Math.ceil(next.bytes / 3) > MAX_PAYLOAD_BYTES;
}
