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

  override emit(event: TraceEvent): void {
    this.base.emit({ ...event, mapping: this.mapping } as TraceEvent);
  }
}
