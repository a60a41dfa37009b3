/**
 * The Kinesis invocation event (K-1), typed against `@types/aws-lambda`, and
 * its exact JSON size computed without serialising it (B-7: record metadata
 * counts toward the 6 MB payload).
 */
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { base64Length, dataBase64 } from '../kinesis/RecordData.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';

/** Synchronous invoke payload limit, bytes (B-3, B-7): 6 MB. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** What every record of an event shares. */
export interface EventContext {
  readonly streamArn: string;
  readonly region: string;
  readonly invokeIdentityArn: string;
}

/** Arrival time as the event shows it: epoch seconds with millisecond fraction. */
export function arrivalSeconds(arrivalMs: number): number {
  return arrivalMs / 1000;
}

/** One event record, exactly as Lambda delivers it (K-1). */
export function kinesisEventRecord(r: StreamRecord, ctx: EventContext): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: r.partitionKey,
      sequenceNumber: r.sequenceNumber,
      data: dataBase64(r.data, r.rid),
      approximateArrivalTimestamp: arrivalSeconds(r.arrivalMs),
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${r.shardId}:${r.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: ctx.invokeIdentityArn,
    awsRegion: ctx.region,
    eventSourceARN: ctx.streamArn,
  };
}

/** The whole event `{"Records":[...]}`. */
export function kinesisEvent(records: readonly StreamRecord[], ctx: EventContext): KinesisStreamEvent {
  return { Records: records.map((r) => kinesisEventRecord(r, ctx)) };
}

/** Length of `String(ms / 1000)` for a non-negative integer `ms`, without building it. */
function secondsLength(ms: number): number {
  const seconds = Math.floor(ms / 1000);
  // The millisecond part as a small integer: a remainder of an epoch time (beyond 32 bits) would be a
  // floating-point remainder, which costs a call into the runtime.
  const fraction = (ms - seconds * 1000) | 0;
  let whole = 1;
  for (let bound = 10; seconds >= bound; bound *= 10) whole++;
  if (fraction === 0) return whole;
  return whole + (fraction % 100 === 0 ? 2 : fraction % 10 === 0 ? 3 : 4);
}

/** Computes serialised sizes of events for one stream, caching what repeats. */
export class EventSizer {
  private readonly fixed: number;
  private readonly keyBytes = new Map<string, number>();
  /** The last arrival time sized and its length: records of a batch mostly share their millisecond or second. */
  private lastArrivalMs = -1;
  private lastArrivalLength = 0;

  constructor(ctx: EventContext) {
    const probe = JSON.stringify(
      kinesisEventRecord({ shardId: '', sequenceNumber: '', partitionKey: '', data: { text: '' }, bytes: 0, arrivalMs: 0, rid: '' }, ctx),
    );
    // The probe holds an empty key ("" = 2 bytes), empty seq twice, empty data, shard id "" and timestamp "0".
    this.fixed = Buffer.byteLength(probe, 'utf8') - 2 - 1;
  }

  /** Serialised size of one record's JSON, bytes. */
  recordBytes(r: StreamRecord): number {
    let key = this.keyBytes.get(r.partitionKey);
    if (key === undefined) {
      key = Buffer.byteLength(JSON.stringify(r.partitionKey), 'utf8');
      this.keyBytes.set(r.partitionKey, key);
    }
    if (r.arrivalMs !== this.lastArrivalMs) {
      this.lastArrivalMs = r.arrivalMs;
      this.lastArrivalLength = secondsLength(r.arrivalMs);
    }
    return this.fixed + key + 2 * (r.sequenceNumberLength ?? r.sequenceNumber.length) + r.shardId.length + base64Length(r.bytes) + this.lastArrivalLength;
  }

  /** Size of an event holding records whose record sizes sum to `sum`. */
  static eventBytes(count: number, sum: number): number {
    return '{"Records":[]}'.length + sum + Math.max(0, count - 1);
  }
}
