/**
 * Event source mapping configuration for stream sources: AWS's parameters,
 * ranges, defaults and error messages (A-1..A-14, A-16).
 *
 * `validateEsmConfig` takes a CreateEventSourceMapping request (AWS's
 * PascalCase keys) and returns either the normalised configuration, with
 * AWS's defaults filled in, or the error AWS would return.
 */

import { filterCriteriaError, type FilterCriteria } from './FilterCriteria.ts';
import { isObject, typeError, unknownKeyError } from './ParameterTypes.ts';
import { sourceKindOf } from './StreamSource.ts';

/** Where reading starts (C-1, A-4). */
export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

/** A CreateEventSourceMapping request for a stream source, as a user writes it. */
export interface EsmRequest {
  readonly EventSourceArn?: string;
  readonly FunctionName?: string;
  readonly BatchSize?: number;
  readonly MaximumBatchingWindowInSeconds?: number;
  readonly StartingPosition?: string;
  /** Unix seconds. */
  readonly StartingPositionTimestamp?: number;
  readonly MaximumRetryAttempts?: number;
  readonly MaximumRecordAgeInSeconds?: number;
  readonly BisectBatchOnFunctionError?: boolean;
  readonly ParallelizationFactor?: number;
  readonly TumblingWindowInSeconds?: number;
  readonly FunctionResponseTypes?: readonly string[];
  readonly DestinationConfig?: { readonly OnFailure?: { readonly Destination?: string }; readonly OnSuccess?: unknown };
  readonly Enabled?: boolean;
  /** A-14, I: records that match none of the filters are never delivered. */
  readonly FilterCriteria?: FilterCriteria;
  /** the KMS key that encrypts the filter criteria. Validated, then ignored: it changes no delivery. */
  readonly KMSKeyArn?: string;
  /** The mapping's tags. Validated, then ignored: they change no delivery. */
  readonly Tags?: Readonly<Record<string, string>>;
  /** CloudWatch metrics the mapping produces. Validated, then ignored: they change no delivery. */
  readonly MetricsConfig?: { readonly Metrics?: readonly string[] };
}

/** The normalised configuration the model runs with. */
export interface EsmConfig {
  readonly EventSourceArn: string;
  readonly FunctionName: string;
  readonly BatchSize: number;
  readonly MaximumBatchingWindowInSeconds: number;
  readonly StartingPosition: StartingPosition;
  readonly StartingPositionTimestamp?: number;
  readonly MaximumRetryAttempts: number;
  readonly MaximumRecordAgeInSeconds: number;
  readonly BisectBatchOnFunctionError: boolean;
  readonly ParallelizationFactor: number;
  readonly TumblingWindowInSeconds: number;
  readonly FunctionResponseTypes: readonly 'ReportBatchItemFailures'[];
  readonly DestinationConfig: { readonly OnFailure: { readonly Destination?: string } };
  readonly Enabled: boolean;
  /** Present when the request gave it. */
  readonly FilterCriteria?: FilterCriteria;
}

/** An error as the Lambda API returns it. */
export interface AwsError {
  readonly type: 'InvalidParameterValueException' | 'ValidationException' | 'ResourceConflictException' | 'ResourceNotFoundException';
  readonly message: string;
}

/** Result of validation. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AwsError };

const KNOWN_KEYS = [
  'EventSourceArn', 'FunctionName', 'BatchSize', 'MaximumBatchingWindowInSeconds', 'StartingPosition',
  'StartingPositionTimestamp', 'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError',
  'ParallelizationFactor', 'TumblingWindowInSeconds', 'FunctionResponseTypes', 'DestinationConfig', 'Enabled', 'FilterCriteria',
  'KMSKeyArn', 'Tags', 'MetricsConfig',
];

/** MetricsConfig.Metrics's enum (the API's EventSourceMappingMetric). */
const METRICS = ['EventCount', 'ErrorCount', 'KafkaMetrics'];

/** Integer parameters with their API ranges; the camelCase name is what AWS's messages use. */
const RANGES: ReadonlyArray<readonly [keyof EsmRequest, string, number, number]> = [
  ['BatchSize', 'batchSize', 1, 10000],
  ['MaximumBatchingWindowInSeconds', 'maximumBatchingWindowInSeconds', 0, 300],
  ['MaximumRetryAttempts', 'maximumRetryAttempts', -1, 10000],
  ['MaximumRecordAgeInSeconds', 'maximumRecordAgeInSeconds', -1, 604800],
  ['ParallelizationFactor', 'parallelizationFactor', 1, 10],
  ['TumblingWindowInSeconds', 'tumblingWindowInSeconds', 0, 900],
];

const STARTING_POSITIONS = ['LATEST', 'AT_TIMESTAMP', 'TRIM_HORIZON'];

/** The API's pattern for EventSourceArn, as its messages quote it; Coral matches it against the whole value. */
const EVENT_SOURCE_ARN_PATTERN = String.raw`arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`;
const EVENT_SOURCE_ARN = new RegExp(`^(?:${EVENT_SOURCE_ARN_PATTERN})$`);

/**
 * Validate a request against AWS's rules for a Kinesis (or DynamoDB) source.
 * `nowMs` is the virtual time, for the "timestamp in the future" rule.
 */
export function validateEsmConfig(request: EsmRequest, nowMs: number): Validated<EsmConfig> {
  const shapeError = unknownKeyError('input', request as Record<string, unknown>, KNOWN_KEYS) ?? checkTypes(request) ?? (request.FilterCriteria !== undefined ? filterCriteriaError(request.FilterCriteria) : undefined);
  if (shapeError) return { ok: false, error: shapeError };
  if (!request.EventSourceArn) return fail('InvalidParameterValueException', 'Unrecognized event source.');
  const constraint = rangeErrors(request);
  if (constraint) return { ok: false, error: constraint };
  return validateSemantics(request, nowMs);
}

function validateSemantics(r: EsmRequest, nowMs: number): Validated<EsmConfig> {
  const arn = r.EventSourceArn!;
  if (r.StartingPosition === undefined) {
    return fail('InvalidParameterValueException', "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  }
  if (r.StartingPosition === 'AT_TIMESTAMP' && sourceKindOf(arn) === 'dynamodb') {
    return fail('InvalidParameterValueException', `Unsupported starting position for arn type: ${arn}`);
  }
  const age = r.MaximumRecordAgeInSeconds;
  if (age !== undefined && age !== -1 && age < 60) {
    return fail('InvalidParameterValueException', 'MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)');
  }
  if (r.StartingPosition === 'AT_TIMESTAMP') {
    if (r.StartingPositionTimestamp === undefined) return fail('InvalidParameterValueException', 'StartingPositionTimestamp must be provided if StartingPosition is AT_TIMESTAMP.');
    if (r.StartingPositionTimestamp * 1000 > nowMs) return fail('InvalidParameterValueException', 'StartingPositionTimestamp cannot be in the future.');
  } else if (r.StartingPositionTimestamp !== undefined) {
    return fail('InvalidParameterValueException', 'StartingPositionTimestamp can only be provided if StartingPosition is AT_TIMESTAMP.');
  }
  if (r.DestinationConfig?.OnSuccess !== undefined) {
    return fail('InvalidParameterValueException', 'Unsupported DestinationConfig parameter for given event source mapping type.');
  }
  const destinationError = checkDestination(r.DestinationConfig?.OnFailure?.Destination);
  if (destinationError) return { ok: false, error: destinationError };
  return { ok: true, value: withDefaults(r) };
}

function withDefaults(r: EsmRequest): EsmConfig {
  const destination = r.DestinationConfig?.OnFailure?.Destination;
  return {
    EventSourceArn: r.EventSourceArn!,
    FunctionName: r.FunctionName ?? 'arn:aws:lambda:us-east-1:123456789012:function:under-test',
    BatchSize: r.BatchSize ?? 100,
    MaximumBatchingWindowInSeconds: r.MaximumBatchingWindowInSeconds ?? 0,
    StartingPosition: r.StartingPosition as StartingPosition,
    ...(r.StartingPositionTimestamp !== undefined ? { StartingPositionTimestamp: r.StartingPositionTimestamp } : {}),
    MaximumRetryAttempts: r.MaximumRetryAttempts ?? -1,
    MaximumRecordAgeInSeconds: r.MaximumRecordAgeInSeconds ?? -1,
    BisectBatchOnFunctionError: r.BisectBatchOnFunctionError ?? false,
    ParallelizationFactor: r.ParallelizationFactor ?? 1,
    TumblingWindowInSeconds: r.TumblingWindowInSeconds ?? 0,
    FunctionResponseTypes: (r.FunctionResponseTypes ?? []) as readonly 'ReportBatchItemFailures'[],
    DestinationConfig: { OnFailure: destination ? { Destination: destination } : {} },
    Enabled: r.Enabled ?? true,
    ...(r.FilterCriteria !== undefined ? { FilterCriteria: r.FilterCriteria } : {}),
  };
}

function checkTypes(r: EsmRequest): AwsError | undefined {
  for (const [key, , ,] of RANGES) {
    const v = r[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) return typeError(key, v, "<class 'int'>");
  }
  for (const key of ['BisectBatchOnFunctionError', 'Enabled'] as const) {
    const v = r[key];
    if (v !== undefined && typeof v !== 'boolean') return typeError(key, v, "<class 'bool'>");
  }
  for (const key of ['EventSourceArn', 'FunctionName', 'StartingPosition', 'KMSKeyArn'] as const) {
    const v: unknown = r[key];
    if (v !== undefined && typeof v !== 'string') return typeError(key, v, "<class 'str'>");
  }
  if (r.FunctionName === '') return { type: 'ValidationException', message: 'Invalid length for parameter FunctionName, value: 0, valid min length: 1' };
  const at: unknown = r.StartingPositionTimestamp;
  if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) return typeError('StartingPositionTimestamp', at, 'a number of Unix seconds');
  const types: unknown = r.FunctionResponseTypes;
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))) return typeError('FunctionResponseTypes', types, "<class 'list'> of <class 'str'>");
  return destinationTypes(r.DestinationConfig) ?? tagTypes(r.Tags) ?? metricsTypes(r.MetricsConfig);
}

/** Tags: a map of string to string, as the SDK checks it. */
function tagTypes(tags: unknown): AwsError | undefined {
  if (tags === undefined) return undefined;
  if (!isObject(tags)) return typeError('Tags', tags, "<class 'dict'>");
  const bad = Object.entries(tags).find(([, v]) => typeof v !== 'string');
  return bad ? typeError(`Tags.${bad[0]}`, bad[1], "<class 'str'>") : undefined;
}

/** MetricsConfig: `{"Metrics": ["EventCount", ...]}`, as the SDK checks it (the enum is the API's, in `rangeErrors`). */
function metricsTypes(config: unknown): AwsError | undefined {
  if (config === undefined) return undefined;
  if (!isObject(config)) return typeError('MetricsConfig', config, "<class 'dict'>");
  const unknown = unknownKeyError('MetricsConfig', config, ['Metrics']);
  const metrics = config['Metrics'];
  if (unknown || metrics === undefined) return unknown;
  if (!Array.isArray(metrics)) return typeError('MetricsConfig.Metrics', metrics, "<class 'list'>, <class 'tuple'>");
  const i = metrics.findIndex((m) => typeof m !== 'string');
  return i >= 0 ? typeError(`MetricsConfig.Metrics[${i}]`, metrics[i], "<class 'str'>") : undefined;
}

/**
 * DestinationConfig is `{"OnFailure": {"Destination": "<arn>"}}`; any
 * other shape, or an unknown key such as a mistyped `Destinaton`, is
 * rejected as the SDK does, not silently dropped.
 */
function destinationTypes(config: unknown): AwsError | undefined {
  if (config === undefined) return undefined;
  if (!isObject(config)) return typeError('DestinationConfig', config, "<class 'dict'>");
  return unknownKeyError('DestinationConfig', config, ['OnSuccess', 'OnFailure'])
    ?? onDestinationTypes('DestinationConfig.OnSuccess', config['OnSuccess'])
    ?? onDestinationTypes('DestinationConfig.OnFailure', config['OnFailure']);
}

/** An OnSuccess or OnFailure structure (at `path`): `{"Destination": "<arn>"}`. */
function onDestinationTypes(path: string, value: unknown): AwsError | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return typeError(path, value, "<class 'dict'>");
  const arn = value['Destination'];
  return unknownKeyError(path, value, ['Destination'])
    ?? (arn === undefined || typeof arn === 'string' ? undefined : typeError(`${path}.Destination`, arn, "<class 'str'>"));
}

/** AWS's Coral-style constraint message, all violations in one (A-1..A-11). */
function rangeErrors(r: EsmRequest): AwsError | undefined {
  const problems: string[] = [];
  if (r.EventSourceArn !== undefined && !EVENT_SOURCE_ARN.test(r.EventSourceArn)) {
    problems.push(`Value '${r.EventSourceArn}' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${EVENT_SOURCE_ARN_PATTERN}`);
  }
  if (r.StartingPosition !== undefined && !STARTING_POSITIONS.includes(r.StartingPosition)) {
    problems.push(`Value '${r.StartingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [${STARTING_POSITIONS.join(', ')}]`);
  }
  for (const [key, name, min, max] of RANGES) {
    const v = r[key] as number | undefined;
    if (v === undefined) continue;
    if (v < min) problems.push(`Value '${v}' at '${name}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
    if (v > max) problems.push(`Value '${v}' at '${name}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  problems.push(...listProblems(r.FunctionResponseTypes, 'functionResponseTypes', 1, ['ReportBatchItemFailures']));
  problems.push(...listProblems(r.MetricsConfig?.Metrics, 'metricsConfig.metrics', METRICS.length, METRICS));
  if (problems.length === 0) return undefined;
  const count = problems.length === 1 ? '1 validation error detected' : `${problems.length} validation errors detected`;
  return { type: 'ValidationException', message: `${count}: ${problems.join('; ')}` };
}

/**
 * A list parameter's length and enum constraints. The enum is one
 * constraint on the list: reported once, however many items break it.
 */
function listProblems(values: readonly string[] | undefined, name: string, max: number, allowed: readonly string[]): string[] {
  if (values === undefined) return [];
  const shown = `Value '[${values.join(', ')}]' at '${name}' failed to satisfy constraint: Member must`;
  return [
    ...(values.length > max ? [`${shown} have length less than or equal to ${max}`] : []),
    ...(values.some((v) => !allowed.includes(v)) ? [`${shown} satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`] : []),
  ];
}

/** OnFailure destination: an SQS queue, SNS topic or S3 bucket ARN, at most 350 characters. */
function checkDestination(arn: string | undefined): AwsError | undefined {
  if (arn === undefined) return undefined;
  if (arn.length > 350) {
    return { type: 'ValidationException', message: `1 validation error detected: Value '${arn}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must have length less than or equal to 350` };
  }
  if (destinationKind(arn) === undefined) {
    return { type: 'InvalidParameterValueException', message: 'The provided destination config DestinationType is invalid.' };
  }
  return undefined;
}

/** The kind of an on-failure destination ARN, if supported for streams. */
export function destinationKind(arn: string): 'sqs' | 'sns' | 's3' | undefined {
  if (/^arn:aws[\w-]*:sqs:[\w-]+:\d{12}:[\w-]+$/.test(arn)) return arn.endsWith('.fifo') ? undefined : 'sqs';
  if (/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/.test(arn)) return arn.endsWith('.fifo') ? undefined : 'sns';
  if (/^arn:aws[\w-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(arn)) return 's3';
  return undefined;
}

function fail(type: AwsError['type'], message: string): Validated<never> {
  return { ok: false, error: { type, message } };
}

/** A normalised configuration as the request that produces it (the destination only when set). */
export function requestOf(c: EsmConfig): EsmRequest {
  const { DestinationConfig, ...rest } = c;
  return { ...rest, ...(DestinationConfig.OnFailure.Destination ? { DestinationConfig } : {}) };
}
