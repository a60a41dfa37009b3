/**
 * The published schemas of on-failure records, per source (F-1, F-2): the
 * Kinesis one, and the DynamoDB one derived from it, which differs only in
 * its batch-info key, whole-second arrival times, 21-40 digit sequence
 * numbers and a DynamoDB stream ARN.
 */
import kinesisSchema from '../schema/on-failure-kinesis.schema.json' with { type: 'json' };
import type { SourceKind } from '../esm/StreamSource.ts';
import { compileSchema } from '../schema/validator.ts';

type Json = Record<string, unknown>;

/** The DynamoDB variant of the on-failure schema. */
export function dynamoDbOnFailureSchema(): Json {
  const schema = structuredClone(kinesisSchema) as Json;
  const props = schema['properties'] as Json;
  const info = structuredClone(props['KinesisBatchInfo']) as { properties: Record<string, Json> };
  const seconds = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$' };
  const seq = { type: 'string', pattern: '^\\d{21,40}$' };
  Object.assign(info.properties, {
    approximateArrivalOfFirstRecord: seconds, approximateArrivalOfLastRecord: seconds,
    startSequenceNumber: seq, endSequenceNumber: seq,
    streamArn: { type: 'string', pattern: '^arn:aws[\\w-]*:dynamodb:[\\w-]+:\\d{12}:table/[^/]+/stream/' },
  });
  delete props['KinesisBatchInfo'];
  props['DDBStreamBatchInfo'] = info;
  schema['required'] = (schema['required'] as string[]).map((k) => (k === 'KinesisBatchInfo' ? 'DDBStreamBatchInfo' : k));
  schema['$id'] = 'https://streamcheck.dev/schema/on-failure-dynamodb.json';
  schema['title'] = 'DynamoDB event source mapping on-failure record (F-1, F-2, F-4, F-5)';
  return schema;
}

const validators = { kinesis: compileSchema(kinesisSchema), dynamodb: compileSchema(dynamoDbOnFailureSchema()) };

/** The validator of a source's on-failure records. */
export function onFailureValidator(kind: SourceKind) {
  return validators[kind];
}
