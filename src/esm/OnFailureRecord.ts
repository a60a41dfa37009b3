/**
 * The message the mapping writes to its on-failure destination when it gives
 * records up (F-1..F-5): SQS/SNS get the metadata, S3 also the whole event.
 */
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { DiscardCondition } from '../trace/TraceEvent.ts';

/** What is known of the discarded range when the message is written. */
export interface FailureFacts {
  readonly requestId: string;
  readonly functionArn: string;
  readonly condition: DiscardCondition;
  readonly approximateInvokeCount: number;
  /** `Unhandled` for a thrown error or timeout, null for a partial-batch response (F-4). */
  readonly functionError: 'Unhandled' | null;
  readonly timestampMs: number;
  readonly streamArn: string;
  readonly records: readonly StreamRecord[];
}

/** How the source writes its batch info (F-1, F-2). */
export interface BatchInfoFormat {
  readonly batchInfoKey: string;
  arrivalTime(ms: number): string;
}

const DAY_MS = 86_400_000;
/**
 * Days formatted (`YYYY-MM-DDT`), by day number. A run's timestamps share a
 * few days, but not one: an on-failure record after a week of retries
 * names the record's arrival and the give-up, days apart, call after call.
 * Emptied when full, so a long-lived process keeps at most a few hundred.
 */
const dayPrefixes = new Map<number, string>();
const MAX_DAY_PREFIXES = 512;

function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size >= MAX_DAY_PREFIXES) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

/**
 * ISO-8601 with milliseconds, as Kinesis batch info and `timestamp` use
 * (F-2): `Date#toISOString`, with the date part of each day formatted once
 * (on-failure records and their checker format tens of thousands of times
 * per benchmark).
 */
export function isoMillis(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 253_402_300_800_000) return new Date(ms).toISOString(); // years 1970 - 9999 only
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${dayPrefix(day)}${two(h)}:${two(m)}:${two(sec)}.${String(rest - sec * 1000).padStart(3, '0')}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** ISO-8601 in whole seconds, as DynamoDB batch info writes arrival times (F-2). */
export function isoSeconds(ms: number): string {
  return `${isoMillis(Math.floor(ms / 1000) * 1000).slice(0, -5)}Z`; // drop ".000Z"
}

/** The F-1 message body, with the source's batch info key and time format. */
export function onFailureMessage(f: FailureFacts, format: BatchInfoFormat, payload?: unknown): Record<string, unknown> {
  const first = f.records[0]!;
  const last = f.records[f.records.length - 1]!;
  return {
    requestContext: {
      requestId: f.requestId,
      functionArn: f.functionArn,
      condition: f.condition,
      approximateInvokeCount: f.approximateInvokeCount,
    },
    // F-4: absent for RecordAgeExceeded.
    ...(f.condition === 'RecordAgeExceeded'
      ? {}
      : { responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: f.functionError } }),
    version: '1.0',
    timestamp: isoMillis(f.timestampMs),
    [format.batchInfoKey]: {
      shardId: first.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: format.arrivalTime(first.arrivalMs),
      approximateArrivalOfLastRecord: format.arrivalTime(last.arrivalMs),
      batchSize: f.records.length,
      streamArn: f.streamArn,
    },
    ...(payload ? { payload } : {}), // F-5: S3 destinations carry the invocation event
  };
}

/**
 * The S3 object key of an on-failure record (F-5):
 * `aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>`,
 * dated when the record was written (UTC).
 */
export function s3ObjectKey(mappingUuid: string, shardId: string, writtenMs: number, randomUuid: string): string {
  const iso = isoMillis(writtenMs);
  return `aws/lambda/${mappingUuid}/${shardId}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 19).replaceAll(':', '.')}-${randomUuid}`;
}
