/**
 * The timeline of a mapping trace as SVG, one chart per shard: each
 * invocation a bar on its lane's row (green success, amber partial failure,
 * red failure, purple timeout) labelled with its records, retries and bisect
 * halves marked, and checkpoints, give-ups and on-failure messages as marks.
 * Time runs left to right over virtual time with long idle gaps compressed
 * (a week of retries stays readable); tick labels give the true times.
 * Traces without shards or invocations (other suites) get a plain event list.
 */
import { formatTime } from '../check/explain.ts';
import { esc } from './escape.ts';
import type { InvocationOutcome } from './invocationOutcomes.ts';

interface Ev {
  readonly t: number;
  readonly type: string;
  readonly [k: string]: unknown;
}

interface Bar {
  readonly start: number;
  readonly end: number;
  readonly lane: number;
  readonly records: string[];
  readonly outcome: InvocationOutcome;
  readonly tags: string[];
  readonly detail: string;
}

interface Mark {
  readonly t: number;
  readonly kind: 'checkpoint' | 'discard' | 'destination' | 'throttle';
  readonly label: string;
  readonly detail: string;
}

const ROW = 34;
const LEFT = 70;
const TOP = 28;
const COLORS: Readonly<Record<InvocationOutcome, string>> = { success: '#2e7d32', partial: '#ef8f00', failure: '#c62828', timeout: '#6a1b9a', pending: '#757575' };

/**
 * SVG charts (one per shard) for a trace, or an HTML event list when it has no
 * invocations. `outcomes` (invoke id to outcome, from invocationOutcomes.ts)
 * colours each bar as the mapping took its result; without it a result is
 * read alone, and a returned list of failures is drawn as partial.
 */
export function renderTimeline(trace: readonly object[], outcomes?: Readonly<Record<string, InvocationOutcome>>): string {
  const all = trace as readonly Ev[];
  if (!all.some((e) => e.type === 'invoke' && typeof e['shardId'] === 'string')) return genericList(all);
  const { events, note } = elide(all);
  const names = new Map<string, string>();
  for (const e of events) if (e.type === 'put') names.set(`${String(e['shardId'])}:${String(e['seq'])}`, String(e['rid']));
  const shards = [...new Set(events.filter((e) => typeof e['shardId'] === 'string' && e.type !== 'put' && e.type !== 'trim' && e.type !== 'poll').map((e) => String(e['shardId'])))].sort();
  const scale = new TimeScale(events.map((e) => e.t), labelSpans(events, names));
  return (note ? `<p class="elided">${esc(note)}</p>` : '') + shards.map((s) => shardChart(s, events, names, scale, outcomes)).join('\n');
}

/** Room each invocation's label needs, from its invoke to its result. */
function labelSpans(events: readonly Ev[], names: Map<string, string>): Span[] {
  const starts = new Map<string, Ev>();
  const spans: Span[] = [];
  for (const e of events) {
    if (e.type === 'invoke') starts.set(String(e['id']), e);
    const start = e.type === 'result' ? starts.get(String(e['id'])) : undefined;
    if (!start) continue;
    const label = (start['records'] as unknown[]).map((s) => names.get(`${String(start['shardId'])}:${String(s)}`) ?? String(s)).join(',');
    spans.push({ from: start.t, to: e.t, px: 14 + 6.5 * Math.min(42, label.length + 7) });
  }
  return spans;
}

/** Most invocations drawn; a longer trace keeps its first and last ones. */
const MAX_BARS = 150;

/** Drop the middle of a very long trace (e.g. a day of retries), saying so. */
function elide(events: readonly Ev[]): { events: readonly Ev[]; note?: string } {
  const invokes = events.filter((e) => e.type === 'invoke');
  if (invokes.length <= MAX_BARS) return { events };
  const head = invokes[MAX_BARS - 40]!.t;
  const tail = invokes[invokes.length - 40]!.t;
  const kept = events.filter((e) => e.t < head || e.t >= tail || e.type === 'put');
  const dropped = invokes.filter((e) => e.t >= head && e.t < tail).length;
  return { events: kept, note: `${dropped} of ${invokes.length} invocations between ${formatTime(head)} and ${formatTime(tail)} are not drawn.` };
}

/** A stretch of time that needs at least `px` pixels (a bar and its label). */
interface Span {
  readonly from: number;
  readonly to: number;
  readonly px: number;
}

/**
 * Piecewise time axis: every event time gets a position; gaps grow with the
 * log of their length, and stretch so each bar's label fits.
 */
class TimeScale {
  private readonly times: number[];
  private readonly xs: number[];

  constructor(all: readonly number[], spans: readonly Span[]) {
    this.times = [...new Set(all)].sort((a, b) => a - b);
    this.xs = [];
    const index = new Map(this.times.map((t, i) => [t, i]));
    const needs = new Map<number, Span[]>();
    for (const s of spans) needs.set(s.to, [...(needs.get(s.to) ?? []), s]);
    let x = LEFT;
    this.times.forEach((t, i) => {
      if (i > 0) x += 6 + 22 * Math.log10(1 + (t - this.times[i - 1]!) / 10);
      for (const s of needs.get(t) ?? []) x = Math.max(x, this.xs[index.get(s.from)!]! + s.px);
      this.xs.push(Math.round(x * 10) / 10);
    });
  }

  /** x of a time (the position of the latest known time at or before it). */
  x(t: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.xs[lo] ?? LEFT;
  }

  get width(): number {
    return (this.xs[this.xs.length - 1] ?? LEFT) + 160;
  }

  /** Times to label: left to right, at least `gap` pixels apart. */
  ticks(gap: number): number[] {
    const out: number[] = [];
    let last = -Infinity;
    this.times.forEach((t, i) => {
      if (this.xs[i]! - last < gap) return;
      out.push(t);
      last = this.xs[i]!;
    });
    return out;
  }
}

function shardChart(shard: string, events: readonly Ev[], names: Map<string, string>, scale: TimeScale, outcomes: Readonly<Record<string, InvocationOutcome>> | undefined): string {
  const name = (seq: unknown) => names.get(`${shard}:${String(seq)}`) ?? String(seq);
  const { bars, marks } = collect(shard, events, name, outcomes);
  const lanes = Math.max(1, ...bars.map((b) => b.lane + 1));
  const markRow = TOP + lanes * ROW + 8;
  const height = markRow + 3 * 18 + 30;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="${Math.ceil(scale.width)}" height="${height}" viewBox="0 0 ${Math.ceil(scale.width)} ${height}">`);
  parts.push(`<title>${esc(`Timeline of ${shard}: ${bars.length} invocation(s)`)}</title>`);
  parts.push(`<text x="4" y="16" class="shard">${esc(shard)}</text>`);
  for (let l = 0; l < lanes; l++) parts.push(`<text x="4" y="${TOP + l * ROW + 20}" class="lane">lane ${l}</text><line x1="${LEFT}" x2="${Math.ceil(scale.width) - 10}" y1="${TOP + l * ROW + ROW - 4}" y2="${TOP + l * ROW + ROW - 4}" class="grid"/>`);
  for (const t of scale.ticks(70)) {
    const x = scale.x(t);
    parts.push(`<line x1="${x}" x2="${x}" y1="${TOP - 4}" y2="${height - 22}" class="tick"/><text x="${x}" y="${height - 8}" class="ticklabel">${esc(formatTime(t).slice(2))}</text>`);
  }
  for (const b of bars) parts.push(barSvg(b, scale));
  marks.forEach((m, i) => parts.push(markSvg(m, scale, markRow + (i % 3) * 18)));
  parts.push('</svg>');
  return parts.join('');
}

function collect(shard: string, events: readonly Ev[], name: (seq: unknown) => string, outcomes: Readonly<Record<string, InvocationOutcome>> | undefined): { bars: Bar[]; marks: Mark[] } {
  const results = new Map<string, Ev>();
  for (const e of events) if (e.type === 'result') results.set(String(e['id']), e);
  const bars: Bar[] = [];
  const marks: Mark[] = [];
  const delivered = new Set<string>();
  let lastFailed: string[] = [];
  for (const e of events) {
    if (e['shardId'] !== shard) {
      if (e.type === 'destination' && destinationShard(e) === shard) marks.push({ t: e.t, kind: 'destination', label: `on-failure (${String(e['kind'])})`, detail: JSON.stringify(e['message'], null, 1) });
      continue;
    }
    if (e.type === 'invoke') {
      const records = (e['records'] as unknown[]).map(name);
      const r = results.get(String(e['id']));
      const outcome = outcomes?.[String(e['id'])] ?? outcomeOf(r);
      const tags: string[] = [];
      if (records.some((x) => delivered.has(x))) tags.push('retry');
      if (lastFailed.length > records.length && records.every((x) => lastFailed.includes(x))) tags.push('bisect');
      records.forEach((x) => delivered.add(x));
      if (outcome !== 'success') lastFailed = records;
      const detail = `invoke [${records.join(', ')}] at ${formatTime(e.t)}\n${r ? `${String(r['outcome'])}${r['response'] !== undefined ? ` ${JSON.stringify(r['response'])}` : ''}${r['error'] ? ` ${String(r['error'])}` : ''} at ${formatTime(r.t)}` : 'no result'}`;
      bars.push({ start: e.t, end: r?.t ?? e.t, lane: Number(e['lane'] ?? 0), records, outcome, tags, detail });
    }
    if (e.type === 'checkpoint') marks.push({ t: e.t, kind: 'checkpoint', label: `✓ ${name(e['seq'])}`, detail: `checkpoint -> ${name(e['seq'])} at ${formatTime(e.t)}` });
    if (e.type === 'throttle') marks.push({ t: e.t, kind: 'throttle', label: '⊘', detail: `throttled [${(e['records'] as unknown[]).map(name).join(', ')}] at ${formatTime(e.t)}: never reached the function (D-1)` });
    if (e.type === 'discard') marks.push({ t: e.t, kind: 'discard', label: `✗ ${(e['records'] as unknown[]).map(name).join(',')}`, detail: `gave up [${(e['records'] as unknown[]).map(name).join(', ')}] (${String(e['condition'])}) at ${formatTime(e.t)}` });
  }
  return { bars, marks };
}

function destinationShard(e: Ev): string | undefined {
  const info = (e['message'] as { KinesisBatchInfo?: { shardId?: string } } | undefined)?.KinesisBatchInfo;
  return info?.shardId;
}

function outcomeOf(r: Ev | undefined): InvocationOutcome {
  if (!r) return 'pending';
  if (r['outcome'] === 'timeout') return 'timeout';
  if (r['outcome'] === 'error') return 'failure';
  const failures = (r['response'] as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  return Array.isArray(failures) && failures.length > 0 ? 'partial' : 'success';
}

function barSvg(b: Bar, scale: TimeScale): string {
  const x = scale.x(b.start);
  const w = Math.max(6, scale.x(b.end) - x);
  const y = TOP + b.lane * ROW;
  const label = `${b.tags.length ? `${b.tags.join(' ')}: ` : ''}${b.records.join(',')}`;
  const shown = label.length > 40 ? `${label.slice(0, 39)}…` : label;
  return `<g class="bar ${b.outcome}${b.tags.map((t) => ` ${t}`).join('')}"><title>${esc(b.detail)}</title>`
    + `<rect x="${x}" y="${y}" width="${Math.round(w * 10) / 10}" height="${ROW - 12}" rx="3" fill="${COLORS[b.outcome]}"${b.tags.includes('retry') ? ' stroke="#000" stroke-dasharray="3 2"' : ''}/>`
    + `<text x="${x + 3}" y="${y + 15}" class="barlabel">${esc(shown)}</text></g>`;
}

function markSvg(m: Mark, scale: TimeScale, y: number): string {
  const x = scale.x(m.t);
  const color = m.kind === 'checkpoint' ? '#1565c0' : m.kind === 'discard' ? '#c62828' : m.kind === 'throttle' ? '#ef6c00' : '#ad1457';
  const shape = m.kind === 'destination' ? `<rect x="${x - 4}" y="${y - 9}" width="8" height="8" fill="${color}"/>` : `<circle cx="${x}" cy="${y - 5}" r="4" fill="${color}"/>`;
  return `<g class="mark ${m.kind}"><title>${esc(m.detail)}</title>${shape}<text x="${x + 7}" y="${y}" class="marklabel" fill="${color}">${esc(m.label)}</text></g>`;
}

function genericList(events: readonly Ev[]): string {
  const rows = events.map((e) => {
    const { t, type, ...rest } = e;
    return `<tr><td>${esc(formatTime(t))}</td><td>${esc(type)}</td><td><code>${esc(JSON.stringify(rest))}</code></td></tr>`;
  });
  return `<table class="events"><thead><tr><th>time</th><th>event</th><th>details</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
