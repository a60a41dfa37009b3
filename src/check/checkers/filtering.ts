/**
 * Event filtering (I-1, I-3, I-4, B-5): a record the mapping's FilterCriteria
 * dropped is never delivered, not in that read nor in a later one while the
 * same filters hold; a filter event names only records put on its shard; and
 * a mapping without filters filters nothing out (every record passes).
 *
 * Where the trace records a record's data (`put.data`, base64), the filters
 * themselves are judged too: a record they match must not be filtered out,
 * and a record none of them matches must not be delivered. The record's view
 * is Kinesis's, `{"data": <the data parsed as JSON>}`, with data that is not
 * JSON matching no pattern that names `data` (I-2, I-4). Records without
 * traced data (filler), and every record of a DynamoDB stream, whose filters
 * see the whole stream record, are not judged on their content. That a dropped record is
 * accounted for at all is conservation's part.
 */
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { recordId, type Rec, type TraceIndex } from '../TraceIndex.ts';
import type { FilterEvent, PutEvent } from '../../trace/TraceEvent.ts';
import { compileFilter, hasFilters, type FilterCriteria } from '../../esm/FilterCriteria.ts';
import type { FilterPattern } from '../../esm/FilterPattern.ts';
import { kinesisFilterView } from '../../esm/KinesisSource.ts';
import { sourceKindOf } from '../../esm/StreamSource.ts';
import type { Invocation } from '../Invocation.ts';

export const filtering: Checker = {
  name: 'filtering',
  rules: ['I-1', 'I-3', 'I-4', 'B-5'],
  invariant: 'Only a mapping with filters filters records out; a record they dropped is never delivered while those filters hold; a filter event names only records put on its shard; where the trace holds a record\'s data, the filters drop exactly the records none of them matches.',
  check(index) {
    const findings: Finding[] = [];
    const filters = new Filters(sourceKindOf(index.config.EventSourceArn) === 'kinesis');
    for (const f of index.filters) {
      const criteria = index.configFor(f).FilterCriteria;
      if (!hasFilters(criteria)) {
        findings.push(withoutFilters(f));
        continue;
      }
      for (const seq of f.records) {
        if (findings.length >= 20) return findings;
        const finding = unputOrDelivered(index, f, seq, criteria) ?? droppedThoughMatched(index, f, seq, criteria, filters);
        if (finding) findings.push(finding);
      }
    }
    return [...findings, ...deliveredUnmatched(index, filters, findings, 20 - findings.length)];
  },
};

/**
 * Each configuration's filters compiled once (by its FilterCriteria object),
 * and each record judged once per filters: a retried batch delivers the same
 * records again and again.
 */
class Filters {
  /** Judge on data only for a Kinesis stream: a DynamoDB filter sees the whole stream record, not `data`. */
  constructor(private readonly kinesis: boolean) {}

  private readonly compiled = new Map<FilterCriteria | undefined, FilterPattern | undefined>();
  /** Per filters, per record (records are dense integers): matched, did not, or no data (null); undefined until judged. */
  private readonly verdicts = new Map<FilterPattern, Array<boolean | null | undefined>>();

  of(criteria: FilterCriteria | undefined): FilterPattern | undefined {
    if (!this.compiled.has(criteria)) this.compiled.set(criteria, compileFilter(criteria));
    return this.compiled.get(criteria);
  }

  /** Does the record's traced data match the filters? Undefined when the trace holds no data for it. */
  matches(index: TraceIndex, rec: Rec, pattern: FilterPattern): boolean | undefined {
    if (!this.kinesis) return undefined;
    let verdicts = this.verdicts.get(pattern);
    if (verdicts === undefined) this.verdicts.set(pattern, (verdicts = []));
    let verdict = verdicts[rec];
    if (verdict === undefined) verdicts[rec] = verdict = matchesData(index.putOf(rec), pattern) ?? null;
    return verdict ?? undefined;
  }
}

function matchesData(put: PutEvent | undefined, pattern: FilterPattern): boolean | undefined {
  if (put?.data === undefined) return undefined;
  return pattern(kinesisFilterView({ text: Buffer.from(put.data, 'base64').toString('utf8') }));
}

/** I-1: a record the filters match was filtered out all the same. */
function droppedThoughMatched(index: TraceIndex, f: FilterEvent, seq: string, criteria: FilterCriteria | undefined, filters: Filters): Finding | undefined {
  const rec = index.recordOf(f.shardId, seq)!;
  const put = index.putOf(rec);
  const pattern = filters.of(criteria);
  if (pattern === undefined || filters.matches(index, rec, pattern) !== true) return undefined;
  return {
    checker: 'filtering', rule: 'I-1', summary: `${index.nameOf(rec)} was filtered out, though its data matches the mapping's filters`,
    records: [index.idOf(rec)], at: f.t,
    story: [
      { kind: 'let', t: put!.t, what: `${index.describe(rec)} be put with data ${dataText(put!)}` },
      { kind: 'then', t: f.t, what: `the mapping read it under FilterCriteria ${JSON.stringify(criteria)}, which match that data` },
      { kind: 'but', t: f.t, what: 'it was filtered out: a record one filter matches must reach the function, so it was lost' },
    ],
  };
}

/** I-1: records delivered under filters none of which matches their data; at most `room`, one per record, none of those `earlier` findings name. */
function deliveredUnmatched(index: TraceIndex, filters: Filters, earlier: readonly Finding[], room: number): Finding[] {
  const findings: Finding[] = [];
  const told = new Set(earlier.flatMap((f) => f.records));
  for (const inv of index.invocations) {
    if (findings.length >= room) break;
    const pattern = hasFilters(inv.config.FilterCriteria) ? filters.of(inv.config.FilterCriteria) : undefined;
    if (pattern === undefined) continue;
    for (const rec of inv.recs) {
      if (filters.matches(index, rec, pattern) !== false) continue;
      const id = index.idOf(rec);
      if (told.has(id) || !readUnder(index, rec, inv)) continue;
      told.add(id);
      findings.push(unmatchedDelivery(index, rec, inv));
      if (findings.length >= room) break;
    }
  }
  return findings;
}

/** Were the invocation's filters in force all the time from the record's put to the invocation, so that they were the ones it was read under? */
function readUnder(index: TraceIndex, rec: Rec, inv: Invocation): boolean {
  return index.configsBetween(index.putOf(rec)!.t, inv.t).every((c) => sameFilters(c.FilterCriteria, inv.config.FilterCriteria));
}

function unmatchedDelivery(index: TraceIndex, rec: Rec, inv: Invocation): Finding {
  const put = index.putOf(rec)!;
  return {
    checker: 'filtering', rule: 'I-1', summary: `${index.nameOf(rec)} was delivered, though none of the mapping's filters matches its data`,
    records: [index.idOf(rec)], at: inv.t,
    story: [
      { kind: 'let', t: put.t, what: `${index.describe(rec)} be put with data ${dataText(put)}` },
      { kind: 'then', t: inv.t, what: `the mapping ran under FilterCriteria ${JSON.stringify(inv.config.FilterCriteria)}, none of which matches that data, so it must be filtered out` },
      { kind: 'but', t: inv.t, what: `invocation ${inv.invoke.id} delivered it` },
    ],
  };
}

/** The record's data for a story: its text, shortened, or its base64 when it is not text. */
function dataText(put: PutEvent): string {
  const text = Buffer.from(put.data!, 'base64').toString('utf8');
  const shown = text.includes('\uFFFD') ? `(base64) ${put.data!}` : JSON.stringify(text);
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}

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
