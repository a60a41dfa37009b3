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
import { filledArray } from '../filledArray.ts';
import { idsOf, type Invocation } from '../Invocation.ts';
import type { Rec, Throttled, TraceIndex } from '../TraceIndex.ts';

export const batchBounds: Checker = {
  name: 'batch-bounds',
  rules: ['Q-5', 'A-1', 'B-3', 'B-4', 'B-5', 'B-6', 'B-7', 'G-1'],
  invariant: 'Batches hold 1..BatchSize records of one shard in order, fit 6 MB, never overlap in a lane, and wait for the batching window unless full.',
  check(index) {
    const out = new Findings(index);
    for (const inv of index.invocations) shape(index, inv, out);
    concurrency(index, out);
    window(index, out);
    return out.list;
  },
};

/**
 * The checker's findings, at most 20, each told from the batch it concerns.
 * (An object, not a closure per check: see docs/design.md, "Closures and the loader".)
 */
class Findings {
  readonly list: Finding[] = [];

  constructor(private readonly index: TraceIndex) {}

  add(inv: Invocation, rule: string, summary: string, but: string, extra: StoryStep[] = []): void {
    if (this.list.length < 20) this.list.push({ checker: 'batch-bounds', rule, summary, records: idsOf(inv), at: inv.t, story: [...describe(this.index, inv), ...extra, { kind: 'but', t: inv.t, what: but }] });
  }
}

function describe(index: TraceIndex, inv: Invocation): StoryStep[] {
  const n = inv.recs.length;
  const names = inv.recs.slice(0, 6).map((rec) => index.nameOf(rec)).join(', ');
  return [{ kind: 'let', t: inv.t, what: `invocation ${inv.invoke.id} carry ${n} record(s) of ${inv.shardId} [${names}${n > 6 ? ', ...' : ''}]` }];
}

function shape(index: TraceIndex, inv: Invocation, out: Findings): void {
  const { BatchSize } = inv.config;
  const n = inv.recs.length;
  // A tumbling window's final invocation may carry no records (H-4, H-10 model decision); any other carries at least one.
  if (n < 1 && inv.invoke.window?.final !== true) out.add(inv, 'Q-5', 'an invocation carried no records', 'a stream batch must hold at least one record, except a tumbling window\'s final invocation');
  if (n > BatchSize) out.add(inv, 'A-1', `a batch of ${n} records exceeds BatchSize ${BatchSize}`, `BatchSize is ${BatchSize}`);
  if (inv.invoke.bytes > MAX_PAYLOAD_BYTES) out.add(inv, 'B-7', `a ${inv.invoke.bytes}-byte payload exceeds 6 MB`, `the synchronous invoke payload limit is ${MAX_PAYLOAD_BYTES} bytes`);
  const foreign = firstNotPut(index, inv);
  if (foreign !== undefined) out.add(inv, 'B-5', `a batch of ${inv.shardId} holds ${index.idOf(foreign)}, which is not a record of that shard`, 'a batch holds records of a single shard');
  for (let i = 1; i < n; i++) {
    if (compareSeq(inv.records[i - 1]!, inv.records[i]!) >= 0) {
      out.add(inv, 'Q-2', `records out of shard order inside a batch (seq ${inv.records[i - 1]} before ${inv.records[i]})`, 'records in a batch come in sequence-number order');
      break;
    }
  }
}

/** The first record of the batch that was never put, if any. */
function firstNotPut(index: TraceIndex, inv: Invocation): Rec | undefined {
  for (const rec of inv.recs) if (index.putOf(rec) === undefined) return rec;
  return undefined;
}

/**
 * B-6/G-1: at most one batch in flight per lane, at most PF per shard. Starts
 * (`t`) and ends (`endT`) are taken in time order, an end before a start at the
 * same moment, and each in invocation order among equal times.
 */
function concurrency(index: TraceIndex, out: Findings): void {
  const inFlight: InFlight[] = []; // per shard number
  const starts = inOrder(index.invocations, byStart);
  const ends = inOrder(index.invocations, byEnd);
  let e = 0;
  for (const inv of starts) {
    while (e < ends.length && ends[e]!.endT <= inv.t) {
      const done = ends[e++]!;
      inFlight[done.shardNo]?.remove(done);
    }
    started((inFlight[inv.shardNo] ??= new InFlight()), inv, out);
  }
}

function started(running: InFlight, inv: Invocation, out: Findings): void {
  const pf = inv.config.ParallelizationFactor;
  const sameLane = running.inLane(inv.lane);
  if (running.size >= pf || (inv.lane !== undefined && sameLane)) {
    out.add(inv, 'B-6', `${running.size + 1} batches in flight on ${inv.shardId} (ParallelizationFactor ${pf})`,
      `invocation ${(sameLane ?? running.oldest)!.invoke.id} was still running: ${pf === 1 ? 'one batch at a time per shard' : 'one batch at a time per lane'}`);
  }
  running.add(inv);
}

/**
 * The invocations in flight on one shard, oldest first. Its list never
 * shrinks (a count says how much of it is in use), so that starting and ending
 * invocations allocates nothing.
 */
class InFlight {
  private readonly list: Invocation[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get oldest(): Invocation | undefined {
    return this.count > 0 ? this.list[0] : undefined;
  }

  /** The oldest in flight in lane `lane`. */
  inLane(lane: number | undefined): Invocation | undefined {
    for (let i = 0; i < this.count; i++) if (this.list[i]!.lane === lane) return this.list[i];
    return undefined;
  }

  add(inv: Invocation): void {
    this.list[this.count++] = inv;
  }

  remove(inv: Invocation): void {
    let at = 0;
    while (at < this.count && this.list[at] !== inv) at++;
    if (at === this.count) return;
    for (let i = at + 1; i < this.count; i++) this.list[i - 1] = this.list[i]!;
    this.count--;
  }
}

const byStart = (inv: Invocation) => inv.t;
const byEnd = (inv: Invocation) => inv.endT;

/** Invocations stably sorted by `key` (not copied when already in order). */
function inOrder(invocations: readonly Invocation[], key: (inv: Invocation) => number): readonly Invocation[] {
  for (let i = 1; i < invocations.length; i++) if (key(invocations[i - 1]!) > key(invocations[i]!)) return sortedBy(invocations, key);
  return invocations;
}

/**
 * A stable sort by `key`. Ends come nearly in start order (out of it only by
 * how many batches overlap), so sorting by insertion costs a few moves per
 * invocation; past a budget of moves, or with a key that is not a number
 * (which makes the order depend on the algorithm), it is the built-in sort.
 */
function sortedBy(invocations: readonly Invocation[], key: (inv: Invocation) => number): Invocation[] {
  const builtIn = () => [...invocations].sort((a, b) => key(a) - key(b));
  for (const inv of invocations) if (Number.isNaN(key(inv))) return builtIn();
  const out = [...invocations];
  let budget = 8 * out.length;
  for (let i = 1; i < out.length; i++) {
    const inv = out[i]!;
    const k = key(inv);
    let j = i - 1;
    while (j >= 0 && key(out[j]!) > k) {
      out[j + 1] = out[j]!;
      j--;
      if (--budget < 0) return builtIn();
    }
    out[j + 1] = inv;
  }
  return out;
}

/** B-3/B-4: a fresh batch that is not full waits for the window. */
function window(index: TraceIndex, out: Findings): void {
  if (!index.start) return;
  const lastEnd: Array<number | undefined> = new Array(index.lanes.length).fill(undefined); // per lane: when its last invocation ended
  const delivered = filledArray(index.records.size, 0);
  let lanesOfKey: Map<string, Set<number>> | undefined; // worked out only if a batch's fullness is in question
  const keyLanesOnce = () => (lanesOfKey ??= keyLanes(index));
  for (const inv of index.invocations) {
    const W = inv.config.MaximumBatchingWindowInSeconds * 1000;
    const head = inv.recs[0];
    const windowStart = lastEnd[inv.laneNo] ?? index.start.t;
    // The batch was formed at its first attempt: this invocation, or an earlier one Lambda throttled (D-1: tried again as it was).
    const formed = head === undefined ? undefined : firstThrottled(index, head, windowStart, index.lastEnabledBefore(inv.pos), inv.pos);
    const at = formed?.event.t ?? inv.t;
    // A batch is new unless its head was delivered before, and unless it shrank (D-6): records of the shard were given up for age at its first attempt or at this one, or records of the batch at a throttled attempt between them.
    const aged = index.gaveUpForAgeAt(inv.shardNo, at) || index.gaveUpForAgeAt(inv.shardNo, inv.t) || (formed !== undefined && index.attempts.agedOutAtThrottleBetween(inv.shardId, inv.lane, formed.pos, inv.pos, formed.event.records));
    const fresh = (head === undefined || delivered[head] === 0) && !aged;
    const final = inv.invoke.window?.final === true; // a tumbling window's final invocation carries no batch (H-4)
    if (W > 0 && fresh && !final && at < windowStart + W && !full(index, inv, at, keyLanesOnce)) {
      const attempt = formed ? `first tried (and throttled, D-1) ${((at - windowStart) / 1000).toFixed(3)}s` : `invoked ${((at - windowStart) / 1000).toFixed(3)}s`;
      out.add(inv, 'B-4', `a batch of ${inv.recs.length} was ${attempt} into a ${W / 1000}s batching window`,
        `it was neither full (BatchSize ${inv.config.BatchSize}) nor at the payload limit, so it should have waited until the window closed`,
        [{ kind: 'then', t: windowStart, what: 'the batching window began (the lane\'s previous invocation ended)' }, ...(formed ? [{ kind: 'then' as const, t: at, what: 'Lambda throttled its first attempt (D-1)' }] : [])]);
    }
    for (const rec of inv.recs) delivered[rec] = 1;
    if (inv.result) lastEnd[inv.laneNo] = inv.endT;
  }
}

/**
 * The first throttled attempt (D-1) that held the record at or after `from`
 * (ms), and between the trace's events at `since` (the last restart: the
 * batch is formed anew after one, C-2, A-20) and `pos`, if any.
 */
function firstThrottled(index: TraceIndex, rec: Rec, from: number, since: number, pos: number): Throttled | undefined {
  return index.throttledBetween(rec, since, pos).find((held) => held.event.t >= from);
}

/**
 * Full when formed (at `at`): BatchSize records, or the lane's next record would not have fitted
 * the payload or belongs to a later tumbling window (H-2). With PF > 1 a lane batches only its own keys (G-3), so its
 * next record is the shard's next one whose key the trace shows in this lane;
 * a record before it whose lane the trace does not show (never delivered)
 * may have been this lane's, and is judged generously, as is one filtered
 * out before an update whose restart may have read it again.
 */
function full(index: TraceIndex, inv: Invocation, at: number, lanesOfKey: () => ReadonlyMap<string, ReadonlySet<number>>): boolean {
  if (inv.recs.length >= inv.config.BatchSize) return true;
  const puts = index.shardPuts.get(inv.shardId) ?? [];
  const recs = index.shardPutRecs.get(inv.shardId) ?? [];
  const last = inv.records[inv.records.length - 1];
  if (last === undefined) return false; // an empty batch (reported on its own) is not full
  const wouldOverflow = (bytes: number) => inv.invoke.bytes + 4 * Math.ceil(bytes / 3) > MAX_PAYLOAD_BYTES;
  for (let i = 0; i < puts.length; i++) {
    const p = puts[i]!;
    if (compareSeq(p.seq, last) <= 0 || p.t > at) continue;
    const filtered = index.filteredAt(recs[i]!);
    // Filtered out before: never a lane's next record (I-3); but an update that took effect after its last filtering restarted the reading, which may have read it again under other filters: then it may or may not have been.
    const gone = filtered !== undefined && filtered <= at;
    const readAgain = gone && index.configsBetween(index.lastFilteredBy(recs[i]!, at)!, at).length > 1;
    if (gone && !readAgain) continue;
    // The lane of p's key: this one (PF 1, or the trace shows the key here), another, or unknown (never delivered).
    const lanes = inv.config.ParallelizationFactor === 1 ? undefined : lanesOfKey().get(laneKey(inv.shardId, inv.config.ParallelizationFactor, p.partitionKey));
    const own = lanes === undefined ? inv.config.ParallelizationFactor === 1 : lanes.has(inv.laneNo);
    if (lanes !== undefined && !own) continue; // another lane's record
    if (wouldOverflow(p.bytes)) return true; // this lane's next record, or one that may have been
    if (inv.invoke.window !== undefined && p.t >= inv.invoke.window.end) return true; // H-2: it belongs to a later tumbling window
    if (own && !readAgain) return false; // this lane's next record fitted
  }
  return false;
}

/**
 * Per shard, ParallelizationFactor and partition key, the lane numbers the
 * trace delivered the key's records in. A key's lane depends on PF (G-5: its
 * hash modulo PF), so lanes seen under another PF (before an update, A-20)
 * say nothing.
 */
function keyLanes(index: TraceIndex): Map<string, Set<number>> {
  const lanes = new Map<string, Set<number>>();
  for (const inv of index.invocations) {
    for (const rec of inv.recs) {
      const put = index.putOf(rec);
      if (put === undefined) continue;
      const k = laneKey(inv.shardId, inv.config.ParallelizationFactor, put.partitionKey);
      const set = lanes.get(k);
      if (set) set.add(inv.laneNo);
      else lanes.set(k, new Set([inv.laneNo]));
    }
  }
  return lanes;
}

function laneKey(shardId: string, pf: number, partitionKey: string): string {
  return `${shardId}\u0000${pf}\u0000${partitionKey}`;
}
