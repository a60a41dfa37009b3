/**
 * Classifying the same response for the same batch once. A retry storm
 * returns the same response for the same batch thousands of times (a
 * scripted function reuses its decision, and the trace keeps the very
 * objects), and classifying a partial response costs a pass over the batch.
 *
 * Valid only while responses and batches are not changed after they are
 * classified, as neither the model's nor a trace's ever are: keep one memo
 * per run or per trace, never across callers that mutate what they pass.
 */
import { classifyResult, type Classification, type FunctionResult } from './BatchResponse.ts';

/** A `classifyResult` that remembers its last answer per response object. */
export class ClassificationMemo {
  private readonly byResponse = new WeakMap<object, { readonly batch: readonly string[]; readonly classification: Classification }>();

  /** `classifyResult(result, batch, reportBatchItemFailures)`, from memory when this response was classified for this batch. */
  classify(result: FunctionResult, batch: readonly string[], reportBatchItemFailures: boolean): Classification {
    const { response } = result;
    if (!reportBatchItemFailures || result.outcome !== 'return' || response === null || typeof response !== 'object') {
      return classifyResult(result, batch, reportBatchItemFailures); // nothing to remember: no pass over the batch
    }
    const known = this.byResponse.get(response);
    if (known !== undefined && known.batch === batch) return known.classification;
    const classification = classifyResult(result, batch, reportBatchItemFailures);
    this.byResponse.set(response, { batch, classification });
    return classification;
  }
}
