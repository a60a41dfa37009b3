/**
 * The Firehose transformation request (M-1) for a Direct PUT stream, and its
 * exact JSON size computed without building it (M-3: 6 MB request cap).
 */
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { REGION } from '../ack/Arns.ts';
import { jsonStringBytes } from '../ack/Payload.ts';
import { base64Length, fillerBase64 } from '../kinesis/RecordData.ts';

/** A buffered record with the id it is sent under (M-1: kept across retries). */
export interface BufferedRecord {
  readonly rid: string;
  readonly recordId: string;
  readonly bytes: number;
  readonly arrivalMs: number;
}

const RECORD_FIXED = JSON.stringify({ recordId: '', approximateArrivalTimestamp: 0, data: '' }).length - 2 - 1 - 2;
const ENVELOPE_FIXED = JSON.stringify({ invocationId: '', deliveryStreamArn: '', region: '', records: [] }).length - 2 - 2 - 2;

/** The record's data as base64: deterministic filler (`<rid>;` repeated), as `dataBase64` makes it. */
export function recordData(r: Pick<BufferedRecord, 'rid' | 'bytes'>): string {
  return fillerBase64(r.bytes, r.rid);
}

/** Bytes of the whole request. */
export function transformRequestBytes(deliveryStreamArn: string, records: readonly BufferedRecord[]): number {
  let bytes = ENVELOPE_FIXED + 38 + jsonStringBytes(deliveryStreamArn) + jsonStringBytes(REGION) + Math.max(0, records.length - 1);
  for (const r of records) bytes += RECORD_FIXED + jsonStringBytes(r.recordId) + String(r.arrivalMs).length + 2 + base64Length(r.bytes);
  return bytes;
}

/** The request as the function receives it. */
export function transformEvent(invocationId: string, deliveryStreamArn: string, records: readonly BufferedRecord[]): FirehoseTransformationEvent {
  return {
    invocationId,
    deliveryStreamArn,
    region: REGION,
    records: records.map((r) => ({ recordId: r.recordId, approximateArrivalTimestamp: r.arrivalMs, data: recordData(r) })),
  };
}
