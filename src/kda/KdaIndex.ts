/**
 * One pass over a KDA trace, building what every checker needs: runs of the
 * application (split at stops), invocations joined with the results that
 * arrived within their run and the L-2 verdict on them, and each row's
 * deliveries per destination.
 */
import { classifyDelivery, type DeliveryFailure } from './DeliveryAcks.ts';
import type { KdaDeliveredRecord, KdaEndEvent, KdaInvokeEvent, KdaLagEvent, KdaResultEvent, KdaResumeEvent, KdaRowEvent, KdaStartEvent, KdaTraceEvent } from './KdaTrace.ts';

/** An invocation and how it ended for the application. */
export interface KdaInvocation {
  readonly invoke: KdaInvokeEvent;
  /** Run number (0 until the first stop, +1 per resume). */
  readonly run: number;
  /** The result, if it arrived before the run ended (a later one is abandoned, L-6). */
  result?: KdaResultEvent;
  /** L-2 failure reason per failed recordId (empty when all were acked Ok). */
  failed?: ReadonlyMap<string, DeliveryFailure>;
}

/** One delivery of a row to a destination. */
export interface KdaDelivery {
  readonly inv: KdaInvocation;
  readonly record: KdaDeliveredRecord;
}

/** `<destination>/<rid>`: a row at a destination, as findings name it. */
export function rowAt(destination: string, rid: string): string {
  return `${destination}/${rid}`;
}

/** Everything the KDA checkers read, computed once. */
export class KdaIndex {
  readonly start: KdaStartEvent | undefined;
  readonly end: KdaEndEvent | undefined;
  readonly rows: KdaRowEvent[] = [];
  readonly resumes: KdaResumeEvent[] = [];
  /** Time each run ended (a stop), by run number. */
  readonly runEnds: number[] = [];
  readonly invocations: KdaInvocation[] = [];
  readonly lags: KdaLagEvent[] = [];
  /** Deliveries per `rowAt(destination, rid)`, in order. */
  readonly deliveries = new Map<string, KdaDelivery[]>();

  constructor(readonly trace: readonly KdaTraceEvent[]) {
    const open = new Map<string, KdaInvocation>();
    let run = 0;
    for (const e of trace) {
      switch (e.type) {
        case 'start': this.start = e; break;
        case 'end': this.end = e; break;
        case 'row': this.rows.push(e); break;
        case 'lag': this.lags.push(e); break;
        case 'resume': this.resumes.push(e); break;
        case 'stop': this.runEnds.push(e.t); open.clear(); run += 1; break;
        case 'invoke': open.set(e.invocationId, this.addInvocation(e, run)); break;
        case 'result': this.addResult(open, e); break;
      }
    }
  }

  get destinations(): string[] {
    return (this.start?.destinations ?? []).map((d) => d.name);
  }

  /** The run ended with nothing left to do (not at the horizon). */
  get complete(): boolean {
    return this.end?.reason === 'quiescent';
  }

  /** Emission event of a row. */
  row(rid: string): KdaRowEvent | undefined {
    return this.rows.find((r) => r.rid === rid);
  }

  /** Deliveries of a row to a destination within one run. */
  inRun(key: string, run: number): KdaDelivery[] {
    return (this.deliveries.get(key) ?? []).filter((d) => d.inv.run === run);
  }

  private addInvocation(invoke: KdaInvokeEvent, run: number): KdaInvocation {
    const inv: KdaInvocation = { invoke, run };
    this.invocations.push(inv);
    for (const record of invoke.records) {
      const key = rowAt(invoke.destination, record.rid);
      const list = this.deliveries.get(key) ?? [];
      list.push({ inv, record });
      this.deliveries.set(key, list);
    }
    return inv;
  }

  private addResult(open: Map<string, KdaInvocation>, e: KdaResultEvent): void {
    const inv = open.get(e.invocationId);
    if (!inv) return;
    open.delete(e.invocationId);
    inv.result = e;
    inv.failed = classifyDelivery(e, inv.invoke.records.map((r) => r.recordId)).failed;
  }
}

/** How a delivery ended: acked Ok, failed (with the L-2 reason), or abandoned by a stop. */
export function deliveryOutcome(d: KdaDelivery): 'ok' | 'abandoned' | DeliveryFailure {
  if (!d.inv.failed) return 'abandoned';
  return d.inv.failed.get(d.record.recordId) ?? 'ok';
}

/** Words for a failure reason, for stories. */
export function describeFailure(why: ReturnType<typeof deliveryOutcome>): string {
  switch (why) {
    case 'ok': return 'it was acknowledged Ok';
    case 'function-error': return 'the function threw';
    case 'timeout': return 'the function timed out';
    case 'unreadable-response': return 'the response had no readable "records" list';
    case 'missing': return 'its recordId was not in the response';
    case 'duplicated': return 'its recordId was answered more than once';
    case 'missing-result': return 'its entry had no "result"';
    case 'unknown-result': return 'its "result" was neither "Ok" nor "DeliveryFailed"';
    case 'delivery-failed': return 'the function answered "DeliveryFailed"';
    case 'abandoned': return 'the application stopped before the result came back';
  }
}
