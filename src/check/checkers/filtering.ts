/**
 * Event filtering (I-1, I-3, B-5): a record the mapping's FilterCriteria
 * dropped is never delivered, not in that read nor in a later one while the
 * same filters hold; a filter event names only records put on its shard; and
 * a mapping without filters filters nothing out (every record passes).
 *
 * Whether a record should have passed the filters is not judged: a trace
 * carries no record data, so the checkers cannot evaluate a data pattern.
 * That a dropped record is accounted for at all is conservation's part.
 */
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { recordId, type TraceIndex } from '../TraceIndex.ts';
import type { FilterEvent } from '../../trace/TraceEvent.ts';
import { hasFilters, type FilterCriteria } from '../../esm/FilterCriteria.ts';

export const filtering: Checker = {
  name: 'filtering',
  rules: ['I-1', 'I-3', 'B-5'],
  invariant: 'Only a mapping with filters filters records out; a record they dropped is never delivered while those filters hold; a filter event names only records put on its shard.',
  check(index) {
    const findings: Finding[] = [];
    for (const f of index.filters) {
      const criteria = index.configFor(f).FilterCriteria;
      if (!hasFilters(criteria)) {
        findings.push(withoutFilters(f));
        continue;
      }
      for (const seq of f.records) {
        if (findings.length >= 20) return findings;
        const finding = unputOrDelivered(index, f, seq, criteria);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

/** I-1: without filters every record passes, so a filter event is a record dropped on no authority. */
function withoutFilters(f: FilterEvent): Finding {
  return {
    checker: 'filtering', rule: 'I-1', summary: `${f.records.length} record(s) of ${f.shardId} reported as filtered out by a mapping without filters`,
    records: f.records.map((seq) => recordId(f.shardId, seq)), at: f.t,
    story: [
      { kind: 'let', t: f.t, what: 'the mapping have no FilterCriteria filters, so that every record it reads passes' },
      { kind: 'but', t: f.t, what: `it reported ${f.records.length} record(s) of ${f.shardId} as filtered out: they were dropped, never to reach the function` },
    ],
  };
}

/** Do two configurations hold the same filters (the same object, or equal as JSON)? */
function sameFilters(a: FilterCriteria | undefined, b: FilterCriteria | undefined): boolean {
  return a === b || JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

function unputOrDelivered(index: TraceIndex, f: FilterEvent, seq: string, criteria: FilterCriteria | undefined): Finding | undefined {
  const rec = index.recordOf(f.shardId, seq)!;
  if (index.putOf(rec) === undefined) {
    return {
      checker: 'filtering', rule: 'B-5', summary: `a filter event of ${f.shardId} names seq ${seq}, which was never put on that shard`,
      records: [recordId(f.shardId, seq)], at: f.t,
      story: [{ kind: 'let', t: f.t, what: `the mapping report records of ${f.shardId} it filtered out` }, { kind: 'but', t: f.t, what: `seq ${seq} among them was never put on ${f.shardId}` }],
    };
  }
  const delivery = index.deliveriesOf(rec).find((d) => d.t >= f.t && sameFilters(d.config.FilterCriteria, criteria));
  if (delivery === undefined) return undefined;
  return {
    checker: 'filtering', rule: 'I-3', summary: `${index.nameOf(rec)} was filtered out, then delivered`,
    records: [index.idOf(rec)], at: delivery.t,
    story: [
      { kind: 'let', t: index.putOf(rec)!.t, what: `${index.describe(rec)} be put` },
      { kind: 'then', t: f.t, what: 'the mapping\'s FilterCriteria dropped it as it was read: it must never reach the function' },
      { kind: 'but', t: delivery.t, what: `invocation ${delivery.invoke.id} delivered it, under the same filters` },
    ],
  };
}
