/**
 * JSON Schema validation (ajv + ajv-formats) with errors a person can act on:
 * the JSON pointer of the offending value and the reason.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft7 from 'ajv';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** One schema violation: where, and why. */
export interface SchemaProblem {
  /** JSON pointer into the document, `/` for the root. */
  readonly pointer: string;
  readonly reason: string;
}

// verbose: each error carries the schema it failed, so a `not` can say what it forbids.
const draft7 = new (AjvDraft7 as unknown as typeof AjvDraft7.default)({ allErrors: true, strict: false, verbose: true });
(addFormats as unknown as typeof addFormats.default)(draft7);
const draft2020 = new Ajv2020({ allErrors: true, strict: false, verbose: true });
(addFormats as unknown as typeof addFormats.default)(draft2020);

/** Compile a schema (draft-07 or 2020-12, by its `$schema`). */
export function compileSchema(schema: object): ValidateFunction {
  const is2020 = String((schema as { $schema?: string }).$schema ?? '').includes('2020-12');
  return (is2020 ? draft2020 : draft7).compile(schema);
}

/** Validate, returning the problems (empty when valid). */
export function problemsOf(validate: ValidateFunction, value: unknown): SchemaProblem[] {
  if (validate(value)) return [];
  // An `if` error ('must match "else" schema') only sums up the errors of its branch, which are listed too.
  return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(toProblem);
}

function toProblem(e: ErrorObject): SchemaProblem {
  const pointer = e.instancePath === '' ? '/' : e.instancePath;
  const forbidden = e.keyword === 'not' ? (e.schema as { required?: unknown } | undefined)?.required : undefined;
  if (Array.isArray(forbidden) && forbidden.length > 1) return { pointer, reason: `must not have ${forbidden.map((k) => `"${k}"`).join(' and ')} together` };
  if (e.keyword === 'additionalProperties') return { pointer, reason: `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"` };
  if (e.keyword === 'enum') return { pointer, reason: `${e.message}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` };
  return { pointer, reason: e.message ?? e.keyword };
}
