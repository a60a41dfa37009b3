/**
 * A value a poller handed the harness, shown in a fault's sentence: short
 * JSON, or what it is when it has no JSON (a function, a BigInt, a cycle).
 */

/** A value as a short line of JSON, or its kind. */
export function preview(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return typeof value === 'bigint' ? `${value}n` : `a ${typeof value} with no JSON`;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
