/**
 * What a poller handed the harness, or threw at it, shown in a fault's
 * sentence: a value as short JSON (or what it is when it has no JSON: a
 * function, a BigInt, a cycle), an error as its name and message.
 */
import { KinesisServiceError } from '../kinesis/KinesisStream.ts';

/** A value as a short line of JSON, or its kind. */
export function preview(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (value === undefined) return 'undefined (missing)';
  if (text === undefined) return typeof value === 'bigint' ? `${value}n` : `${typeof value === 'object' ? 'an' : 'a'} ${typeof value} with no JSON`;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** An error as one line: the service's error code or the error's name, and its message. */
export function describeError(err: unknown): string {
  if (err instanceof KinesisServiceError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
