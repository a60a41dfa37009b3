/**
 * Recording, serialising and fingerprinting traces.
 */
import { createHash } from 'node:crypto';
import type { TraceEvent } from './TraceEvent.ts';

/** Append-only recorder handed to every model component of a run. */
export class TraceRecorder {
  readonly events: TraceEvent[] = [];

  /** Record one event. */
  emit(event: TraceEvent): void {
    this.events.push(event);
  }
}

/** A trace as JSON lines (one event per line, trailing newline). */
export function toJsonLines(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += JSON.stringify(e) + '\n';
  return out;
}

/** Incremental SHA-256 over the JSON-lines form of one or more traces. */
export class TraceDigest {
  private readonly hash = createHash('sha256');

  /** Add a trace. */
  add(events: readonly TraceEvent[]): this {
    for (const e of events) this.hash.update(JSON.stringify(e) + '\n');
    return this;
  }

  /** The hex digest. */
  hex(): string {
    return this.hash.digest('hex');
  }
}
