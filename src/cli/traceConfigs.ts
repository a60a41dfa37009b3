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
import { mappingOf, mappingViews, ownEvents } from '../check/index.ts';
import { requestOf, validateEsmConfig, type EsmConfig, type EsmRequest, type Validated } from '../esm/EsmConfig.ts';
import { createOnlyError } from '../esm/MappingRegistry.ts';
import { outsideModel } from '../esm/ModelScope.ts';
import { isObject } from '../esm/ParameterTypes.ts';
import { InputError } from '../run/InputError.ts';
import { UUID_PATTERN } from '../sim/Rng.ts';
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
    const mapping = mappingOf(e);
    if (mapping !== undefined) seen.add(mapping);
  }
  return [...seen];
}

/** Split `trace` into the views to check, validating the config file's request(s) (`file` names it in errors). */
export function traceViews(trace: readonly TraceEvent[], request: unknown, file: string): TraceView[] {
  if (!isObject(request)) throw new InputError(`${file}: must be a JSON object: a CreateEventSourceMapping request, or one per mapping UUID`);
  const mappings = mappingsOf(trace);
  const perMapping = isPerMapping(request, mappings);
  if (mappings.length === 0) {
    if (perMapping) throw new InputError(`${file}: requests are keyed by mapping UUID, but the trace names no mapping (its events carry no "mapping")`);
    return [{ trace, config: validated(request, trace, file) }];
  }
  const unstamped = trace.findIndex((e) => !STREAM_EVENTS.has(e.type) && mappingOf(e) === undefined);
  if (unstamped >= 0) {
    throw new InputError(`trace event ${unstamped + 1} (${trace[unstamped]!.type}) names no mapping, but the trace names mappings (${mappings.join(', ')}): every mapping's event must carry its "mapping" (C-3)`);
  }
  if (perMapping) {
    const missing = mappings.filter((m) => !Object.hasOwn(request, m));
    const unknown = Object.keys(request).filter((k) => !mappings.includes(k));
    if (missing.length > 0) throw new InputError(`${file}: no request for mapping ${missing.join(', ')} (the trace names ${mappings.join(', ')})`);
    if (unknown.length > 0) throw new InputError(`${file}: mapping ${unknown.join(', ')} does not appear in the trace (it names ${mappings.join(', ')})`);
  }
  const configs: Record<string, EsmConfig> = {};
  for (const mapping of mappings) {
    configs[mapping] = perMapping ? validated(request[mapping], ownEvents(trace, mapping), `${file} (mapping ${mapping})`) : validated(request, ownEvents(trace, mapping), file);
  }
  return mappingViews(trace, configs);
}

/**
 * Keyed by mapping: some key names a mapping of the trace or looks like a
 * UUID (so that a mistyped UUID among right ones is reported as such, not
 * as an unknown request parameter).
 */
function isPerMapping(request: Record<string, unknown>, mappings: readonly string[]): boolean {
  return Object.keys(request).some((k) => mappings.includes(k) || UUID.test(k));
}

/** Events of the stream and the run, which no mapping stamps (C-3). */
const STREAM_EVENTS = new Set<TraceEvent['type']>(['put', 'trim', 'shard', 'end']);

const UUID = new RegExp(`^${UUID_PATTERN}$`, 'i');

/**
 * Validate one request with AWS's rules (EventSourceArn defaults to the
 * stream the mapping started on; the request is made when it starts), and every configuration the trace's
 * `config` events change it to: the checkers judge each event under
 * the configuration in force, so each must be one they can judge.
 */
function validated(request: unknown, trace: readonly TraceEvent[], where: string): EsmConfig {
  if (!isObject(request)) throw new InputError(`${where}: must be a CreateEventSourceMapping request (a JSON object)`);
  const start = trace.find((e): e is StartEvent => e.type === 'start');
  if (start === undefined && request['EventSourceArn'] === undefined) {
    throw new InputError(`${where}: the trace has no start event, so the stream the mapping reads is unknown: give EventSourceArn in the configuration, or start the trace with a start event`);
  }
  // "cannot be in the future" means after CreateEventSourceMapping, when the mapping started, not when the trace ends.
  const createdAt = start?.t ?? trace[0]?.t ?? 0;
  const initial = judgeable(validateEsmConfig({ EventSourceArn: start?.streamArn, ...request }, createdAt), where);
  const disagreement = start && startDisagreement(start, initial);
  if (disagreement) throw new InputError(`${where}: ${disagreement}`);
  let current = initial;
  trace.forEach((e, i) => {
    if (e.type !== 'config') return;
    current = judgeable(changed(current, isObject(e.changes) ? e.changes : {}, e.t), `${where}, as changed by the trace's config event ${i + 1}`, current);
  });
  return initial;
}

/**
 * How the trace's `start` event disagrees with the configuration, if it does
 * (C-1): the checkers read the start event, so the two would describe
 * different mappings and the verdict would be about neither.
 */
function startDisagreement(start: StartEvent, config: EsmConfig): string | undefined {
  const differ = 'the trace and the config describe different mappings (C-1)';
  if (start.startingPosition !== config.StartingPosition) {
    return `the trace's start event has startingPosition ${start.startingPosition}, but the config has StartingPosition ${config.StartingPosition}: ${differ}`;
  }
  if (config.StartingPositionTimestamp === undefined) return undefined;
  const configuredMs = config.StartingPositionTimestamp * 1000;
  if (start.startingPositionTimestamp !== undefined && Math.round(start.startingPositionTimestamp) === Math.round(configuredMs)) return undefined;
  return `the trace's start event has startingPositionTimestamp ${start.startingPositionTimestamp ?? '(none)'} (ms), but the config has StartingPositionTimestamp ${config.StartingPositionTimestamp} (s, ${configuredMs} ms): ${differ}`;
}

/** `current` as an UpdateEventSourceMapping with `changes` at `nowMs` leaves it, or AWS's error: create-only parameters included. */
function changed(current: EsmConfig, changes: Readonly<Record<string, unknown>>, nowMs: number): Validated<EsmConfig> {
  const fixed = createOnlyError(changes);
  return fixed ? { ok: false, error: fixed } : validateEsmConfig({ ...requestOf(current), ...changes } as EsmRequest, nowMs);
}

/** A valid configuration the checkers can judge, or the reason it is not, as bad input. */
function judgeable(result: Validated<EsmConfig>, where: string, previous?: EsmConfig): EsmConfig {
  if (!result.ok) throw new InputError(`${where}: ${result.error.type}: ${result.error.message}`);
  const outside = outsideModel(result.value, previous);
  if (outside !== undefined) throw new InputError(`${where}: valid for AWS, but the checkers cannot judge it: ${outside}`);
  return result.value;
}
