/**
 * Scenario classes a KDA trace exercised (coverage statistics), read from the
 * trace alone.
 */
import { readAckEntries } from '../ack/AckEntries.ts';
import { deliveryOutcome, type KdaIndex } from './KdaIndex.ts';

/** Samples needed to call a destination's lag growing. */
const LAG_SAMPLES = 5;

/** Count the scenario classes of a trace. */
export function kdaHits(index: KdaIndex): Record<string, number> {
  const hits: Record<string, number> = {};
  const hit = (name: string, n = 1) => {
    if (n > 0) hits[name] = (hits[name] ?? 0) + n;
  };
  hit('restart', index.resumes.length);
  hit('multi-destination', index.destinations.length > 1 ? 1 : 0);
  hit('horizon', index.end?.reason === 'horizon' ? 1 : 0);
  hit('lag-growing', lagGrowing(index));
  hit('payload-split', splitRounds(index));
  for (const inv of index.invocations) {
    if (inv.invoke.records.some((r) => r.retryHint > 0)) hit('retry');
    if (!inv.result || !inv.failed) continue;
    for (const why of new Set(inv.failed.values())) hit(why);
    if (inv.failed.size > 0 && inv.failed.size < inv.invoke.records.length) hit('partial-ack');
    const read = readAckEntries(inv.result.response, inv.invoke.records.map((r) => r.recordId));
    if (read.unknown.length > 0) hit('invented-id');
    if (read.entries.length > 0 && read.entries.every((e) => e.recordId === undefined && !e.hasResult && !e.notAnObject)) hit('p3-empty-items');
  }
  hit('duplicate-after-restart', duplicatesAfterRestart(index));
  return hits;
}

/** Destinations whose last lag samples grew strictly (back-pressure, L-3). */
function lagGrowing(index: KdaIndex): number {
  let n = 0;
  for (const destination of index.destinations) {
    const samples = index.lags.filter((l) => l.destination === destination).slice(-LAG_SAMPLES);
    if (samples.length === LAG_SAMPLES && samples.every((s, i) => i === 0 || s.oldestPendingMs > samples[i - 1]!.oldestPendingMs)) n++;
  }
  return n;
}

/** Rounds cut into several invocations (L-5): invocations of one destination at one instant. */
function splitRounds(index: KdaIndex): number {
  const seen = new Map<string, number>();
  for (const inv of index.invocations) {
    const key = `${inv.invoke.destination}@${inv.invoke.t}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.values()].filter((n) => n > 1).length;
}

/** Rows acked Ok at a destination and delivered there again after a restart (L-6 duplicates). */
function duplicatesAfterRestart(index: KdaIndex): number {
  let n = 0;
  for (const ds of index.deliveries.values()) {
    const okRun = ds.find((d) => deliveryOutcome(d) === 'ok')?.inv.run;
    if (okRun !== undefined && ds.some((d) => d.inv.run > okRun)) n++;
  }
  return n;
}
