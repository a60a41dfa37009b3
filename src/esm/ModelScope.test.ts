import { describe, expect, it } from 'vitest';
import { InputError } from '../run/InputError.ts';
import { simulateKinesis } from '../run/simulateKinesis.ts';
import type { KinesisCase } from '../workload/Workload.ts';

const base: KinesisCase = {
  workload: { stream: { shards: 1 }, puts: [{ at: 0, partitionKey: 'k' }] },
  mapping: { StartingPosition: 'TRIM_HORIZON' },
  function: { behaviour: {} },
};

async function refusal(c: KinesisCase): Promise<InputError> {
  const err = await simulateKinesis(c, { seed: '1' }).then(() => undefined, (e: unknown) => e);
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`);
  return err;
}

describe('what the model does not model is refused, not ignored', () => {
  it('an update that changes the tumbling window (H-1), whose effect on open windows AWS does not record', async () => {
    expect((await refusal({ ...base, workload: { ...base.workload, updates: [{ at: 5, mapping: { TumblingWindowInSeconds: 30 } }] } })).message)
      .toMatch(/valid for AWS, but an update changes TumblingWindowInSeconds from 0 to 30: streamcheck does not model a tumbling window changed while the mapping runs \(H-1\)/);
  });

  it('runs an update of a windowed mapping that leaves its window as it was', async () => {
    const workload = { stream: { shards: 1 }, puts: [{ at: 2000, partitionKey: 'k' }], updates: [{ at: 5, mapping: { BatchSize: 5, TumblingWindowInSeconds: 30 } }] };
    const run = await simulateKinesis({ ...base, workload, mapping: { ...base.mapping, TumblingWindowInSeconds: 30 } }, { seed: '1' });
    expect(run.trace.some((e) => e.type === 'config')).toBe(true);
    expect(run.trace.some((e) => e.type === 'invoke' && e.window?.final === true)).toBe(true);
  });

  it('a Kinesis filter pattern on a key other than data (I-2), which would drop every record', async () => {
    const FilterCriteria = { Filters: [{ Pattern: '{"data":{"kind":["x"]}}' }, { Pattern: '{"partitionKey":["k"]}' }] };
    expect((await refusal({ ...base, mapping: { ...base.mapping, FilterCriteria } })).message).toMatch(/FilterCriteria filter 2 names "partitionKey": streamcheck models Kinesis filtering on data only/);
  });

  it('runs a mapping whose window is 0', async () => {
    const run = await simulateKinesis({ ...base, mapping: { ...base.mapping, FilterCriteria: { Filters: [] }, TumblingWindowInSeconds: 0 } }, { seed: '1' });
    expect(run.trace.some((e) => e.type === 'checkpoint')).toBe(true);
  });
});
