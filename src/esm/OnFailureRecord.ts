/**
 * The message the mapping writes to its on-failure destination when it gives
 * records up (F-1..F-5): SQS/SNS get the metadata, S3 also the whole event.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
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

/** ISO-8601 with milliseconds, as Kinesis batch info and `timestamp` use (F-2). */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** The F-1 message body (Kinesis variant). */
export function onFailureMessage(f: FailureFacts, payload?: KinesisStreamEvent): Record<string, unknown> {
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
    KinesisBatchInfo: {
      shardId: first.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: isoMillis(first.arrivalMs),
      approximateArrivalOfLastRecord: isoMillis(last.arrivalMs),
      batchSize: f.records.length,
      streamArn: f.streamArn,
    },
    ...(payload ? { payload } : {}), // F-5: S3 destinations carry the invocation event
  };
}
