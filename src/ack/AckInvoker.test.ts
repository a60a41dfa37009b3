import { describe, expect, it } from 'vitest';
import { VirtualClock, DEFAULT_EPOCH_MS } from '../sim/Clock.ts';
import { AckInvoker, type AckHandler } from './AckInvoker.ts';
import type { FunctionResult } from './FunctionResult.ts';

type Event = { records: Array<{ recordId: string }> };

async function invokeOnce(handler: AckHandler<Event>, timeoutMs = 3000): Promise<{ result: FunctionResult; at: number }> {
  const clock = new VirtualClock({ fakeGlobals: true });
  try {
    const invoker = new AckInvoker<Event>({ kind: 'handler', handler }, clock, timeoutMs, 'arn:aws:lambda:us-east-1:123456789012:function:f');
    let out: { result: FunctionResult; at: number } | undefined;
    invoker.invoke({ id: 'inv-1', records: [{ rid: 'o0', recordId: 'r0' }], event: () => ({ records: [{ recordId: 'r0' }] }) }, (result) => {
      out = { result, at: clock.now - DEFAULT_EPOCH_MS };
    });
    await clock.run(() => out !== undefined);
    return out!;
  } finally {
    clock.dispose();
  }
}

describe('real handlers on the virtual clock', () => {
  it('an async handler sleeping 1.5 s with setTimeout returns at virtual 1.5 s', async () => {
    const handler: AckHandler<Event> = async (e) => {
      await new Promise((r) => setTimeout(r, 1500));
      return { records: e.records.map((r) => ({ recordId: r.recordId, result: 'Ok' })) };
    };
    expect(await invokeOnce(handler)).toEqual({ result: { outcome: 'return', response: { records: [{ recordId: 'r0', result: 'Ok' }] } }, at: 1500 });
  });

  it('P-3: an async map without await serialises as {} items', async () => {
    const handler: AckHandler<Event> = async (e) => ({ records: e.records.map(async (r) => ({ recordId: r.recordId, result: 'Ok' })) });
    expect((await invokeOnce(handler)).result).toEqual({ outcome: 'return', response: { records: [{}] } });
  });

  it('a handler that never settles times out at the function timeout', async () => {
    expect(await invokeOnce(() => new Promise(() => undefined), 2000)).toEqual({ result: { outcome: 'timeout', error: 'Task timed out after 2.00 seconds' }, at: 2000 });
  });

  it('a throwing handler is a function error', async () => {
    expect((await invokeOnce(() => { throw new TypeError('bad'); })).result).toEqual({ outcome: 'error', error: 'TypeError: bad' });
  });
});
