/**
 * Request parameters of the wrong JSON type: the SDK's parameter-validation
 * error, raised before any range or constraint check (A-1..A-14).
 */
import type { AwsError } from './EsmConfig.ts';

/** Is `value` a JSON object (not null, not a list)? */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The SDK's message for parameter `key` holding `value`, which is not of the `valid` types. */
export function typeError(key: string, value: unknown, valid: string): AwsError {
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return { type: 'ValidationException', message: `Invalid type for parameter ${key}, value: ${shown}, type: ${type}, valid types: ${valid}` };
}
