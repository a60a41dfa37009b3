import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/Rng.ts';
import { createOnlyError, MappingRegistry } from './MappingRegistry.ts';

const ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/s';
const NOW = 1_767_225_600_000;

function registry() {
  return new MappingRegistry(new Rng('reg'), new Set([ARN]));
}

describe('the mapping control plane (A-18, A-19, A-20)', () => {
  it('rejects a second mapping for the same stream and function with the existing UUID (A-18)', () => {
    const r = registry();
    const first = r.create({ EventSourceArn: ARN, FunctionName: 'fn', StartingPosition: 'LATEST' }, NOW);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const second = r.create({ EventSourceArn: ARN, FunctionName: 'fn', StartingPosition: 'TRIM_HORIZON' }, NOW);
    expect(second).toEqual({
      ok: false,
      error: {
        type: 'ResourceConflictException',
        message: `The event source arn (" arn:aws:kinesis:us-east-1:123456789012:stream/s ") and function (" fn ") provided mapping already exists. Please update or delete the existing mapping with UUID ${first.value.uuid}`,
      },
    });
  });

  it('accepts another function on the same stream (C-3)', () => {
    const r = registry();
    expect(r.create({ EventSourceArn: ARN, FunctionName: 'fn', StartingPosition: 'LATEST' }, NOW).ok).toBe(true);
    expect(r.create({ EventSourceArn: ARN, FunctionName: 'other', StartingPosition: 'LATEST' }, NOW).ok).toBe(true);
  });

  it('rejects a stream that does not exist and a request without a source (A-19)', () => {
    const r = registry();
    const missing = 'arn:aws:kinesis:us-east-1:123456789012:stream/nope';
    expect(r.create({ EventSourceArn: missing, FunctionName: 'fn', StartingPosition: 'LATEST' }, NOW)).toEqual({ ok: false, error: { type: 'InvalidParameterValueException', message: `Stream not found: ${missing}` } });
    expect(r.create({ FunctionName: 'fn', StartingPosition: 'LATEST' }, NOW)).toEqual({ ok: false, error: { type: 'InvalidParameterValueException', message: 'Unrecognized event source.' } });
  });

  it('answers an unknown UUID on get, update and delete with ResourceNotFoundException (A-19)', () => {
    const r = registry();
    const notFound = { ok: false, error: { type: 'ResourceNotFoundException', message: 'The resource you requested does not exist.' } };
    expect(r.get('00000000-0000-0000-0000-000000000000')).toEqual(notFound);
    expect(r.update('00000000-0000-0000-0000-000000000000', { BatchSize: 5 }, NOW)).toEqual(notFound);
    expect(r.delete('00000000-0000-0000-0000-000000000000')).toEqual(notFound);
  });

  it('updates over the existing configuration with the same validation (A-12, A-20)', () => {
    const r = registry();
    const m = r.create({ EventSourceArn: ARN, FunctionName: 'fn', StartingPosition: 'LATEST', BatchSize: 7 }, NOW);
    if (!m.ok) throw new Error(m.error.message);
    const u = r.update(m.value.uuid, { MaximumRetryAttempts: 2 }, NOW);
    expect(u.ok && [u.value.config.BatchSize, u.value.config.MaximumRetryAttempts]).toEqual([7, 2]);
    expect(r.update(m.value.uuid, { DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:123456789012:q' } } }, NOW)).toEqual({
      ok: false, error: { type: 'InvalidParameterValueException', message: 'Unsupported DestinationConfig parameter for given event source mapping type.' },
    });
    expect(r.update(m.value.uuid, { StartingPosition: 'TRIM_HORIZON' }, NOW)).toMatchObject({ ok: false, error: { type: 'ValidationException', message: expect.stringMatching(/^Unknown parameter in input: "StartingPosition"/) } });
    expect(r.update(m.value.uuid, { Tags: { team: 'streams' } }, NOW)).toMatchObject({ ok: false, error: { type: 'ValidationException', message: expect.stringMatching(/^Unknown parameter in input: "Tags", must be one of: UUID, .*KMSKeyArn.*MetricsConfig/) } });
    expect(r.update(m.value.uuid, { KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k', MetricsConfig: { Metrics: ['EventCount'] } }, NOW).ok).toBe(true);
    expect(r.delete(m.value.uuid).ok).toBe(true);
    expect(r.get(m.value.uuid).ok).toBe(false);
  });

  it('names a create-only parameter in an update as AWS does, and lets update parameters pass (A-20)', () => {
    expect(createOnlyError({ BatchSize: 5, StartingPositionTimestamp: 1 })).toEqual({
      type: 'ValidationException',
      message: 'Unknown parameter in input: "StartingPositionTimestamp", must be one of: UUID, FunctionName, Enabled, BatchSize, MaximumBatchingWindowInSeconds, DestinationConfig, '
        + 'MaximumRecordAgeInSeconds, BisectBatchOnFunctionError, MaximumRetryAttempts, ParallelizationFactor, TumblingWindowInSeconds, FunctionResponseTypes, FilterCriteria, KMSKeyArn, MetricsConfig',
    });
    expect(createOnlyError({ BatchSize: 5, Enabled: false })).toBeUndefined();
  });
});
