/**
 * Reading a JSON-lines trace written by another implementation: every line
 * parsed and validated against the published schema; problems reported with
 * line number, JSON pointer and reason.
 */
import schema from '../schema/trace-event.schema.json' with { type: 'json' };
import { compileSchema, problemsOf } from '../schema/validator.ts';
import { InputError } from '../run/InputError.ts';
import type { TraceEvent } from './TraceEvent.ts';

/** One validator per event type: errors then speak of the event's own shape, not every branch. */
const validators = new Map(
  schema.oneOf.map((branch) => [
    (branch.properties.type as { const: string }).const,
    compileSchema({ $schema: schema.$schema, definitions: schema.definitions, type: 'object', ...branch }),
  ]),
);
const TYPES = [...validators.keys()].join(', ');

/** Parse and validate a JSON-lines trace; throws InputError listing the first problems. */
export function parseTrace(text: string, source = 'trace'): TraceEvent[] {
  const events: TraceEvent[] = [];
  /** The line each event came from (blank lines are skipped). */
  const lines: number[] = [];
  const problems: string[] = [];
  // A byte order mark, as some Windows tools write one, is not part of the first event.
  text.replace(/^\uFEFF/, '').split('\n').forEach((line, i) => {
    if (line.trim() === '' || problems.length >= 10) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push(`${source}:${i + 1}: not JSON (${(err as Error).message})`);
      return;
    }
    const problem = problemOf(value);
    if (problem) problems.push(`${source}:${i + 1}: ${problem}`);
    else {
      events.push(value as TraceEvent);
      lines.push(i + 1);
    }
  });
  if (problems.length > 0) throw new InputError(`invalid trace:\n  ${problems.join('\n  ')}`);
  if (events.length === 0) throw new InputError(`invalid trace: ${source} has no events (one JSON object per line)`);
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.t < events[i - 1]!.t) throw new InputError(`invalid trace: ${source}:${lines[i]}: the event (t=${events[i]!.t}) is earlier than the one before it, on line ${lines[i - 1]} (t=${events[i - 1]!.t}); traces are in time order`);
  }
  return events;
}

function problemOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `must be a JSON object, one event per line (got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)})`;
  const type = (value as { type?: unknown } | null)?.type;
  const validate = typeof type === 'string' ? validators.get(type) : undefined;
  if (!validate) return `at /type: must be one of ${TYPES} (got ${JSON.stringify(type)})`;
  const first = problemsOf(validate, value)[0];
  return first ? `"${type}" event: at ${first.pointer}: ${first.reason}` : undefined;
}
