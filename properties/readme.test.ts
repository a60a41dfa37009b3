/**
 * The README's library example, run as written (through the package's entry point).
 */
import { describe, expect, it } from 'vitest';
import { checkTrace, explain, simulateKinesis } from '../src/index.ts';

describe('README library example', () => {
  it('simulates a case with a real handler and finds nothing wrong', async () => {
    const { trace, config } = await simulateKinesis(
      {
        workload: { stream: { shards: 2 }, puts: [{ at: 0, partitionKey: 'a', data: '{"n":1}' }] },
        mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 2, BisectBatchOnFunctionError: true },
        function: { behaviour: {}, timeoutSeconds: 3 },
      },
      { seed: '1', handler: async () => ({ batchItemFailures: [] }) },
    );
    expect(trace.filter((e) => e.type === 'invoke')).toHaveLength(1);
    expect(checkTrace(trace, config).map(explain)).toEqual([]);
  });
});
