/**
 * Scenario classes a Firehose trace exercised (coverage statistics), read
 * from the trace alone.
 */
import { readAckEntries } from '../ack/AckEntries.ts';
import type { FirehoseIndex } from './FirehoseIndex.ts';

const CODE_HITS: Readonly<Record<string, string>> = {
  'Lambda.DuplicatedRecordId': 'duplicate-id',
  'Lambda.MissingRecordId': 'missing-id',
  'Lambda.JsonProcessingException': 'json-exception',
  'Lambda.FunctionError': 'function-error',
};

/** Count the scenario classes of a trace. */
export function firehoseHits(index: FirehoseIndex): Record<string, number> {
  const hits: Record<string, number> = {};
  const hit = (name: string, n = 1) => {
    if (n > 0) hits[name] = (hits[name] ?? 0) + n;
  };
  const seen = new Set<string>();
  for (const inv of index.invocations) {
    const retry = inv.invoke.records.some((r) => seen.has(r.rid));
    for (const r of inv.invoke.records) seen.add(r.rid);
    hit(retry ? 'retry' : flushKind(index, inv.invoke.records.map((r) => r.rid)));
    const v = inv.verdict;
    if (!v || !inv.result) continue;
    if (inv.result.outcome === 'timeout') hit('timeout');
    if (v.kind !== 'records') hit(CODE_HITS[v.errorCode]!);
    else for (const result of new Set(v.results.values())) hit(result === 'Dropped' ? 'dropped' : result === 'ProcessingFailed' ? 'processing-failed' : 'ok');
    const read = readAckEntries(inv.result.response, inv.invoke.records.map((r) => r.recordId));
    if (read.unknown.length > 0) hit('invented-id');
    if (read.entries.length > 0 && read.entries.every((e) => e.recordId === undefined && !e.hasResult && !e.notAnObject)) hit('p3-empty-items');
  }
  for (const h of index.records.values()) if (h.failed.some((f) => f.document.errorCode === 'Lambda.FunctionError')) hit('retries-exhausted');
  if (index.end?.reason === 'horizon') hit('horizon');
  return hits;
}

function flushKind(index: FirehoseIndex, rids: readonly string[]): string {
  const bytes = rids.reduce((n, rid) => n + (index.records.get(rid)?.put.bytes ?? 0), 0);
  return bytes >= (index.start?.bufferSizeBytes ?? Infinity) ? 'flush-size' : 'flush-interval';
}
