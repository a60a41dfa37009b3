/**
 * On-failure records (F-1..F-5, D-5, D-10): with a destination, every give-up
 * writes exactly one message, of the documented shape, that describes the
 * records given up; without one, nothing is written.
 */
import { isoMillis, isoSeconds } from '../../esm/OnFailureRecord.ts';
import { sourceKindOf } from '../../esm/StreamSource.ts';
import { problemsOf } from '../../schema/validator.ts';
import { onFailureValidator } from '../onFailureSchemas.ts';
import { UUID_PATTERN } from '../../sim/Rng.ts';
import type { DestinationEvent, DiscardEvent, PutEvent } from '../../trace/TraceEvent.ts';
import type { Checker } from '../Checker.ts';
import type { Finding } from '../Finding.ts';
import { failureChain, runStart } from '../FailureChain.ts';
import { recordId, type TraceIndex } from '../TraceIndex.ts';

export const onFailure: Checker = {
  name: 'on-failure',
  rules: ['F-1', 'F-2', 'F-3', 'F-4', 'F-5', 'D-5', 'Q-4'],
  invariant: 'Each give-up writes one on-failure record of the documented shape, naming the records, the condition and the invoke count.',
  check(index) {
    const findings: Finding[] = [];
    const unmatched = new Set(index.destinations);
    const writtenAt = byTime(index.destinations);
    for (const d of index.discards) {
      const message = writtenAt.get(d.t)?.find((m) => unmatched.has(m) && batchInfo(m).startSequenceNumber === d.records[0] && batchInfo(m).shardId === d.shardId);
      if (!index.configFor(d).DestinationConfig.OnFailure.Destination) continue; // a message without a destination stays unmatched (D-5)
      if (message) unmatched.delete(message);
      const problems = message ? contentProblems(index, d, message) : ['no on-failure record was written for it'];
      if (problems.length > 0 && findings.length < 20) findings.push(finding(index, d, problems));
    }
    for (const m of unmatched) {
      if (findings.length >= 20) break;
      findings.push({
        checker: 'on-failure', rule: 'D-5', summary: `an on-failure record was written to ${m.arn} for records that were not given up`, records: [], at: m.t,
        story: [{ kind: 'let', t: m.t, what: `a message be written to ${m.arn}` }, { kind: 'but', what: index.configFor(m).DestinationConfig.OnFailure.Destination ? 'no records were given up at that moment' : 'the mapping has no on-failure destination' }],
      });
    }
    return findings;
  },
};

/** Messages by the time they were written, each list in trace order. */
function byTime(messages: readonly DestinationEvent[]): Map<number, DestinationEvent[]> {
  const out = new Map<number, DestinationEvent[]>();
  for (const m of messages) {
    const list = out.get(m.t);
    if (list) list.push(m);
    else out.set(m.t, [m]);
  }
  return out;
}

/** The batch info of a message: `KinesisBatchInfo`, or `DDBStreamBatchInfo` for DynamoDB (F-1). */
function batchInfo(m: DestinationEvent): Record<string, unknown> {
  return (m.message['KinesisBatchInfo'] ?? m.message['DDBStreamBatchInfo'] ?? {}) as Record<string, unknown>;
}

function contentProblems(index: TraceIndex, d: DiscardEvent, m: DestinationEvent): string[] {
  const kind = sourceKindOf(index.start?.streamArn ?? '');
  const arrival = kind === 'dynamodb' ? isoSeconds : isoMillis; // F-2
  const problems = problemsOf(onFailureValidator(kind), m.message).map((p) => `${p.pointer}: ${p.reason}`);
  const info = batchInfo(m);
  const request = (m.message['requestContext'] ?? {}) as Record<string, unknown>;
  const response = m.message['responseContext'] as Record<string, unknown> | undefined;
  const first = putOf(index, d.shardId, d.records[0]!);
  const last = putOf(index, d.shardId, d.records[d.records.length - 1]!);
  const config = index.configFor(d);
  expect(problems, m.arn === config.DestinationConfig.OnFailure.Destination, () => `it went to ${m.arn}, not the configured destination`);
  expect(problems, request['condition'] === d.condition, () => `condition is ${JSON.stringify(request['condition'])}, but the records were given up for ${d.condition}`);
  const count = invokeCountProblem(index, d, request['approximateInvokeCount']);
  if (count !== undefined) problems.push(count);
  expect(problems, request['functionArn'] === index.start?.functionArn, () => `functionArn is ${JSON.stringify(request['functionArn'])}`);
  expect(problems, info['endSequenceNumber'] === d.records[d.records.length - 1], () => `endSequenceNumber is ${JSON.stringify(info['endSequenceNumber'])}, not the last record given up`);
  const bisect = config.BisectBatchOnFunctionError;
  expect(problems, bisect ? Number(info['batchSize']) >= d.records.length : info['batchSize'] === d.records.length, () => `batchSize is ${JSON.stringify(info['batchSize'])} for ${d.records.length} record(s)`); // D-10
  expect(problems, info['streamArn'] === index.start?.streamArn, () => `streamArn is ${JSON.stringify(info['streamArn'])}`);
  if (first) {
    const arrived = arrival(first.t);
    expect(problems, info['approximateArrivalOfFirstRecord'] === arrived, () => `approximateArrivalOfFirstRecord is ${JSON.stringify(info['approximateArrivalOfFirstRecord'])}, the record arrived ${arrived}`);
  }
  if (last) {
    const arrived = arrival(last.t);
    expect(problems, info['approximateArrivalOfLastRecord'] === arrived, () => `approximateArrivalOfLastRecord is ${JSON.stringify(info['approximateArrivalOfLastRecord'])}, the record arrived ${arrived}`);
  }
  const written = isoMillis(m.t);
  expect(problems, m.message['timestamp'] === written, () => `timestamp is ${JSON.stringify(m.message['timestamp'])}, written at ${written}`);
  if (d.condition === 'RecordAgeExceeded') expect(problems, response === undefined, () => 'a RecordAgeExceeded record carries a responseContext (F-4: it has none)');
  else {
    const functionError = lastFunctionError(index, d);
    const written = response?.['functionError'];
    const ok = functionError === 'either' ? written === null || written === 'Unhandled' : written === functionError;
    expect(problems, ok, () => `functionError is ${JSON.stringify(written)}, but the last invocation ${functionError === null ? 'returned a partial-batch response (null)' : functionError === 'either' ? 'returned a malformed response (null or Unhandled)' : 'failed with an error (Unhandled)'}`);
  }
  if (m.kind === 's3') s3Problems(index, d, m, problems);
  else {
    expect(problems, m.message['payload'] === undefined, () => `an ${m.kind} record carries a payload (F-6: only S3 records do)`);
    expect(problems, m.key === undefined, () => `an ${m.kind} message has an S3 object key`);
  }
  return problems;
}

/** F-5 object keys: `aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>`. */
const S3_KEY = new RegExp(String.raw`^aws/lambda/(${UUID_PATTERN})/([^/]+)/(\d{4}/\d{2}/\d{2})/(\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2})-${UUID_PATTERN}$`);

/**
 * F-5: an S3 record's payload is the invocation event of the records given up
 * (with bisect, D-10, of at least them: as many as `batchSize` says, the
 * records given up among them in order), and its object key names the
 * mapping, the shard and the moment it was written.
 */
function s3Problems(index: TraceIndex, d: DiscardEvent, m: DestinationEvent, problems: string[]): void {
  const records = (m.message['payload'] as { Records?: unknown } | undefined)?.Records;
  if (!Array.isArray(records)) problems.push('an S3 record lacks the invocation payload (F-5)');
  else {
    const seqs = records.map(payloadSeq);
    const size = batchInfo(m)['batchSize'];
    const ok = index.configFor(d).BisectBatchOnFunctionError ? seqs.length === size && containsRun(seqs, d.records) : seqs.join() === d.records.join();
    expect(problems, ok, () => `its payload holds the records [${seqs.join(', ')}], not the ${d.records.length} given up [${d.records.join(', ')}]`);
  }
  const key = S3_KEY.exec(m.key ?? '');
  if (!key) {
    problems.push(`its S3 object key ${JSON.stringify(m.key)} is not aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<UUID> (F-5)`);
    return;
  }
  const [, uuid, shard, day, second] = key as unknown as [string, string, string, string, string];
  const written = isoMillis(m.t);
  expect(problems, shard === d.shardId, () => `its S3 object key names shard ${shard}, not ${d.shardId}`);
  expect(problems, day === written.slice(0, 10).replaceAll('-', '/') && second === written.slice(0, 19).replaceAll(':', '.'), () => `its S3 object key is dated ${second}, but it was written at ${written}`);
  const mapping = m.mapping ?? firstKeyUuid(index);
  expect(problems, uuid === mapping, () => `its S3 object key names mapping ${uuid}, not ${mapping}`);
}

/** A payload record's sequence number: Kinesis `kinesis.sequenceNumber`, DynamoDB `dynamodb.SequenceNumber` (K-1, K-2). */
function payloadSeq(r: unknown): string {
  const o = (r ?? {}) as { kinesis?: { sequenceNumber?: unknown }; dynamodb?: { SequenceNumber?: unknown } };
  return String(o.kinesis?.sequenceNumber ?? o.dynamodb?.SequenceNumber);
}

/** Does `all` hold `run` as consecutive elements? */
function containsRun(all: readonly string[], run: readonly string[]): boolean {
  const at = all.indexOf(run[0]!);
  return at >= 0 && run.every((s, i) => all[at + i] === s);
}

/** With one mapping, events name no UUID: every S3 key of the trace must name the one the first names. */
function firstKeyUuid(index: TraceIndex): string | undefined {
  for (const m of index.destinations) {
    const key = m.key === undefined ? null : S3_KEY.exec(m.key);
    if (key) return key[1];
  }
  return undefined;
}

/**
 * Add `what()` to `problems` unless `ok`: messages are built only for problems.
 * (A function of its own, not a closure per call: see docs/design.md, "Closures and the loader".)
 */
function expect(problems: string[], ok: boolean, what: () => string): void {
  if (!ok) problems.push(what());
}

/**
 * Q-4, D-3, D-7, D-10: `approximateInvokeCount` counts the invocations that
 * included the records given up and failed for them, since they last
 * succeeded. Without bisect that is exactly the first record's run of
 * failures; with bisect, at least the failures of the range given up (splits
 * are free, D-8) and at most the whole run, parent batches included (how many
 * of those count is a model decision). A `RecordAgeExceeded` give-up may
 * count the age check as one more (D-7: AWS recorded 8 after 7 invocations,
 * and 1 after none).
 */
function invokeCountProblem(index: TraceIndex, d: DiscardEvent, count: unknown): string | undefined {
  const rec = index.recordOf(d.shardId, d.records[0]!);
  if (rec === undefined) return undefined;
  const deliveries = index.deliveriesOf(rec);
  const at = index.placeOf(d);
  const run = failureChain(index, deliveries, d.records[0]!, at, false).length;
  const bisect = index.configFor(d).BisectBatchOnFunctionError;
  const least = bisect ? failureChain(index, deliveries, d.records[0]!, at, true).length : run;
  const most = run + (d.condition === 'RecordAgeExceeded' ? 1 : 0);
  if (typeof count === 'number' && count >= least && count <= most) return undefined;
  const expected = least === most ? `${least}` : `between ${least} and ${most}`;
  const why = bisect
    ? `${least} failed invocation(s) of exactly the range given up, ${run} in all since its first record last succeeded`
    : `${run} invocation(s) that included its first record failed since it last succeeded`;
  const throttled = index.throttlesOf(d.shardId, d.records[0]!, runStart(index, deliveries, d.records[0]!, at), at) > 0;
  return `approximateInvokeCount is ${JSON.stringify(count)}, but ${why}, so it should be ${expected}${throttled ? ' (throttled invocations never reached the function and do not count, D-1)' : ''}`;
}

/**
 * F-4: `Unhandled` when the last invocation threw or timed out, null for a
 * partial response. After a response the table calls a complete failure
 * (E-5: a malformed item) the function returned normally and no rule says
 * which AWS writes: `either` (the model writes `Unhandled`, a model decision).
 */
function lastFunctionError(index: TraceIndex, d: DiscardEvent): 'Unhandled' | null | 'either' {
  const last = index.deliveriesBefore(index.recordOf(d.shardId, d.records[0]!)!, d).at(-1);
  if (last?.classification?.kind === 'partial') return null;
  return last?.result?.outcome === 'return' ? 'either' : 'Unhandled';
}

/** The put of a record a discard names, if it was put. */
function putOf(index: TraceIndex, shardId: string, seq: string): PutEvent | undefined {
  const rec = index.recordOf(shardId, seq);
  return rec === undefined ? undefined : index.putOf(rec);
}

function finding(index: TraceIndex, d: DiscardEvent, problems: string[]): Finding {
  const names = d.records.map((s) => putOf(index, d.shardId, s)?.rid ?? s);
  return {
    checker: 'on-failure', rule: 'F-1', summary: `the on-failure record for ${names.join(', ')} (${d.condition}) is wrong: ${problems[0]}`,
    records: d.records.map((s) => recordId(d.shardId, s)), at: d.t,
    story: [
      { kind: 'let', t: d.t, what: `${names.length} record(s) of ${d.shardId} [${names.join(', ')}] be given up for ${d.condition}` },
      ...problems.slice(0, -1).map((p) => ({ kind: 'then' as const, what: `in its on-failure record, ${p}` })),
      { kind: 'but', what: `in its on-failure record, ${problems[problems.length - 1]}` },
    ],
  };
}
