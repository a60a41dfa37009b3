/**
 * Response matching for Firehose data transformation (M-2, M-4, Q-8): a pure
 * function from (function result, recordIds sent) to either per-record
 * results or a failure of the whole batch with its error code. Unlike KDA
 * (L-2), Firehose judges the response as a whole: the returned ids must be
 * exactly the sent ids, each once, or every record of the batch fails.
 */
import { readAckEntries, type AckEntries } from '../ack/AckEntries.ts';
import type { FunctionResult } from '../ack/FunctionResult.ts';

/** M-2: per-record results. `Ok` and `Dropped` are success; `ProcessingFailed` is failure. */
export type TransformResult = 'Ok' | 'Dropped' | 'ProcessingFailed';

/** Error codes of a failed batch (M-2; `Lambda.FunctionError` is a model decision, see below). */
export type BatchErrorCode = 'Lambda.FunctionError' | 'Lambda.DuplicatedRecordId' | 'Lambda.MissingRecordId' | 'Lambda.JsonProcessingException';

/** The verdict on one invocation. */
export type TransformVerdict =
  /** M-4: the invocation failed (function error or timeout): retried up to NumberOfRetries times. */
  | { readonly kind: 'invocation-failed'; readonly errorCode: 'Lambda.FunctionError'; readonly errorMessage: string }
  /** M-2: the response breaks the contract: every record of the batch fails (model decision: not retried). */
  | { readonly kind: 'response-rejected'; readonly errorCode: Exclude<BatchErrorCode, 'Lambda.FunctionError'>; readonly errorMessage: string }
  /** Every sent id came back exactly once with a valid result. */
  | { readonly kind: 'records'; readonly results: ReadonlyMap<string, TransformResult> };

/** Model decision [C]: the code emulators report for ProcessingFailed records in `processing-failed/`. */
export const PROCESSING_FAILED_CODE = 'Lambda.ProcessingFailedStatus';

const RESULTS: readonly unknown[] = ['Ok', 'Dropped', 'ProcessingFailed'];

const MESSAGES = {
  'Lambda.FunctionError': 'The Lambda function was invoked but returned an error or timed out.',
  // [C] as written by Firehose to processing-failed/ (observed 2019).
  'Lambda.MissingRecordId': 'One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.',
  'Lambda.DuplicatedRecordId': 'Multiple records were returned with the same record ID. Ensure that the Lambda function returns unique record IDs for each record.',
  'Lambda.JsonProcessingException': 'The Lambda function response could not be processed as {"records":[{"recordId","result","data"}]}.',
} as const;

/** M-2, M-4: classify the result of an invocation that carried `sentIds`. */
export function classifyTransform(result: FunctionResult, sentIds: readonly string[]): TransformVerdict {
  if (result.outcome !== 'return') {
    const why = result.outcome === 'timeout' ? 'timed out' : `failed: ${result.error ?? 'error'}`;
    return { kind: 'invocation-failed', errorCode: 'Lambda.FunctionError', errorMessage: `${MESSAGES['Lambda.FunctionError']} (${why})` };
  }
  const read = readAckEntries(result.response, sentIds);
  const code = rejection(read, sentIds.length);
  if (code) return { kind: 'response-rejected', errorCode: code, errorMessage: MESSAGES[code] };
  const results = new Map<string, TransformResult>();
  for (const id of sentIds) results.set(id, read.bySentId.get(id)![0]!.result as TransformResult);
  return { kind: 'records', results };
}

/** The first contract violation, in the order Firehose meets them reading the response. */
function rejection(read: AckEntries, sent: number): Exclude<BatchErrorCode, 'Lambda.FunctionError'> | undefined {
  // The body must parse as {"records":[{...}]} with a known result value ([I]: "ok" fails to parse as the enum).
  if (!read.readable || read.entries.some((e) => e.notAnObject || (e.hasResult && !RESULTS.includes(e.result)))) return 'Lambda.JsonProcessingException';
  if ([...read.bySentId.values()].some((es) => es.length > 1)) return 'Lambda.DuplicatedRecordId';
  // the returned ids must be exactly the sent ids ([I]: an extra unknown id is reported as missing ids too).
  const answered = [...read.bySentId.values()].filter((es) => es.length === 1).length;
  if (answered < sent || read.unknown.length > 0 || read.withoutId.length > 0) return 'Lambda.MissingRecordId';
  // Required parameters: result always, data for Ok ([I]).
  if (read.entries.some((e) => !e.hasResult || (e.result === 'Ok' && typeof e.data !== 'string'))) return 'Lambda.JsonProcessingException';
  return undefined;
}
