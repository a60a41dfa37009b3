/**
 * Request parameters of the wrong JSON type or unknown name: the SDK's
 * parameter-validation errors, raised client-side before any range or
 * constraint check (A-1..A-14).
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

/** The SDK's message for `key`, which is not a member of the structure at `path` (`input` for the request itself). */
export function unknownParameter(path: string, key: string, members: readonly string[]): AwsError {
  return { type: 'ValidationException', message: `Unknown parameter in ${path}: "${key}", must be one of: ${members.join(', ')}` };
}

/** The SDK's error for the first key of `value` (the structure at `path`) that is not one of `members`, if any. */
export function unknownKeyError(path: string, value: Record<string, unknown>, members: readonly string[]): AwsError | undefined {
  const unknown = Object.keys(value).find((k) => !members.includes(k));
  return unknown === undefined ? undefined : unknownParameter(path, unknown, members);
}
