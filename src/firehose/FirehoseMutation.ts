/**
 * Deliberately broken variants of the Firehose transformation model, one bug
 * each, so the tests can show every checker catches the bug it exists for.
 */

/** The catalogue of mutations and the checker that must catch each. */
export const FIREHOSE_MUTATIONS = {
  'duplicate-ids-accepted': { checker: 'response-contract', what: 'a response naming a recordId twice is accepted (first entry wins) instead of Lambda.DuplicatedRecordId (M-2)' },
  'mismatched-id-ok': { checker: 'response-contract', what: 'an entry under an unknown recordId answers for the record at its position instead of Lambda.MissingRecordId (M-2)' },
  'retry-past-limit': { checker: 'retry-limit', what: 'a failing invocation is retried NumberOfRetries + 1 times (M-4)' },
  'failed-not-written': { checker: 'every-record-resolved', what: 'records that fail are not written to processing-failed (M-4)' },
  'attempts-off-by-one': { checker: 'processing-failed-shape', what: 'attemptsMade counts retries, not attempts (M-4)' },
  'fresh-id-on-retry': { checker: 'record-id-stable', what: 'a retried invocation sends its records under new recordIds' },
  'ignore-size-hint': { checker: 'buffer-bounds', what: 'the buffer is flushed only when the interval elapses, never when full (M-3)' },
} as const;

/** Name of a deliberately broken Firehose variant. */
export type FirehoseMutation = keyof typeof FIREHOSE_MUTATIONS;
