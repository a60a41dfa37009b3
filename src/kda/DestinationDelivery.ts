/**
 * Delivery to one Lambda destination (L-1..L-5): rows buffer until the next
 * trigger (L-4), a round of invocations carries them in chunks within the
 * 6 MB request limit (L-5), and the records that fail are re-sent, and only
 * they, under the same recordIds with retryHint + 1 (L-3) until every one is
 * acknowledged Ok. New rows wait while a failed set is retried: that is the
 * back-pressure of L-3.
 */
import type { AckInvoker } from '../ack/AckInvoker.ts';
import { INVOKE_LIMIT_BYTES, splitBySize } from '../ack/Payload.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import type { Rng } from '../sim/Rng.ts';
import { classifyDelivery, type DeliveryVerdict } from './DeliveryAcks.ts';
import type { KdaMutation } from './KdaMutation.ts';
import type { KdaTraceEvent } from './KdaTrace.ts';
import { outputEnvelopeBytes, outputEvent, outputRecordBytes, outputRequestBytes, type KdaOutputEvent, type OutgoingRecord } from './OutputRequest.ts';

/** A row of the in-application stream, by its position in emission order. */
export interface EmittedRow {
  readonly index: number;
  readonly rid: string;
  readonly bytes: number;
  readonly emittedAt: number;
}

/** What a destination shares with its application. */
export interface DeliveryContext {
  readonly clock: VirtualClock;
  /** GUIDs of invocations (L-1). */
  readonly invocationIds: Rng;
  readonly applicationArn: string;
  readonly retryDelayMs: number;
  readonly mutation: KdaMutation | undefined;
  readonly emit: (e: KdaTraceEvent) => void;
  /** Counts invocations in flight across destinations and runs (for quiescence). */
  readonly inFlight: { count: number };
}

interface Pending {
  readonly row: EmittedRow;
  readonly recordId: string;
  readonly retryHint: number;
}

/** One destination's delivery state. */
export class DestinationDelivery {
  /** Durable: rows acknowledged Ok at this destination, by row index (the checkpoint source, L-6). */
  private readonly acked: boolean[] = [];
  private buffer: EmittedRow[] = [];
  /** The set being delivered or awaiting retry; undefined when idle. */
  private round: { pending: Pending[]; chunksLeft: number; failed: Pending[] } | undefined;
  private retryScheduled = false;
  /** Per run: recordId of each row (L-1: random GUID; L-3: kept on retry). */
  private recordIds = new Map<number, string>();
  private run = 0;
  /** Last retryHint per row, remembered across runs only by the hint-survives-restart mutation. */
  private readonly hints = new Map<number, number>();
  /** Highest row index ever sent (for the drop-at-restart mutation). */
  sentUpTo = -1;

  constructor(
    readonly name: string,
    private readonly ctx: DeliveryContext,
    private readonly invoker: AckInvoker<KdaOutputEvent>,
    private readonly ids: Rng,
  ) {}

  /** A new row reached the destination. */
  accept(row: EmittedRow): void {
    this.buffer.push(row);
    if (this.ctx.mutation === 'eager-delivery') this.trigger();
  }

  /** L-4: a window trigger (or the once-per-second tick): deliver what is buffered, if idle. */
  trigger(): void {
    if (this.round || this.retryScheduled || this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    const hint = (row: EmittedRow) => (this.ctx.mutation === 'hint-survives-restart' ? this.hints.get(row.index) ?? 0 : 0);
    this.startRound(rows.map((row) => ({ row, recordId: this.recordIdOf(row), retryHint: hint(row) })));
  }

  /** L-6: the application stopped; in-memory state is lost, results of this run are ignored. */
  stop(): void {
    this.run += 1;
    this.round = undefined;
    this.retryScheduled = false;
    this.buffer = [];
    this.recordIds = new Map();
  }

  /** L-6: resume with `rows` (from the checkpoint on) buffered again, under new recordIds with retryHint 0. */
  resume(rows: readonly EmittedRow[]): void {
    this.buffer = [...rows];
  }

  /** Index of the first row not acknowledged Ok here (L-6 checkpoint), given `emitted` rows. */
  checkpoint(emitted: number): number {
    let i = 0;
    while (i < emitted && this.acked[i] === true) i++;
    return i;
  }

  /** Rows emitted but not acked Ok, oldest first. */
  unacked(emitted: readonly EmittedRow[]): EmittedRow[] {
    return emitted.filter((r) => this.acked[r.index] !== true);
  }

  /** Nothing buffered, in flight or waiting for a retry. */
  get idle(): boolean {
    return this.round === undefined && !this.retryScheduled && this.buffer.length === 0;
  }

  private recordIdOf(row: EmittedRow): string {
    let id = this.recordIds.get(row.index);
    if (id === undefined) {
      id = this.ids.uuid();
      this.recordIds.set(row.index, id);
    }
    return id;
  }

  private startRound(pending: Pending[]): void {
    const limit = this.ctx.mutation === 'no-payload-split' ? Infinity : INVOKE_LIMIT_BYTES;
    const chunks = splitBySize(pending, (p) => outputRecordBytes(outgoing(p)), outputEnvelopeBytes(this.ctx.applicationArn), limit);
    this.round = { pending, chunksLeft: chunks.length, failed: [] };
    for (const chunk of chunks) this.invoke(chunk);
  }

  private invoke(chunk: Pending[]): void {
    const { clock, emit, applicationArn } = this.ctx;
    const id = this.ctx.invocationIds.uuid();
    const records = chunk.map(outgoing);
    for (const p of chunk) this.sentUpTo = Math.max(this.sentUpTo, p.row.index);
    emit({ t: clock.now, type: 'invoke', destination: this.name, invocationId: id, records, bytes: outputRequestBytes(applicationArn, records) });
    const run = this.run;
    this.ctx.inFlight.count += 1;
    this.invoker.invoke({ id, records, event() { return outputEvent(id, applicationArn, records); } }, (result) => {
      this.ctx.inFlight.count -= 1;
      emit({ t: clock.now, type: 'result', invocationId: id, ...result });
      if (run === this.run) this.settle(chunk, this.verdict(classifyDelivery(result, records.map((r) => r.recordId)), result.response, records));
    });
  }

  /** The model's reading of a verdict; only the mismatched-id-ok mutation departs from L-2. */
  private verdict(v: DeliveryVerdict, response: unknown, records: readonly OutgoingRecord[]): DeliveryVerdict {
    if (this.ctx.mutation !== 'mismatched-id-ok') return v;
    const entries = (response as { records?: unknown[] } | null)?.records;
    if (!Array.isArray(entries)) return v;
    const ok = new Set(v.ok);
    const failed = new Map(v.failed);
    records.forEach((r, i) => {
      const e = entries[i] as { recordId?: unknown; result?: unknown } | undefined;
      if (failed.get(r.recordId) === 'missing' && typeof e?.recordId === 'string' && e.result === 'Ok') {
        failed.delete(r.recordId);
        ok.add(r.recordId);
      }
    });
    return { ok, failed };
  }

  private settle(chunk: readonly Pending[], v: DeliveryVerdict): void {
    const round = this.round!;
    for (const p of chunk) {
      if (v.ok.has(p.recordId)) this.acked[p.row.index] = true;
      else round.failed.push(p);
    }
    round.chunksLeft -= 1;
    if (round.chunksLeft > 0) return;
    this.round = undefined;
    if (round.failed.length === 0) return;
    const resend = this.ctx.mutation === 'resend-ok' ? round.pending : round.failed;
    const failedIds = new Set(round.failed.map((p) => p.recordId));
    const next = resend.map((p) => this.retried(p, failedIds.has(p.recordId)));
    this.retryScheduled = true;
    const run = this.run;
    this.ctx.clock.after(this.ctx.retryDelayMs, () => {
      if (run !== this.run) return;
      this.retryScheduled = false;
      this.startRound(next);
    });
  }

  /** L-3: same recordId, retryHint + 1 per delivery failure. */
  private retried(p: Pending, failed: boolean): Pending {
    const m = this.ctx.mutation;
    const retryHint = m === 'hint-not-incremented' || !failed ? p.retryHint : p.retryHint + 1;
    const recordId = m === 'fresh-id-on-retry' ? this.ids.uuid() : p.recordId;
    this.hints.set(p.row.index, retryHint);
    return { row: p.row, recordId, retryHint };
  }
}

function outgoing(p: Pending): OutgoingRecord {
  return { rid: p.row.rid, recordId: p.recordId, retryHint: p.retryHint, bytes: p.row.bytes };
}
