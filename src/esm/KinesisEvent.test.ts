import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../kinesis/Shard.ts';
import { EventSizer, kinesisEvent, kinesisEventRecord } from './KinesisEvent.ts';

const ctx = { streamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream', region: 'us-east-2', invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role' };

function record(partial: Partial<StreamRecord>): StreamRecord {
  return { shardId: 'shardId-000000000006', sequenceNumber: '49590338271490256608559692538361571095921575989136588898', partitionKey: '1', data: { text: 'Hello, this is a test.' }, bytes: 22, arrivalMs: 1_545_084_650_987, rid: 'r0', ...partial };
}

describe('Kinesis event (K-1)', () => {
  it('has exactly the documented shape and values', () => {
    expect(kinesisEventRecord(record({}), ctx)).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0', partitionKey: '1',
        sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
        data: 'SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==', approximateArrivalTimestamp: 1545084650.987,
      },
      eventSource: 'aws:kinesis', eventVersion: '1.0',
      eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
      eventName: 'aws:kinesis:record', invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
      awsRegion: 'us-east-2', eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
    });
  });

  it('computes the serialised payload size without serialising (B-7)', () => {
    const sizer = new EventSizer(ctx);
    const samples = [
      [record({})],
      [record({ partitionKey: 'ünï "quoted" \\ key', data: { size: 1000 }, bytes: 1000, arrivalMs: 1_767_225_600_000 })],
      [record({ sequenceNumber: '7', data: { size: 1 }, bytes: 1, arrivalMs: 1_767_225_600_010 }), record({ sequenceNumber: '12', data: { size: 2 }, bytes: 2, arrivalMs: 1_767_225_601_100 }), record({ sequenceNumber: '100', data: { text: '' }, bytes: 0 })],
    ];
    for (const records of samples) {
      const sum = records.reduce((s, r) => s + sizer.recordBytes(r), 0);
      expect(EventSizer.eventBytes(records.length, sum)).toBe(Buffer.byteLength(JSON.stringify(kinesisEvent(records, ctx)), 'utf8'));
    }
  });

  it('sizes any arrival time, key and sequence number exactly (B-7)', () => {
    const sizer = new EventSizer(ctx);
    const arb = fc.record({
      arrivalMs: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.constantFrom(0, 1, 999, 1000, 9_999_000, 10_000_000, 1_767_225_600_100)),
      partitionKey: fc.string({ minLength: 1, maxLength: 20 }),
      sequenceNumber: fc.bigInt({ min: 0n, max: 10n ** 56n }).map(String),
      size: fc.nat(300),
    });
    fc.assert(fc.property(arb, ({ size, ...r }) => {
      const rec = record({ ...r, data: { size }, bytes: size });
      expect(EventSizer.eventBytes(1, sizer.recordBytes(rec))).toBe(Buffer.byteLength(JSON.stringify(kinesisEvent([rec], ctx)), 'utf8'));
    }), { numRuns: 300 });
  });
});
