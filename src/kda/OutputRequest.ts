/**
 * The KDA output invocation request (L-1) and its exact JSON size, computed
 * without building it, so a 6 MB payload costs nothing to size (L-5).
 */
import { jsonStringBytes } from '../ack/Payload.ts';
import { base64Length, dataBase64 } from '../kinesis/RecordData.ts';

/** One record of the request (L-1). */
export interface KdaOutputRecord {
  readonly recordId: string;
  readonly lambdaDeliveryRecordMetadata: { readonly retryHint: number };
  /** The output row, base64. */
  readonly data: string;
}

/** The request a KDA output function receives (L-1; `@types/aws-lambda` has no type for it). */
export interface KdaOutputEvent {
  readonly invocationId: string;
  readonly applicationArn: string;
  readonly records: readonly KdaOutputRecord[];
}

/** A record to deliver: its row, and the id and hint it is sent under. */
export interface OutgoingRecord {
  readonly rid: string;
  readonly recordId: string;
  readonly retryHint: number;
  readonly bytes: number;
}

const RECORD_FIXED = JSON.stringify({ recordId: '', lambdaDeliveryRecordMetadata: { retryHint: 0 }, data: '' }).length - 2 - 2 - 1;
const ENVELOPE_FIXED = JSON.stringify({ invocationId: '', applicationArn: '', records: [] }).length - 2 - 2;

/** Bytes of one record in the request. */
export function outputRecordBytes(r: OutgoingRecord): number {
  return RECORD_FIXED + jsonStringBytes(r.recordId) + String(r.retryHint).length + 2 + base64Length(r.bytes);
}

/** Bytes of the request without its records (the invocation id is a 36-character GUID). */
export function outputEnvelopeBytes(applicationArn: string): number {
  return ENVELOPE_FIXED + 38 + jsonStringBytes(applicationArn);
}

/** Bytes of the whole request. */
export function outputRequestBytes(applicationArn: string, records: readonly OutgoingRecord[]): number {
  let bytes = outputEnvelopeBytes(applicationArn) + Math.max(0, records.length - 1);
  for (const r of records) bytes += outputRecordBytes(r);
  return bytes;
}

/** The request as the function receives it; row data is deterministic filler named after the row. */
export function outputEvent(invocationId: string, applicationArn: string, records: readonly OutgoingRecord[]): KdaOutputEvent {
  return {
    invocationId,
    applicationArn,
    records: records.map((r) => ({ recordId: r.recordId, lambdaDeliveryRecordMetadata: { retryHint: r.retryHint }, data: dataBase64({ size: r.bytes }, r.rid) })),
  };
}
