import { describe, expect, it } from 'vitest';
import { validateEsmConfig, type EsmRequest } from './EsmConfig.ts';

const ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/s';
const NOW = 1_767_225_600_000;
const base: EsmRequest = { EventSourceArn: ARN, StartingPosition: 'TRIM_HORIZON' };

function error(request: EsmRequest) {
  const v = validateEsmConfig(request, NOW);
  if (v.ok) throw new Error('expected a validation error');
  return v.error;
}

describe('validateEsmConfig: AWS ranges and messages (A-1..A-16)', () => {
  const DEFAULTS = {
    EventSourceArn: ARN, FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:under-test', BatchSize: 100,
    MaximumBatchingWindowInSeconds: 0, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1,
    BisectBatchOnFunctionError: false, ParallelizationFactor: 1, TumblingWindowInSeconds: 0, FunctionResponseTypes: [],
    DestinationConfig: { OnFailure: {} }, Enabled: true,
  };

  it('fills in the AWS-recorded defaults of a Kinesis mapping (A-16)', () => {
    expect(validateEsmConfig(base, NOW)).toEqual({ ok: true, value: DEFAULTS });
  });

  describe('KMSKeyArn (A-14), Tags and MetricsConfig: accepted, with the SDK\'s checks, and no effect on delivery', () => {
    it('accepts them and runs the mapping exactly as without them', () => {
      const request = { ...base, KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', Tags: { team: 'streams' }, MetricsConfig: { Metrics: ['EventCount'] } };
      expect(validateEsmConfig(request, NOW)).toEqual({ ok: true, value: DEFAULTS });
    });

    it('names them among the parameters an unknown one must be', () => {
      const members = error({ ...base, BatchSise: 5 } as EsmRequest).message.split('must be one of: ')[1]!.split(', ');
      expect(members).toEqual(expect.arrayContaining(['KMSKeyArn', 'Tags', 'MetricsConfig', 'FilterCriteria', 'EventSourceArn']));
    });

    it.each([
      ['a KMSKeyArn that is no string', { KMSKeyArn: 5 }, "Invalid type for parameter KMSKeyArn, value: 5, type: number, valid types: <class 'str'>"],
      ['Tags that are no map', { Tags: 'team=streams' }, "Invalid type for parameter Tags, value: \"team=streams\", type: string, valid types: <class 'dict'>"],
      ['a tag value that is no string', { Tags: { team: 5 } }, "Invalid type for parameter Tags.team, value: 5, type: number, valid types: <class 'str'>"],
      ['a MetricsConfig that is no structure', { MetricsConfig: ['EventCount'] }, "Invalid type for parameter MetricsConfig, value: [\"EventCount\"], type: array, valid types: <class 'dict'>"],
      ['Metrics that are no list', { MetricsConfig: { Metrics: 'EventCount' } }, "Invalid type for parameter MetricsConfig.Metrics, value: \"EventCount\", type: string, valid types: <class 'list'>, <class 'tuple'>"],
      ['a metric that is no string', { MetricsConfig: { Metrics: [1] } }, "Invalid type for parameter MetricsConfig.Metrics[0], value: 1, type: number, valid types: <class 'str'>"],
      ['a mistyped Metrics', { MetricsConfig: { Metric: ['EventCount'] } }, 'Unknown parameter in MetricsConfig: "Metric", must be one of: Metrics'],
      ['an unknown metric', { MetricsConfig: { Metrics: ['EventCount', 'Events'] } },
        "1 validation error detected: Value '[EventCount, Events]' at 'metricsConfig.metrics' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [EventCount, ErrorCount, KafkaMetrics]]"],
    ])('rejects %s with the SDK\'s or the API\'s message', (_name, patch, message) => {
      expect(error({ ...base, ...patch } as EsmRequest)).toEqual({ type: 'ValidationException', message });
    });
  });

  it.each([
    ['A-1 BatchSize 0', { BatchSize: 0 }, "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    ['A-1 BatchSize 10001', { BatchSize: 10001 }, "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"],
    ['A-2 window 301', { MaximumBatchingWindowInSeconds: 301 }, "1 validation error detected: Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"],
    ['A-9 ParallelizationFactor 11', { ParallelizationFactor: 11 }, "1 validation error detected: Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10"],
    ['A-6 MaximumRetryAttempts -2', { MaximumRetryAttempts: -2 }, "1 validation error detected: Value '-2' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to -1"],
    ['A-10 TumblingWindowInSeconds 901', { TumblingWindowInSeconds: 901 }, "1 validation error detected: Value '901' at 'tumblingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 900"],
    ['A-4 bad enum', { StartingPosition: 'invalid' }, "1 validation error detected: Value 'invalid' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"],
  ])('%s is a ValidationException with AWS message', (_name, patch, message) => {
    expect(error({ ...base, ...patch })).toEqual({ type: 'ValidationException', message });
  });

  it('reports every violated constraint in one message, as AWS does', () => {
    expect(error({ ...base, BatchSize: 0, ParallelizationFactor: 11 }).message).toBe(
      "2 validation errors detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10",
    );
  });

  it('A-11: reports the enum constraint of FunctionResponseTypes once for the list, however many items break it', () => {
    expect(error({ ...base, FunctionResponseTypes: ['Foo', 'Bar'] })).toEqual({
      type: 'ValidationException',
      message: "2 validation errors detected: Value '[Foo, Bar]' at 'functionResponseTypes' failed to satisfy constraint: Member must have length less than or equal to 1; "
        + "Value '[Foo, Bar]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]",
    });
  });

  it('rejects an empty FunctionName with the SDK\'s length message', () => {
    expect(error({ ...base, FunctionName: '' })).toEqual({ type: 'ValidationException', message: 'Invalid length for parameter FunctionName, value: 0, valid min length: 1' });
  });

  it('A-19: rejects an EventSourceArn that is no ARN with the API\'s pattern, counted with the other constraint violations', () => {
    const pattern = String.raw`arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`;
    expect(error({ ...base, EventSourceArn: 'garbage' })).toEqual({
      type: 'ValidationException',
      message: `1 validation error detected: Value 'garbage' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
    });
    expect(error({ ...base, EventSourceArn: 'arn:aws:kinesis:us-east-1:12345:stream/s', BatchSize: 0 }).message).toBe(
      `2 validation errors detected: Value 'arn:aws:kinesis:us-east-1:12345:stream/s' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}; `
      + "Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(validateEsmConfig({ ...base, EventSourceArn: 'arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s' }, NOW).ok).toBe(true);
  });

  it.each([
    ['A-7 MaximumRecordAgeInSeconds 30', { MaximumRecordAgeInSeconds: 30 }, 'MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)'],
    ['A-7 MaximumRecordAgeInSeconds 0', { MaximumRecordAgeInSeconds: 0 }, 'MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)'],
    ['A-4 missing StartingPosition', { StartingPosition: undefined }, "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null."],
    ['A-12 OnSuccess', { DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:123456789012:q' } } }, 'Unsupported DestinationConfig parameter for given event source mapping type.'],
    ['A-19 no EventSourceArn', { EventSourceArn: undefined }, 'Unrecognized event source.'],
    ['A-5 timestamp in the future', { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: NOW / 1000 + 60 }, 'StartingPositionTimestamp cannot be in the future.'],
  ])('%s is an InvalidParameterValueException with AWS message', (_name, patch, message) => {
    expect(error({ ...base, ...patch })).toEqual({ type: 'InvalidParameterValueException', message });
  });

  it('A-4: AT_TIMESTAMP is rejected for a DynamoDB stream with its ARN in the message', () => {
    const ddb = 'arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2026-01-01T00:00:00.000';
    expect(error({ EventSourceArn: ddb, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1 }).message).toBe(`Unsupported starting position for arn type: ${ddb}`);
  });

  it.each(['aws-cn', 'aws-us-gov'])('A-4: AT_TIMESTAMP is rejected for a DynamoDB stream in the %s partition too', (partition) => {
    const ddb = `arn:${partition}:dynamodb:cn-north-1:123456789012:table/T/stream/2026-01-01T00:00:00.000`;
    expect(error({ EventSourceArn: ddb, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1 })).toEqual({ type: 'InvalidParameterValueException', message: `Unsupported starting position for arn type: ${ddb}` });
  });

  it('A-6/A-7: accepts the boundary values -1, 0, 10000, 60 and 604800', () => {
    for (const patch of [{ MaximumRetryAttempts: -1 }, { MaximumRetryAttempts: 0 }, { MaximumRetryAttempts: 10000 }, { MaximumRecordAgeInSeconds: 60 }, { MaximumRecordAgeInSeconds: 604800 }]) {
      expect(validateEsmConfig({ ...base, ...patch }, NOW).ok).toBe(true);
    }
  });

  it('A-12: rejects a FIFO queue, accepts SQS, SNS and S3 destinations', () => {
    const ok = (d: string) => validateEsmConfig({ ...base, DestinationConfig: { OnFailure: { Destination: d } } }, NOW).ok;
    expect(ok('arn:aws:sqs:us-east-1:123456789012:dlq')).toBe(true);
    expect(ok('arn:aws:sns:us-east-1:123456789012:topic')).toBe(true);
    expect(ok('arn:aws:s3:::my-bucket')).toBe(true);
    expect(ok('arn:aws:sqs:us-east-1:123456789012:dlq.fifo')).toBe(false);
  });

  it('rejects unknown parameters and wrong types without throwing', () => {
    expect(error({ ...base, BatchSise: 5 } as EsmRequest).message).toMatch(/^Unknown parameter in input: "BatchSise"/);
    expect(error({ ...base, BatchSize: '5' as unknown as number }).message).toBe("Invalid type for parameter BatchSize, value: \"5\", type: string, valid types: <class 'int'>");
  });

  it('rejects strings, lists and objects of the wrong type instead of failing on them later or dropping them', () => {
    expect(error({ ...base, FunctionResponseTypes: 'ReportBatchItemFailures' as never }).message).toMatch(/^Invalid type for parameter FunctionResponseTypes, value: "ReportBatchItemFailures", type: string/);
    expect(error({ ...base, FunctionResponseTypes: [5] as never }).message).toMatch(/^Invalid type for parameter FunctionResponseTypes, value: \[5\], type: array/);
    expect(error({ ...base, EventSourceArn: 5 as never }).message).toMatch(/^Invalid type for parameter EventSourceArn, value: 5, type: number/);
    expect(error({ ...base, FunctionName: 7 as never }).message).toMatch(/^Invalid type for parameter FunctionName, value: 7/);
    expect(error({ ...base, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 'now' as never }).message).toMatch(/^Invalid type for parameter StartingPositionTimestamp, value: "now"/);
    expect(error({ ...base, DestinationConfig: 'x' as never }).message).toMatch(/^Invalid type for parameter DestinationConfig, value: "x"/);
    expect(error({ ...base, DestinationConfig: { OnFailure: 'arn:aws:sqs:us-east-1:123456789012:q' as never } }).message).toMatch(/^Invalid type for parameter DestinationConfig\.OnFailure, value: "arn/);
    expect(error({ ...base, DestinationConfig: { OnFailure: { Destination: 5 as never } } }).message).toMatch(/^Invalid type for parameter DestinationConfig\.OnFailure\.Destination, value: 5/);
  });

  it.each([
    ['a mistyped Destination', { DestinationConfig: { OnFailure: { Destinaton: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } }, 'Unknown parameter in DestinationConfig.OnFailure: "Destinaton", must be one of: Destination'],
    ['a mistyped OnFailure', { DestinationConfig: { OnFaliure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } }, 'Unknown parameter in DestinationConfig: "OnFaliure", must be one of: OnSuccess, OnFailure'],
    ['a mistyped Filters', { FilterCriteria: { Filter: [{ Pattern: '{"data":{"k":[1]}}' }] } }, 'Unknown parameter in FilterCriteria: "Filter", must be one of: Filters'],
    ['an extra key in a filter', { FilterCriteria: { Filters: [{ Pattern: '{"data":{"k":[1]}}' }, { Pattern: '{"data":{"k":[2]}}', Patern: '{"data":{"k":[3]}}' }] } }, 'Unknown parameter in FilterCriteria.Filters[1]: "Patern", must be one of: Pattern'],
  ])('A-12/A-14: rejects %s as the SDK does, instead of silently dropping it', (_name, patch, message) => {
    expect(error({ ...base, ...patch } as EsmRequest)).toEqual({ type: 'ValidationException', message });
  });

  describe('A-14: FilterCriteria', () => {
    const filters = (...patterns: string[]): EsmRequest => ({ ...base, FilterCriteria: { Filters: patterns.map((Pattern) => ({ Pattern })) } });

    it('accepts JSON object patterns and keeps them in the configuration', () => {
      const v = validateEsmConfig(filters('{"data":{"status":["shipped"]}}', '{"data":{"qty":[{"numeric":[">",10]}]}}'), NOW);
      expect(v.ok && v.value.FilterCriteria?.Filters?.map((f) => f.Pattern)).toEqual(['{"data":{"status":["shipped"]}}', '{"data":{"qty":[{"numeric":[">",10]}]}}']);
      expect(validateEsmConfig({ ...base, FilterCriteria: {} }, NOW).ok).toBe(true); // an empty criteria clears the filters
    });

    it('rejects a pattern that is not a JSON object with AWS\'s message', () => {
      for (const bad of ['{data: 1}', '[{"data":1}]', '"data"', 'null']) {
        expect(error(filters(bad))).toEqual({ type: 'InvalidParameterValueException', message: 'Invalid filter pattern definition.' });
      }
    });

    it('rejects a pattern over 4,096 characters with the constraint message naming its position', () => {
      const long = `{"data":{"k":["${'x'.repeat(4090)}"]}}`;
      expect(error(filters('{"data":{"k":[1]}}', long)).message).toMatch(/^1 validation error detected: Value '.*' at 'filterCriteria\.filters\.2\.member\.pattern' failed to satisfy constraint: Member must have length less than or equal to 4096$/);
    });

    it('rejects more than five filters (I-1) and wrong types', () => {
      expect(error(filters(...Array.from({ length: 6 }, (_, i) => `{"data":{"n":[${i}]}}`))).message).toMatch(/6 filters; the quota is 5/);
      expect(error({ ...base, FilterCriteria: 'all' as never }).message).toMatch(/^Invalid type for parameter FilterCriteria, value: "all"/);
      expect(error({ ...base, FilterCriteria: { Filters: [{ Pattern: 7 as never }] } }).message).toMatch(/^Invalid type for parameter FilterCriteria\.Filters\[0\]\.Pattern/);
      expect(error({ ...base, FilterCriteria: { Filters: [null as never] } }).message).toMatch(/^Invalid type for parameter FilterCriteria\.Filters\[0\], value: null/);
      expect(error({ ...base, FilterCriteria: { Filters: [{}] } })).toEqual({ type: 'InvalidParameterValueException', message: 'Invalid filter pattern definition.' });
    });
  });
});
