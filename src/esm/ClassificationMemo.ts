/**
 * Classifying a lane's results without repeating work. A retry storm
 * returns the same response for the same batch thousands of times in a row (a
 * scripted function reuses its decision, and the trace keeps the very
 * objects), and classifying a partial response checks each reported item
 * against the batch. A memo remembers its last answer and the last batch's
 * sequence numbers as a set, so keep one per lane: a lane's retries follow
 * one another.
 *
 * Valid only while responses and batches are not changed after they are
 * classified, as neither the model's nor a trace's ever are.
 */
import { classifyResult, type BatchMembership, type Classification, type FunctionResult } from './BatchResponse.ts';

/** A `classifyResult` that remembers its last answer and the last batch's members. */
export class ClassificationMemo implements BatchMembership {
  private response: object | undefined;
  private batch: readonly string[] | undefined;
  private members: Set<string> | undefined;
  private last: Classification | undefined;
  private windowed = false;

  /** `classifyResult(result, batch, reportBatchItemFailures, _, windowed)`, from memory when it was the last question. */
  classify(result: FunctionResult, batch: readonly string[], reportBatchItemFailures: boolean, windowed = false): Classification {
    const { response } = result;
    if (!reportBatchItemFailures || result.outcome !== 'return' || response === null || typeof response !== 'object') {
      return classifyResult(result, batch, reportBatchItemFailures, undefined, windowed); // nothing worth remembering: no pass over the batch
    }
    if (response === this.response && batch === this.batch && windowed === this.windowed) return this.last!;
    if (batch !== this.batch) this.members = undefined;
    this.response = response;
    this.batch = batch;
    this.windowed = windowed;
    this.last = classifyResult(result, batch, true, this, windowed);
    return this.last;
  }

  /** Is `seq` in the batch being classified? (The set is made at the first question about a batch.) */
  has(seq: string): boolean {
    return (this.members ??= new Set(this.batch)).has(seq);
  }
}
