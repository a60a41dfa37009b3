/**
 * Simulate one DynamoDB case against the reference model: writes -> stream
 * records -> mapping -> trace. The mapping polls 4 times a second (B-2).
 */
import { DynamoDbStream } from '../dynamodb/DynamoDbStream.ts';
import { dynamoDbSource } from '../dynamodb/DynamoDbSource.ts';
import { Table } from '../dynamodb/Table.ts';
import { modelOptions } from '../esm/ModelOptions.ts';
import type { DynamoDbCase } from '../workload/DynamoDbWorkload.ts';
import { writeRid } from '../workload/DynamoDbWorkload.ts';
import { InputError } from './InputError.ts';
import { ACCOUNT, lifecycleActions, REGION, runMapping, type RunOutput, type SimulateOptions } from './runMapping.ts';
import type { TimedAction } from './Timeline.ts';

/** B-2: DynamoDB stream shards are polled 4 times per second. */
export const DDB_POLL_INTERVAL_MS = 250;

/** Run the case on a fresh virtual clock until nothing is left to do. */
export async function simulateDynamoDb(c: DynamoDbCase, options: SimulateOptions): Promise<RunOutput> {
  return runMapping(c, options, ({ clock, rng, trace }) => {
    const t = c.workload.table;
    const keySchema = { hashKey: t.hashKey, ...(t.rangeKey ? { rangeKey: t.rangeKey } : {}) };
    const stream = new DynamoDbStream(
      { tableName: t.name ?? 'table-under-test', keySchema, streamViewType: t.streamViewType, region: REGION, accountId: ACCOUNT,
        ...(t.partitions ? { partitions: t.partitions } : {}), ...(t.rolloverMs ? { rolloverMs: t.rolloverMs } : {}), servesTrimmed: c.options?.mutation === 'serve-trimmed' },
      clock, rng.fork('stream'), trace,
    );
    const table = new Table(keySchema);
    const model = modelOptions({ pollIntervalMs: DDB_POLL_INTERVAL_MS, ...c.options });
    const writes = c.workload.writes;
    const series = { count: writes.length, at: (i: number) => writes[i]!.at, run: (i: number) => {
      const w = writes[i]!;
      let change;
      try {
        change = table.write(w.op, w.item);
      } catch (err) {
        throw new InputError(`write ${writeRid(w, i)} rejected: ValidationException: ${(err as Error).message}`);
      }
      if (change) stream.append(change, writeRid(w, i));
    } };
    const actions = (mapping: Parameters<typeof lifecycleActions>[1]): TimedAction[] => lifecycleActions(c.workload.lifecycle, mapping);
    return { source: dynamoDbSource(stream, c.options?.mutation === 'ddb-drops-remove'), options: model, actions, series };
  });
}
