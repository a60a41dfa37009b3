/**
 * FilterCriteria as CreateEventSourceMapping takes it (A-14, I-1, I-7):
 * `{"Filters": [{"Pattern": "<JSON>"}]}`, each pattern at most 4,096
 * characters and a valid pattern (FilterPattern.ts), at most five filters
 * (the default quota). A mapping with filters delivers only the records that
 * match one of them (I-1, I-3).
 */
import type { AwsError } from './EsmConfig.ts';
import { anyPattern, compilePattern, type FilterPattern } from './FilterPattern.ts';
import { isObject, typeError, unknownKeyError } from './ParameterTypes.ts';

/** A request's FilterCriteria. */
export interface FilterCriteria {
  readonly Filters?: ReadonlyArray<{ readonly Pattern?: string }>;
}

/** Filters per mapping under the default quota (I-1; a quota increase allows 10). */
export const MAX_FILTERS = 5;
const MAX_PATTERN_LENGTH = 4096;

/** The error AWS returns for `criteria`, if any. */
export function filterCriteriaError(criteria: unknown): AwsError | undefined {
  if (!isObject(criteria)) return typeError('FilterCriteria', criteria, "<class 'dict'>");
  const unknown = unknownKeyError('FilterCriteria', criteria, ['Filters']);
  if (unknown) return unknown;
  const filters = (criteria as FilterCriteria).Filters;
  if (filters === undefined) return undefined;
  if (!Array.isArray(filters)) return typeError('FilterCriteria.Filters', filters, "<class 'list'>, <class 'tuple'>");
  // Model decision: AWS's wording for too many filters is not recorded (A-14); the limit is I-1's.
  if (filters.length > MAX_FILTERS) return { type: 'InvalidParameterValueException', message: `FilterCriteria holds ${filters.length} filters; the quota is ${MAX_FILTERS} per event source mapping.` };
  for (let i = 0; i < filters.length; i++) {
    const error = filterError(filters[i], i);
    if (error) return error;
  }
  return undefined;
}

/** The error for the `i`-th filter, `{"Pattern": "<JSON>"}`, if any. */
function filterError(filter: unknown, i: number): AwsError | undefined {
  if (!isObject(filter)) return typeError(`FilterCriteria.Filters[${i}]`, filter, "<class 'dict'>");
  const extra = unknownKeyError(`FilterCriteria.Filters[${i}]`, filter, ['Pattern']);
  if (extra) return extra;
  const pattern = filter['Pattern'];
  if (pattern === undefined) return { type: 'InvalidParameterValueException', message: 'Invalid filter pattern definition.' };
  if (typeof pattern !== 'string') return typeError(`FilterCriteria.Filters[${i}].Pattern`, pattern, "<class 'str'>");
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { type: 'ValidationException', message: `1 validation error detected: Value '${pattern}' at 'filterCriteria.filters.${i + 1}.member.pattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN_LENGTH}` };
  }
  return compilePattern(pattern) === undefined ? { type: 'InvalidParameterValueException', message: 'Invalid filter pattern definition.' } : undefined;
}

/** Does the criteria hold at least one filter? */
export function hasFilters(criteria: FilterCriteria | undefined): boolean {
  return (criteria?.Filters?.length ?? 0) > 0;
}

/** The mapping's filter (its patterns ORed), or undefined when it has none: every record is delivered. Criteria must be valid. */
export function compileFilter(criteria: FilterCriteria | undefined): FilterPattern | undefined {
  const patterns = (criteria?.Filters ?? []).map((f) => compilePattern(f.Pattern ?? '{}')!);
  return patterns.length > 0 ? anyPattern(patterns) : undefined;
}
