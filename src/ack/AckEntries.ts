/**
 * The shared first step of ack matching (L-2, M-2): read a response of the
 * form `{"records":[{"recordId", "result", ...}]}` and group its entries by
 * the recordIds that were sent. Both the KDA output model and the Firehose
 * transformation model build their verdicts on this; neither trusts
 * position, only ids.
 */

/** One entry of `records`, as far as it could be read. */
export interface AckEntry {
  /** Position in `records`. */
  readonly index: number;
  /** `recordId` when it is a string. */
  readonly recordId?: string;
  /** `result` when present (any JSON value; not yet checked against the vocabulary). */
  readonly result?: unknown;
  /** Whether `result` is present at all. */
  readonly hasResult: boolean;
  readonly data?: unknown;
  /** The entry is not a JSON object (e.g. a string or null). */
  readonly notAnObject: boolean;
}

/** A response read against the ids that were sent. */
export interface AckEntries {
  /** `records` was readable: the response is an object whose `records` is a list. */
  readonly readable: boolean;
  readonly entries: readonly AckEntry[];
  /** Entries per sent id, in sent order (empty list: the id never came back). */
  readonly bySentId: ReadonlyMap<string, readonly AckEntry[]>;
  /** Entries whose recordId was not sent (invented or mangled ids). */
  readonly unknown: readonly AckEntry[];
  /** Entries with no string recordId. */
  readonly withoutId: readonly AckEntry[];
}

/** Read `response` against the ids of the request, in request order. */
export function readAckEntries(response: unknown, sentIds: readonly string[]): AckEntries {
  const bySentId = new Map<string, AckEntry[]>(sentIds.map((id) => [id, []]));
  const records = recordsList(response);
  const entries = (records ?? []).map(readEntry);
  const unknown: AckEntry[] = [];
  const withoutId: AckEntry[] = [];
  for (const e of entries) {
    if (e.recordId === undefined) withoutId.push(e);
    else if (bySentId.has(e.recordId)) bySentId.get(e.recordId)!.push(e);
    else unknown.push(e);
  }
  return { readable: records !== undefined, entries, bySentId, unknown, withoutId };
}

function recordsList(response: unknown): readonly unknown[] | undefined {
  if (response === null || typeof response !== 'object' || Array.isArray(response)) return undefined;
  const records = (response as Record<string, unknown>)['records'];
  return Array.isArray(records) ? records : undefined;
}

function readEntry(raw: unknown, index: number): AckEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { index, hasResult: false, notAnObject: true };
  const o = raw as Record<string, unknown>;
  const id = o['recordId'];
  return {
    index,
    ...(typeof id === 'string' ? { recordId: id } : {}),
    ...('result' in o ? { result: o['result'] } : {}),
    hasResult: 'result' in o && o['result'] !== null,
    ...('data' in o ? { data: o['data'] } : {}),
    notAnObject: false,
  };
}
