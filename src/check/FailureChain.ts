/**
 * A record's run of failed deliveries: what retry accounting counts (Q-4,
 * D-3, E-7) and what an on-failure record's `approximateInvokeCount` reports.
 */
import { failedIn, sameBatch, type Invocation } from './Invocation.ts';
import type { TraceIndex } from './TraceIndex.ts';

/**
 * A chain of failed invocations. Emptying it keeps its list (only a count
 * says how much is in use), so reusing it record after record allocates
 * nothing: an array emptied by `length = 0` gives up its storage.
 */
export class FailureChain {
  private readonly list: Invocation[] = [];
  length = 0;

  /** The `i`th invocation of the chain (`i < length`). */
  at(i: number): Invocation {
    return this.list[i]!;
  }

  push(inv: Invocation): void {
    this.list[this.length++] = inv;
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * The trailing run of failed deliveries of the record `seq` among
 * `deliveries` (those before the trace's event at index `until`), written into
 * `chain`, which is emptied first. A success ends a run, and so does a
 * re-enable (by trace order) after the last failure's invocation, before the
 * next or before `until` (C-2: retry state lives in the poller). With
 * `splitsFree`, a failure of another range under bisect ends it too (D-8: what counts against the limit is the
 * failures of exactly the range given up); without, the run holds every
 * failed invocation that included the record.
 */
export function failureChain(
  index: TraceIndex,
  deliveries: readonly Invocation[],
  seq: string,
  until: number,
  splitsFree: boolean,
  chain = new FailureChain(),
): FailureChain {
  chain.clear();
  for (const inv of deliveries) if (inv.pos < until) extendChain(index, chain, inv, seq, splitsFree);
  if (chain.length > 0 && index.reenabledBetween(chain.at(chain.length - 1).pos, until)) chain.clear(); // from its invocation, as continuesRun reads it
  return chain;
}

/**
 * Take the record `seq`'s next delivery `inv` into its run of failures in
 * `chain`: a success empties the run; a failure extends it, or starts it
 * afresh when it does not continue the run (see `continuesRun`).
 */
export function extendChain(index: TraceIndex, chain: FailureChain, inv: Invocation, seq: string, splitsFree: boolean): void {
  if (!failedIn(inv, seq)) chain.clear();
  else {
    if (!continuesRun(index, chain, inv, splitsFree)) chain.clear();
    chain.push(inv);
  }
}

/**
 * Does the delivery `inv` continue the run in `chain` (whatever its outcome)?
 * Not after a re-enable between the run's last failure and it (C-2), nor,
 * with `splitsFree` under bisect, when it delivers another range (D-8).
 */
export function continuesRun(index: TraceIndex, chain: FailureChain, inv: Invocation, splitsFree: boolean): boolean {
  if (chain.length === 0) return false;
  const last = chain.at(chain.length - 1);
  return !index.reenabledBetween(last.pos, inv.pos) && !(splitsFree && inv.config.BisectBatchOnFunctionError && !sameBatch(last, inv));
}

/**
 * Where the record `seq`'s current run of attempts began, as of the trace's
 * event at index `until`: the result of its last delivery before then that
 * did not fail, or the mapping's last re-enable (C-2), whichever comes later
 * in the trace (an index; -1 for the trace's start). Throttled attempts (D-1)
 * before it belong to an earlier run. A delivery that never ended neither
 * failed nor succeeded, and does not end a run.
 */
export function runStart(index: TraceIndex, deliveries: readonly Invocation[], seq: string, until: number): number {
  let at = index.lastEnabledBefore(until);
  for (const inv of deliveries) if (inv.pos < until && inv.result !== undefined && !failedIn(inv, seq) && inv.endPos > at) at = inv.endPos;
  return at;
}

