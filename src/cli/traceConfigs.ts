/**
 * The configuration a foreign trace is judged under (check-trace). A trace of
 * one mapping is judged under the one CreateEventSourceMapping request given.
 * A trace of several mappings on one stream (C-3: their events carry the
 * mapping's UUID) is judged mapping by mapping, each on its own events and
 * the stream's, under its own configuration: the config file then holds
 * either one request, which every mapping ran with, or an object from each
 * mapping's UUID to its request. Judging several mappings' events as one
 * mapping's would report their duplicate deliveries and overlapping batches
 * as violations.
 */
import { ownEvents } from '../check/index.ts';
import { validateEsmConfig, type EsmConfig } from '../esm/EsmConfig.ts';
import { outsideModel } from '../esm/ModelScope.ts';
import { InputError } from '../run/InputError.ts';
import type { StartEvent, TraceEvent } from '../trace/TraceEvent.ts';

/** One mapping's part of a trace and the configuration it is judged under. */
export interface TraceView {
  /** The mapping's UUID, when the trace names mappings. */
  readonly mapping?: string;
  readonly trace: readonly TraceEvent[];
  readonly config: EsmConfig;
}

/** The mappings a trace names (its events' `mapping`), in order of first mention. */
export function mappingsOf(trace: readonly TraceEvent[]): string[] {
  const seen = new Set<string>();
  for (const e of trace) {
    const mapping = (e as { readonly mapping?: string }).mapping;
    if (mapping !== undefined) seen.add(mapping);
  }
  return [...seen];
}

/** Split `trace` into the views to check, validating the config file's request(s) (`file` names it in errors). */
export function traceViews(trace: readonly TraceEvent[], request: unknown, file: string): TraceView[] {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) throw new InputError(`${file}: must be a JSON object: a CreateEventSourceMapping request, or one per mapping UUID`);
  const mappings = mappingsOf(trace);
  const perMapping = isPerMapping(request as Record<string, unknown>, mappings);
  if (mappings.length === 0) {
    if (perMapping) throw new InputError(`${file}: requests are keyed by mapping UUID, but the trace names no mapping (its events carry no "mapping")`);
    return [{ trace, config: validated(request, trace, file) }];
  }
  if (perMapping) {
    const missing = mappings.filter((m) => !(m in request));
    const unknown = Object.keys(request).filter((k) => !mappings.includes(k));
    if (missing.length > 0) throw new InputError(`${file}: no request for mapping ${missing.join(', ')} (the trace names ${mappings.join(', ')})`);
    if (unknown.length > 0) throw new InputError(`${file}: mapping ${unknown.join(', ')} does not appear in the trace (it names ${mappings.join(', ')})`);
  }
  return mappings.map((mapping) => {
    const own = ownEvents(trace, mapping);
    const given = perMapping ? (request as Record<string, unknown>)[mapping] : request;
    return { mapping, trace: own, config: validated(given, own, perMapping ? `${file} (mapping ${mapping})` : file) };
  });
}

/** Keyed by mapping UUID: the trace names mappings, and every key is one of them. */
function isPerMapping(request: Record<string, unknown>, mappings: readonly string[]): boolean {
  const keys = Object.keys(request);
  return keys.length > 0 && keys.every((k) => mappings.includes(k) || UUID.test(k));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validate one request with AWS's rules; EventSourceArn defaults to the stream the mapping started on. */
function validated(request: unknown, trace: readonly TraceEvent[], where: string): EsmConfig {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) throw new InputError(`${where}: must be a CreateEventSourceMapping request (a JSON object)`);
  const start = trace.find((e): e is StartEvent => e.type === 'start');
  const result = validateEsmConfig({ EventSourceArn: start?.streamArn, ...(request as object) }, trace[trace.length - 1]?.t ?? 0);
  if (!result.ok) throw new InputError(`${where}: ${result.error.type}: ${result.error.message}`);
  const outside = outsideModel(result.value);
  if (outside !== undefined) throw new InputError(`${where}: valid for AWS, but the checkers cannot judge it: ${outside}`);
  return result.value;
}
