/**
 * The Lambda control plane for event source mappings: CreateEventSourceMapping,
 * Get, Update and Delete, with AWS's errors.
 * Each mapping gets a UUID from the run's seeded randomness.
 */
import type { Rng } from '../sim/Rng.ts';
import { requestOf, validateEsmConfig, type AwsError, type EsmConfig, type EsmRequest, type Validated } from './EsmConfig.ts';
import { unknownParameter } from './ParameterTypes.ts';

/** A created mapping. */
export interface MappingRecord {
  readonly uuid: string;
  readonly config: EsmConfig;
}

/** Mappings by UUID, for the event sources that exist. */
export class MappingRegistry {
  private readonly mappings = new Map<string, MappingRecord>();

  constructor(
    private readonly rng: Rng,
    /** ARNs of the streams that exist. */
    private readonly sources: ReadonlySet<string>,
  ) {}

  /** CreateEventSourceMapping: validate, reject a duplicate or a missing stream, assign a UUID. */
  create(request: EsmRequest, nowMs: number): Validated<MappingRecord> {
    const validated = validateEsmConfig(request, nowMs);
    if (!validated.ok) return validated;
    const config = validated.value;
    if (!this.sources.has(config.EventSourceArn)) return fail('InvalidParameterValueException', `Stream not found: ${config.EventSourceArn}`);
    const existing = [...this.mappings.values()].find((m) => m.config.EventSourceArn === config.EventSourceArn && m.config.FunctionName === config.FunctionName);
    if (existing) {
      return fail(
        'ResourceConflictException',
        `The event source arn (" ${config.EventSourceArn} ") and function (" ${config.FunctionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${existing.uuid}`,
      );
    }
    const record = { uuid: this.rng.uuid(), config };
    this.mappings.set(record.uuid, record);
    return { ok: true, value: record };
  }

  /** GetEventSourceMapping (A-19: unknown UUID). */
  get(uuid: string): Validated<MappingRecord> {
    const record = this.mappings.get(uuid);
    return record ? { ok: true, value: record } : notFound();
  }

  /**
   * UpdateEventSourceMapping: the same rules as create, over the merged
   * request (A-20: applied asynchronously by the caller). The starting
   * position is not an update parameter, and is not checked again.
   */
  update(uuid: string, patch: EsmRequest, nowMs: number): Validated<MappingRecord> {
    const record = this.mappings.get(uuid);
    if (!record) return notFound();
    const fixed = createOnlyError(patch);
    if (fixed) return { ok: false, error: fixed };
    const merged = { ...requestOf(record.config), ...patch, EventSourceArn: record.config.EventSourceArn, FunctionName: record.config.FunctionName };
    const validated = validateEsmConfig(merged, Math.max(nowMs, (record.config.StartingPositionTimestamp ?? 0) * 1000));
    if (!validated.ok) return validated;
    const updated = { uuid, config: validated.value };
    this.mappings.set(uuid, updated);
    return { ok: true, value: updated };
  }

  /** DeleteEventSourceMapping (A-19: unknown UUID). */
  delete(uuid: string): Validated<MappingRecord> {
    const record = this.mappings.get(uuid);
    if (!record) return notFound();
    this.mappings.delete(uuid);
    return { ok: true, value: record };
  }
}

/** Parameters only CreateEventSourceMapping takes (tags change through TagResource). */
const CREATE_ONLY = ['EventSourceArn', 'StartingPosition', 'StartingPositionTimestamp', 'Tags'];

/** UpdateEventSourceMapping's parameters (besides UUID), among those the model knows. */
const UPDATE_KEYS = ['FunctionName', 'Enabled', 'BatchSize', 'MaximumBatchingWindowInSeconds', 'DestinationConfig', 'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'ParallelizationFactor', 'TumblingWindowInSeconds', 'FunctionResponseTypes', 'FilterCriteria',
  'KMSKeyArn', 'MetricsConfig'];

/**
 * UpdateEventSourceMapping's error for a parameter only
 * CreateEventSourceMapping takes (A-20: the source and the starting position
 * are fixed at creation), if `changes` holds one.
 */
export function createOnlyError(changes: object): AwsError | undefined {
  const fixed = Object.keys(changes).find((k) => CREATE_ONLY.includes(k));
  return fixed === undefined ? undefined : unknownParameter('input', fixed, ['UUID', ...UPDATE_KEYS]);
}

function notFound(): Validated<never> {
  return fail('ResourceNotFoundException', 'The resource you requested does not exist.');
}

function fail(type: AwsError['type'], message: string): Validated<never> {
  return { ok: false, error: { type, message } };
}
