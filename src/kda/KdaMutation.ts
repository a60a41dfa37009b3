/**
 * Deliberately broken variants of the KDA output model, one bug each, so the
 * tests can show every checker catches the bug it exists for.
 */

/** The catalogue of mutations and the checker that must catch each. */
export const KDA_MUTATIONS = {
  'mismatched-id-ok': { checker: 'resend-iff-failed', what: 'an entry under an unknown recordId acknowledges the record at its position (L-2 says: failure)' },
  'resend-ok': { checker: 'resend-iff-failed', what: 'a retry re-sends the whole previous set, records acked Ok included (L-3)' },
  'hint-not-incremented': { checker: 'retry-hint', what: 'retryHint stays at 0 on every retry (L-1)' },
  'hint-survives-restart': { checker: 'retry-hint', what: 'retryHint is kept across an application restart instead of reset (L-1)' },
  'fresh-id-on-retry': { checker: 'record-id-stable', what: 'a retry sends the failed records under new recordIds (L-3: same records)' },
  'drop-at-restart': { checker: 'every-row-acked', what: 'a restart resumes after the last row sent, not from the checkpoint (L-6)' },
  'no-payload-split': { checker: 'payload-bounds', what: 'records are never split across invocations at the 6 MB limit (L-5)' },
  'eager-delivery': { checker: 'cadence', what: 'rows are delivered as soon as they are emitted, not at the window trigger (L-4)' },
} as const;

/** Name of a deliberately broken KDA variant. */
export type KdaMutation = keyof typeof KDA_MUTATIONS;
