/**
 * Identity checks shared by the ack-matching suites (L-1, L-3, M-1): a
 * record keeps one id across retries, and GUIDs (recordIds, invocationIds)
 * are never shared between different things.
 */
import type { Finding } from '../check/Finding.ts';

/** One use of an id: which thing (`owner`) used it, and when. */
export interface IdUse {
  readonly id: string;
  readonly owner: string;
  readonly t: number;
}

/** Findings for ids used by more than one owner. */
export function sharedIdFindings(uses: Iterable<IdUse>, field: string, checker: string, rule: string): Finding[] {
  const findings: Finding[] = [];
  const owner = new Map<string, string>();
  for (const u of uses) {
    const before = owner.get(u.id);
    if (before !== undefined && before !== u.owner) {
      findings.push({
        checker, rule, summary: `${field} ${u.id} was used for ${before} and ${u.owner}`, records: [], at: u.t,
        story: [
          { kind: 'let', what: `every ${field} be a fresh random id (${rule})` },
          { kind: 'then', what: `${before} was sent under ${field} ${u.id}` },
          { kind: 'but', t: u.t, what: `${u.owner} was sent under the same ${field}, so an answer for one would match the other` },
        ],
      });
    }
    owner.set(u.id, u.owner);
  }
  return findings;
}

/** A delivery of one record under some id. */
export interface Sending {
  readonly recordId: string;
  readonly t: number;
  /** e.g. `retryHint 1` or `attempt 2`. */
  readonly label: string;
}

/** A finding if `sendings` (of one record, in order, that must share an id) do not. */
export function changedIdFinding(what: string, sendings: readonly Sending[], checker: string, rule: string): Finding | undefined {
  const first = sendings[0];
  const changed = sendings.find((s) => s.recordId !== first?.recordId);
  if (!first || !changed) return undefined;
  return {
    checker, rule, summary: `${what} was re-sent under a different recordId`, records: [what], at: changed.t,
    story: [
      { kind: 'let', t: first.t, what: `${what} be sent as recordId ${first.recordId}` },
      { kind: 'then', what: 'its delivery failed, so it was retried' },
      { kind: 'but', t: changed.t, what: `the retry (${changed.label}) carried recordId ${changed.recordId}; a retry re-sends the same records (${rule}), so a function de-duplicating by recordId would see two` },
    ],
  };
}
