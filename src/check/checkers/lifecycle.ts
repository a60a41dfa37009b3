/**
 * Lifecycle (A-13, C-2, A-20): once a mapping is disabling, it starts no new
 * invocation until it is enabled again. An invocation already in flight may
 * still end, and its result still counts.
 */
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { recordId } from '../TraceIndex.ts';
import type { InvokeEvent, StateEvent, ThrottleEvent } from '../../trace/TraceEvent.ts';

export const lifecycle: Checker = {
  name: 'lifecycle',
  rules: ['C-2', 'A-13', 'A-20'],
  invariant: 'No invocation starts, nor is attempted and throttled (D-1), while the mapping is disabling or disabled.',
  check(index) {
    if (index.states.length === 0) return [];
    const findings: Finding[] = [];
    let off: StateEvent | undefined;
    for (const e of index.trace) {
      if (e.type === 'state' && e.state !== 'Updating') off = e.state === 'Disabling' || e.state === 'Disabled' ? (off ?? e) : undefined;
      if ((e.type !== 'invoke' && e.type !== 'throttle') || off === undefined || findings.length >= 20) continue;
      findings.push(finding(e, off));
    }
    return findings;
  },
};

function finding(e: InvokeEvent | ThrottleEvent, off: StateEvent): Finding {
  const what = e.type === 'invoke' ? 'started' : 'was attempted (and throttled)';
  return {
    checker: 'lifecycle', rule: 'C-2', summary: `an invocation ${what} at ${new Date(e.t).toISOString()} while the mapping was disabled`,
    records: e.records.map((s) => recordId(e.shardId, s)), at: e.t,
    story: [
      { kind: 'let', t: off.t, what: 'the mapping be disabled' },
      { kind: 'but', t: e.t, what: `the function was ${e.type === 'invoke' ? 'invoked' : 'invoked, and Lambda throttled it,'} with ${e.records.length} record(s) of ${e.shardId} before the mapping was enabled again` },
    ],
  };
}
