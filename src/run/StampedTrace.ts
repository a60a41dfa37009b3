/**
 * The trace of one of several mappings on a stream (C-3): every event it
 * records goes into the run's trace stamped with the mapping's UUID, so the
 * checkers can judge each mapping on its own events and the shared stream's.
 */
import { TraceRecorder } from '../trace/Trace.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';

/** A recorder that stamps `mapping` onto each event and forwards it. */
export class StampedTrace extends TraceRecorder {
  constructor(
    private readonly base: TraceRecorder,
    private readonly mapping: string,
  ) {
    super();
  }

  /** Stamp in place: every emitter builds its event for this call alone (no copy; `mapping` comes last, as a spread would put it). */
  override emit(event: TraceEvent): void {
    (event as { mapping?: string }).mapping = this.mapping;
    this.base.emit(event);
  }
}
