/**
 * Starting position (C-1, C-2): a mapping never delivers a record from
 * before where it was told to start. LATEST reads only what is put after
 * the mapping started, AT_TIMESTAMP what arrived at or after the timestamp;
 * a re-enabled mapping resumes from its checkpoint, not from the start of
 * the stream. (A record put in the very millisecond a LATEST mapping
 * started may go either way.)
 */
import { isoMillis } from '../../esm/OnFailureRecord.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';

export const startingPosition: Checker = {
  name: 'starting-position',
  rules: ['C-1', 'C-2'],
  invariant: 'No record from before the starting position (LATEST: put before the mapping started; AT_TIMESTAMP: arrived before the timestamp) is delivered.',
  check(index) {
    const start = index.start;
    if (!start || start.startingPosition === 'TRIM_HORIZON') return [];
    const findings: Finding[] = [];
    for (const rec of index.delivered) {
      const put = index.putOf(rec);
      if (put === undefined || index.inScope(put) !== false) continue;
      const first = index.deliveriesOf(rec)[0]!;
      const from = start.startingPosition === 'LATEST' ? 'the mapping started at LATEST' : `the mapping started AT_TIMESTAMP ${isoMillis(start.startingPositionTimestamp ?? start.t)}`;
      findings.push({
        checker: 'starting-position', rule: 'C-1',
        summary: `${index.nameOf(rec)} was put before the starting position, yet delivered`,
        records: [index.idOf(rec)], at: first.t,
        story: [
          { kind: 'let', t: put.t, what: `${index.describe(rec)} be put` },
          { kind: 'then', t: start.t, what: `${from}, so the record is before where it reads from` },
          { kind: 'but', t: first.t, what: `it was delivered (invocation ${first.invoke.id}): a mapping reads nothing from before its starting position` },
        ],
      });
      if (findings.length >= 20) break;
    }
    return findings;
  },
};
