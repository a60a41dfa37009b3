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
  it('a tumbling window (H), at creation', async () => {
    expect((await refusal({ ...base, mapping: { ...base.mapping, TumblingWindowInSeconds: 60 } })).message).toMatch(/valid for AWS, but TumblingWindowInSeconds 60: streamcheck does not model tumbling windows \(H-1\.\.H-10\)/);
  });

  it('a tumbling window set by a later update', async () => {
    expect((await refusal({ ...base, workload: { ...base.workload, updates: [{ at: 5, mapping: { TumblingWindowInSeconds: 30 } }] } })).message).toMatch(/does not model tumbling windows/);
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
