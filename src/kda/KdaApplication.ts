/**
 * A KDA (SQL) application with Lambda destinations (L-1..L-7): its output
 * rows, its trigger clock (L-4), stops and starts (L-6), and lag samples
 * (L-8). Every destination receives every row of the one in-application
 * stream; after a restart, output resumes for all destinations from the
 * slowest destination's checkpoint (L-6), so faster ones see duplicates.
 */
import type { KdaMutation } from './KdaMutation.ts';
import type { KdaTraceEvent } from './KdaTrace.ts';
import type { DestinationDelivery, EmittedRow } from './DestinationDelivery.ts';

/** A row the query will emit, `at` epoch ms. */
export interface ScheduledRow {
  readonly rid: string;
  readonly bytes: number;
  readonly at: number;
}

/** The application's collaborators. */
export interface ApplicationParts {
  readonly destinations: readonly DestinationDelivery[];
  readonly emit: (e: KdaTraceEvent) => void;
  readonly now: () => number;
  readonly mutation: KdaMutation | undefined;
}

/** A running application. */
export class KdaApplication {
  /** The in-application stream: rows in emission order (durable; replayed after a restart). */
  readonly emitted: EmittedRow[] = [];
  private running = true;
  /** Rows due while the application was stopped (emitted when it starts again). */
  private deferred: ScheduledRow[] = [];

  constructor(private readonly parts: ApplicationParts) {}

  /** The query emits a row (deferred while stopped). */
  emitRow(row: ScheduledRow): void {
    if (!this.running) {
      this.deferred.push(row);
      return;
    }
    const emitted: EmittedRow = { index: this.emitted.length, rid: row.rid, bytes: row.bytes, emittedAt: this.parts.now() };
    this.emitted.push(emitted);
    this.parts.emit({ t: emitted.emittedAt, type: 'row', rid: row.rid, bytes: row.bytes });
    for (const d of this.parts.destinations) d.accept(emitted);
  }

  /** L-4: a trigger instant: sample lag, then let every destination deliver. */
  trigger(): void {
    if (!this.running) return;
    for (const d of this.parts.destinations) this.sampleLag(d);
    for (const d of this.parts.destinations) d.trigger();
  }

  /** L-6: stop. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.parts.emit({ t: this.parts.now(), type: 'stop' });
    for (const d of this.parts.destinations) d.stop();
  }

  /** L-6: start again from the slowest destination's checkpoint. */
  resume(): void {
    if (this.running) return;
    this.running = true;
    const from = this.resumePoint();
    this.parts.emit({ t: this.parts.now(), type: 'resume', fromRid: this.emitted[from]?.rid ?? null });
    for (const d of this.parts.destinations) d.resume(this.emitted.slice(from));
    const deferred = this.deferred;
    this.deferred = [];
    for (const row of deferred) this.emitRow(row);
  }

  /** Nothing buffered, in flight, awaiting retry or deferred. */
  get idle(): boolean {
    return this.running && this.deferred.length === 0 && this.parts.destinations.every((d) => d.idle);
  }

  private resumePoint(): number {
    const n = this.emitted.length;
    if (this.parts.mutation === 'drop-at-restart') return Math.max(...this.parts.destinations.map((d) => d.sentUpTo + 1));
    return Math.min(...this.parts.destinations.map((d) => d.checkpoint(n)));
  }

  private sampleLag(d: DestinationDelivery): void {
    const unacked = d.unacked(this.emitted);
    const oldest = unacked[0];
    if (!oldest) return;
    const t = this.parts.now();
    this.parts.emit({ t, type: 'lag', destination: d.name, pendingRows: unacked.length, oldestPendingMs: t - oldest.emittedAt });
  }
}
