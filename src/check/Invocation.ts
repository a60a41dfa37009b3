/**
 * An invocation as the checkers see it: the invoke event joined with its
 * result, the classification of that result (E-4..E-6), and its batch as
 * interned records. The fields checkers read for every invocation are copied
 * out of the events, so that reading them costs the same whatever object
 * shapes the trace's producer gave its events.
 */
import type { Classification } from '../esm/BatchResponse.ts';
import type { EsmConfig } from '../esm/EsmConfig.ts';
import { compareSeq } from '../kinesis/SequenceNumber.ts';
import type { InvokeEvent, ResultEvent } from '../trace/TraceEvent.ts';
import { recordId, type Rec, type RecordId } from './RecordTable.ts';

/** An invocation with how it ended. */
export interface Invocation {
  /** Its place among the trace's invocations (0, 1, 2, ...). */
  readonly n: number;
  readonly invoke: InvokeEvent;
  readonly result: ResultEvent | undefined;
  readonly classification: Classification | undefined;
  /** The configuration it started under. */
  readonly config: EsmConfig;
  /** When it was invoked (`invoke.t`). */
  readonly t: number;
  /** When it ended (`result.t`), Infinity if it never did. */
  readonly endT: number;
  /** The invoke event's index in the trace: events of one instant are ordered by it. */
  readonly pos: number;
  /** The result event's index in the trace, Infinity if it never ended. */
  readonly endPos: number;
  /** `invoke.shardId`. */
  readonly shardId: string;
  /** The shard's number in the index: 0, 1, 2, ... in order of first mention. */
  readonly shardNo: number;
  /** `invoke.lane`: the concurrent batcher within the shard, if known. */
  readonly lane: number | undefined;
  /** Which of the trace's lanes (shard and lane, absent counting as 0) it ran in: an index into `TraceIndex.lanes`. */
  readonly laneNo: number;
  /** The batch's sequence numbers, in event order (`invoke.records`). */
  readonly records: readonly string[];
  /** The batch's records, in event order (`records` interned). */
  readonly recs: readonly Rec[];
  /** Did any record of the batch fail in it (a complete failure of a non-empty batch, or a partial one)? */
  readonly anyFailed: boolean;
}

/**
 * Did the record `seq` of the batch fail in this invocation? All of a complete
 * failure do; of a partial one, those from the lowest reported failure on (E-3,
 * integer order); none of a success or of an invocation without a result.
 */
export function failedIn(inv: Invocation, seq: string): boolean {
  const c = inv.classification;
  if (c === undefined) return false;
  return c.kind === 'failure' || (c.kind === 'partial' && compareSeq(seq, c.lowestFailed) >= 0);
}

/** The batch's records as eventIDs (`shardId:seq`), for findings. */
export function idsOf(inv: Invocation): RecordId[] {
  return inv.records.map((s) => recordId(inv.shardId, s));
}

/** Do the two invocations carry exactly the same sequence numbers in the same order? */
export function sameBatch(a: Invocation, b: Invocation): boolean {
  return sameSeqs(a.records, b.records);
}

/** Are the two lists the same sequence numbers in the same order? */
export function sameSeqs(x: readonly string[], y: readonly string[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
