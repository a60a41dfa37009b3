import { describe, expect, it } from 'vitest';
import { sourceKindOf } from './StreamSource.ts';

describe('sourceKindOf', () => {
  it.each([
    ['arn:aws:kinesis:us-east-1:123456789012:stream/s', 'kinesis'],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026-01-01T00:00:00.000', 'dynamodb'],
    ['arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t/stream/2026-01-01T00:00:00.000', 'dynamodb'],
    ['arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/t/stream/2026-01-01T00:00:00.000', 'dynamodb'],
    ['arn:aws-cn:kinesis:cn-north-1:123456789012:stream/dynamodb', 'kinesis'],
  ])('%s is a %s source', (arn, kind) => {
    expect(sourceKindOf(arn)).toBe(kind);
  });
});
