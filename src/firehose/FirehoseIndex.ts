/**
 * One pass over a Firehose trace, building what every checker needs:
 * invocations joined with their results and M-2 verdicts, and per record its
 * arrival, attempts, deliveries and processing-failed documents.
 */
import { classifyTransform, type TransformVerdict } from './TransformAcks.ts';
import type {
  FirehoseDeliverEvent, FirehoseEndEvent, FirehoseFailedEvent, FirehoseInvokeEvent, FirehosePutEvent, FirehoseResultEvent, FirehoseStartEvent, FirehoseTraceEvent,
} from './FirehoseTrace.ts';

/** An invocation and how it ended. */
export interface FirehoseInvocation {
  readonly invoke: FirehoseInvokeEvent;
  result?: FirehoseResultEvent;
  verdict?: TransformVerdict;
}

/** What happened to one record. */
export interface RecordHistory {
  readonly put: FirehosePutEvent;
  /** Invocations that carried it, in order. */
  readonly attempts: FirehoseInvocation[];
  readonly delivered: FirehoseDeliverEvent[];
  readonly failed: FirehoseFailedEvent[];
}

/** How a record ended, by the verdict of its last attempt (undefined: it never got one). */
export type ExpectedEnd = 'delivered' | 'dropped' | { readonly failedWith: string };

/** Everything the Firehose checkers read, computed once. */
export class FirehoseIndex {
  readonly start: FirehoseStartEvent | undefined;
  readonly end: FirehoseEndEvent | undefined;
  readonly invocations: FirehoseInvocation[] = [];
  /** Records by name, in arrival order. */
  readonly records = new Map<string, RecordHistory>();

  constructor(readonly trace: readonly FirehoseTraceEvent[]) {
    const byId = new Map<string, FirehoseInvocation>();
    for (const e of trace) {
      switch (e.type) {
        case 'start': this.start = e; break;
        case 'end': this.end = e; break;
        case 'put': this.records.set(e.rid, { put: e, attempts: [], delivered: [], failed: [] }); break;
        case 'invoke': byId.set(e.invocationId, this.addInvocation(e)); break;
        case 'result': this.addResult(byId.get(e.invocationId), e); break;
        case 'deliver': for (const r of e.records) this.records.get(r.rid)?.delivered.push(e); break;
        case 'processing-failed': this.records.get(e.rid)?.failed.push(e); break;
      }
    }
  }

  /** The run ended with nothing left to do. */
  get complete(): boolean {
    return this.end?.reason === 'quiescent';
  }

  private addInvocation(invoke: FirehoseInvokeEvent): FirehoseInvocation {
    const inv: FirehoseInvocation = { invoke };
    this.invocations.push(inv);
    for (const r of invoke.records) this.records.get(r.rid)?.attempts.push(inv);
    return inv;
  }

  private addResult(inv: FirehoseInvocation | undefined, result: FirehoseResultEvent): void {
    if (!inv) return;
    inv.result = result;
    inv.verdict = classifyTransform(result, inv.invoke.records.map((r) => r.recordId));
  }
}

/** M-2/M-4: where the record belongs after its last attempt. */
export function expectedEnd(h: RecordHistory): ExpectedEnd | undefined {
  const last = h.attempts[h.attempts.length - 1];
  const v = last?.verdict;
  if (!last || !v) return undefined;
  if (v.kind !== 'records') return { failedWith: v.errorCode };
  const recordId = last.invoke.records.find((r) => r.rid === h.put.rid)!.recordId;
  const result = v.results.get(recordId);
  return result === 'Ok' ? 'delivered' : result === 'Dropped' ? 'dropped' : { failedWith: 'Lambda.ProcessingFailedStatus' };
}

/** Words for a verdict, for stories. */
export function describeVerdict(v: TransformVerdict | undefined, recordId: string): string {
  if (!v) return 'no result came back';
  if (v.kind === 'invocation-failed') return `the invocation failed (${v.errorMessage})`;
  if (v.kind === 'response-rejected') return `the response was rejected with ${v.errorCode}`;
  return `the function answered "${v.results.get(recordId)}"`;
}
