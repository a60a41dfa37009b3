/**
 * A small in-house poller, as a team might write one with the AWS SDK: one
 * loop per shard, polling once a second (B-1), batches of up to BatchSize
 * (B-3), retries with back-off up to MaximumRetryAttempts (D-2, D-3), record
 * age checked before each attempt (D-6), give-ups reported (D-5), throttles
 * retried without counting them (D-1), the checkpoint moved after each
 * success (B-8), a restart resumed after the checkpoints (C-2), and
 * FilterCriteria applied to each record read, with a filter of its own
 * (./recordFilter.ts): a record none of the patterns matches is reported as
 * filtered, never delivered, and the checkpoint moves past it (I-1, I-3,
 * I-4), and tumbling windows kept per shard (./shardWindow.ts, H-2..H-5).
 * A configuration update (A-20) restarts it as a re-enable does, with the
 * new configuration. A batch holds as many records as its event's JSON,
 * each record's metadata included, fits in Lambda's 6 MB payload (B-7).
 * After resharding it reads a child shard once each of its parents has been
 * read to its end (J-4; from where the starting position says, which for a
 * child made after the start is all of it), closing an open tumbling window
 * at a parent's end (H-6). With ReportBatchItemFailures it checkpoints
 * before the lowest failure a response reports and retries from there,
 * each such retry counted (E-1..E-7). It handles neither bisect,
 * ParallelizationFactor nor batching windows, and the conformance test
 * generates none for it: its `features` claim throttling, restarts,
 * filtering, tumbling windows, updates, resharding and partial responses.
 *
 * `bug` puts back one of thirteen familiar bugs: `skip-failed` moves on after
 * a failure without retrying, checkpointing past the failed batch;
 * `count-throttles` treats a throttle as a failed invocation, spending a
 * retry on it; `restart-ignores-checkpoint` starts a restarted poller from
 * the configured starting position again, not after its checkpoints (from
 * LATEST it loses what arrived while stopped, from TRIM_HORIZON or
 * AT_TIMESTAMP it delivers again what it had processed);
 * `retry-after-stop` keeps retrying a failing batch after it was stopped;
 * `stale-iterator` keeps the shard iterator across a batch retried for more
 * than its five-minute life; `age-past-retention` trusts a
 * MaximumRecordAgeInSeconds longer than the stream keeps records (these two
 * were this poller's first draft, and the harness found them);
 * `filter-encoded-data` matches the patterns against the data as base64
 * text, not the decoded JSON, so every data pattern fails (I-2);
 * `filter-unreported` drops records without reporting them, so they vanish;
 * `no-final-invoke` starts each tumbling window's successor without the
 * final invocation that closes it (H-4); `close-unread` closes a window once
 * the clock passes its end, before reading the records that arrived in it
 * (H-4; the windows' first draft, which the harness found);
 * `ignore-payload` fills each batch to BatchSize whatever its size, so
 * large records make an event over 6 MB (B-7; the poller's first draft);
 * `eager-children` reads a child shard as soon as it appears, beside its
 * parent, so a key's newer records can go out before its older ones (J-4);
 * `retry-whole-batch` retries a whole batch after a partial failure, the
 * records before the lowest failure included (E-3).
 *
 * Run it as a user runs theirs: `streamcheck conform
 * dist/conformance/examples/simplePoller.js` (the module exports `makePoller`).
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import type { PollerFeatures } from '../PollerFeatures.ts';
import type { KinesisClientLike, KinesisRecord, PollerContext, PollerFactory, PollerUnderTest } from '../PollerUnderTest.ts';
import { recordFilter, type RecordFilter } from './recordFilter.ts';
import { ShardWindow } from './shardWindow.ts';

type GetRecordsOut = Awaited<ReturnType<KinesisClientLike['getRecords']>>;

/** Lambda's synchronous invocation payload limit (B-7), bytes of the event's JSON. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** An event's JSON around its records: `{"Records":[]}`. */
const RECORDS_ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ Records: [] }), 'utf8');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A bug to put back (see above). */
export type SimplePollerBug = 'skip-failed' | 'count-throttles' | 'restart-ignores-checkpoint' | 'retry-after-stop' | 'stale-iterator' | 'age-past-retention' | 'filter-encoded-data' | 'filter-unreported' | 'no-final-invoke' | 'close-unread' | 'ignore-payload' | 'eager-children' | 'retry-whole-batch';

/** The poller, honest or with one `bug` put back. */
export function simplePoller(bug?: SimplePollerBug): PollerUnderTest {
  let stopped = false;
  return {
    async start(ctx) {
      await readShards(ctx, () => stopped, bug);
    },
    stop() {
      stopped = true;
    },
  };
}

/** The honest poller's factory, as `streamcheck conform` loads it from a module. */
export const makePoller: PollerFactory = () => simplePoller();

/** What the poller handles beyond the basics: Lambda's throttles (D-1), being stopped and started again (C-2), FilterCriteria (I), tumbling windows (H), configuration updates, resharding (J-4) and partial batch responses (E). */
export const features: PollerFeatures = { throttling: true, restarts: true, filtering: true, tumblingWindows: true, updates: true, resharding: true, partialResponses: true };

/**
 * Read every shard, a child only once each of its parents (those the stream
 * still lists) has been read to its end, so that a key's records in a parent
 * come before its records in the children (J-4). A restarted poller reads a
 * finished parent again from its checkpoint: it reaches the end at once.
 */
async function readShards(ctx: PollerContext, stopped: () => boolean, bug: SimplePollerBug | undefined): Promise<void> {
  // D-7: a record expires with the stream's retention, whatever MaximumRecordAgeInSeconds says.
  const { RetentionPeriodHours } = (await ctx.kinesis.describeStreamSummary()).StreamDescriptionSummary;
  const reader: Reader = { ctx, stopped, bug, retentionMs: RetentionPeriodHours * 3_600_000 };
  const started = new Set<string>();
  const ended = new Set<string>();
  const readReady = async (): Promise<void> => {
    const { Shards } = await ctx.kinesis.listShards();
    const listed = new Set(Shards.map((s) => s.ShardId));
    const parentDone = (parent: string | undefined) => parent === undefined || ended.has(parent) || !listed.has(parent) || bug === 'eager-children';
    const ready = Shards.filter((s) => !started.has(s.ShardId) && parentDone(s.ParentShardId) && parentDone(s.AdjacentParentShardId));
    for (const s of ready) started.add(s.ShardId);
    await Promise.all(ready.map(async (s) => {
      if (!(await pollShard(reader, s.ShardId)) || stopped()) return;
      ended.add(s.ShardId);
      await readReady();
    }));
  };
  // The eager bug also looks for new shards every second, not only when a shard ends.
  if (bug === 'eager-children') void (async () => { while (!stopped()) { await sleep(1000); if (!stopped()) await readReady(); } })().catch(() => {}); // a shard's failure reaches the harness through its own invoke
  await readReady();
}

/** What every shard's loop shares: the mapping's context, whether the poller was stopped, the bug put back, and the stream's retention. */
interface Reader {
  readonly ctx: PollerContext;
  readonly stopped: () => boolean;
  readonly bug: SimplePollerBug | undefined;
  readonly retentionMs: number;
}

/** Read a shard until the poller is stopped (false) or the shard ends (true, once every record of it is done). */
async function pollShard(reader: Reader, shardId: string): Promise<boolean> {
  const { ctx, stopped, bug } = reader;
  let iterator: string | null = (await ctx.kinesis.getShardIterator({ ShardId: shardId, ...startOf(ctx, shardId, bug) })).ShardIterator;
  let lastRead: string | undefined;
  const queue: KinesisRecord[] = [];
  const passes = recordFilter(ctx.config.FilterCriteria, bug === 'filter-encoded-data' ? 'base64-text' : 'decoded');
  const windowMs = ctx.config.TumblingWindowInSeconds * 1000;
  const failedOutright = (response: unknown) => reportedFailures(ctx, response, []) === 'all';
  const window = windowMs > 0 ? new ShardWindow(ctx, shardId, windowMs, { stopped, sleep, failedOutright, skipFinal: bug === 'no-final-invoke', closeUnread: bug === 'close-unread' }) : undefined;
  while (!stopped() && iterator !== null) {
    const readAt = Date.now();
    // An iterator lives five minutes; a batch retried for longer leaves it stale (the first draft of this poller died of it).
    const out: GetRecordsOut = await ctx.kinesis.getRecords({ ShardIterator: iterator }).catch(async (err: Error) => {
      if (err.name !== 'ExpiredIteratorException' || lastRead === undefined || bug === 'stale-iterator') throw err;
      const fresh = await ctx.kinesis.getShardIterator({ ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: lastRead });
      return ctx.kinesis.getRecords({ ShardIterator: fresh.ShardIterator });
    });
    iterator = out.NextShardIterator;
    lastRead = out.Records.at(-1)?.SequenceNumber ?? lastRead;
    const kept = passes ? filtered(ctx, shardId, out.Records, passes, bug) : out.Records;
    queue.push(...kept);
    while (queue.length > 0 && !stopped()) {
      const batch = await nextBatch(ctx, shardId, queue, window, bug);
      if (!stopped()) await processBatch(reader, shardId, batch, window);
    }
    // I-3: the checkpoint moves past records filtered out after the last one processed.
    if (!stopped() && kept.at(-1) !== out.Records.at(-1)) ctx.checkpoint(shardId, out.Records.at(-1)!.SequenceNumber);
    if (!stopped()) await window?.closeIfDue(readAt, out.MillisBehindLatest === 0);
    if (iterator !== null) await sleep(1000);
  }
  // H-6: a shard's end closes its open window; the children start their own.
  if (!stopped() && iterator === null) await window?.closeAtShardEnd();
  return !stopped() && iterator === null;
}

/** A batch taken from the queue: its records, as its event carries them, and the size of each one's JSON there (B-7). */
interface Taken {
  readonly records: KinesisRecord[];
  readonly events: KinesisStreamEvent['Records'];
  readonly sizes: number[];
}

/**
 * The next batch from the front of `queue`: up to BatchSize records (of one
 * window, with a tumbling window), and no more than the event's JSON fits in
 * 6 MB (B-7); the rest stay queued. The first record always goes: one too
 * large alone (a stream that takes 10 MiB records) waits in processBatch.
 */
async function nextBatch(ctx: PollerContext, shardId: string, queue: KinesisRecord[], window: ShardWindow | undefined, bug: SimplePollerBug | undefined): Promise<Taken> {
  const records = window ? await window.nextBatch(queue, ctx.config.BatchSize) : queue.splice(0, ctx.config.BatchSize);
  const events = recordsOf(ctx, shardId, records);
  const sizes = events.map((e) => Buffer.byteLength(JSON.stringify(e), 'utf8'));
  let n = bug === 'ignore-payload' ? records.length : 1;
  for (let bytes = envelopeBytes(window, records[0]!) + sizes[0]!; n < records.length; n++) {
    bytes += 1 + sizes[n]!; // a comma, and the record
    if (bytes > MAX_PAYLOAD_BYTES) break;
  }
  queue.unshift(...records.splice(n));
  return { records, events: events.slice(0, n), sizes: sizes.slice(0, n) };
}

/** The JSON of an event around its records: `{"Records":[]}`, with a tumbling window's fields (H-9). */
function envelopeBytes(window: ShardWindow | undefined, first: KinesisRecord): number {
  return window ? window.emptyEventBytes(first) : RECORDS_ENVELOPE_BYTES;
}

/** The records read that pass the mapping's filters; the rest are reported as filtered out (I-3), unless the bug hides them. */
function filtered(ctx: PollerContext, shardId: string, records: readonly KinesisRecord[], passes: RecordFilter, bug: SimplePollerBug | undefined): KinesisRecord[] {
  const pass = records.map((r) => passes(r.Data));
  const kept = records.filter((_, i) => pass[i]);
  const dropped = records.filter((_, i) => !pass[i]).map((r) => r.SequenceNumber);
  if (dropped.length > 0 && bug !== 'filter-unreported') ctx.filter(shardId, dropped);
  return kept;
}

/**
 * Where to read a shard from: after the last checkpoint when there is one
 * (a restart, C-2), else the configured starting position (C-1). LATEST means
 * "what arrives after the mapping started", which a restart must honour too,
 * so it is read as AT_TIMESTAMP one millisecond after the start.
 */
function startOf(ctx: PollerContext, shardId: string, bug: SimplePollerBug | undefined): Pick<Parameters<KinesisClientLike['getShardIterator']>[0], 'ShardIteratorType' | 'StartingSequenceNumber' | 'Timestamp'> {
  const { config } = ctx;
  const checkpoint = bug === 'restart-ignores-checkpoint' ? undefined : ctx.checkpoints[shardId];
  if (checkpoint !== undefined) return { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: checkpoint };
  if (config.StartingPosition === 'AT_TIMESTAMP') return { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(config.StartingPositionTimestamp! * 1000) };
  if (config.StartingPosition === 'LATEST' && bug !== 'restart-ignores-checkpoint') return { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(ctx.startedAt.getTime() + 1) };
  return { ShardIteratorType: config.StartingPosition };
}

async function processBatch(reader: Reader, shardId: string, taken: Taken, window: ShardWindow | undefined): Promise<void> {
  const { ctx, stopped, bug, retentionMs } = reader;
  const { config } = ctx;
  let throttles = 0;
  let { records: batch, events, sizes } = taken;
  /** The batch goes on without its first `n` records (given up, or processed before a partial failure). */
  const drop = (n: number) => {
    batch = batch.slice(n);
    events = events.slice(n);
    sizes = sizes.slice(n);
  };
  for (let attempt = 0; ; attempt++) {
    // Stopped (the mapping was disabled): leave the batch to the next poller, which resumes after the checkpoint.
    if (stopped() && bug !== 'retry-after-stop') return;
    // A record expires with the stream's retention whatever MaximumRecordAgeInSeconds says (D-7; the first draft forgot it).
    const maxAgeMs = Math.min(bug === 'age-past-retention' ? Infinity : retentionMs, config.MaximumRecordAgeInSeconds === -1 ? retentionMs : config.MaximumRecordAgeInSeconds * 1000);
    // Date.now() as a real poller reads it: under the harness, Date is the virtual clock's (fake globals).
    // D-6: the records at the front that are too old are given up (a shard's records arrive in order).
    let expired = 0;
    while (expired < batch.length && Date.now() - batch[expired]!.ApproximateArrivalTimestamp.getTime() > maxAgeMs) expired++;
    if (expired > 0) {
      ctx.discard(shardId, batch.slice(0, expired).map((r) => r.SequenceNumber), 'RecordAgeExceeded');
      // The checkpoint moves past them, so that a restart does not give them up again.
      ctx.checkpoint(shardId, batch[expired - 1]!.SequenceNumber);
      if (expired === batch.length) return;
      drop(expired);
    }
    // B-7: a batch whose event is past 6 MB (one huge record, or a retry whose window state grew) cannot be sent; it waits, no retry spent, until it ages out.
    const bytes = envelopeBytes(window, batch[0]!) + sizes.reduce((sum, b) => sum + b, batch.length - 1);
    if (bytes > MAX_PAYLOAD_BYTES && bug !== 'ignore-payload') {
      attempt--;
      await sleep(60_000);
      continue;
    }
    const result = await ctx.invoke(shardId, window ? window.eventFor(events, batch[0]!) : { Records: events });
    if (result.outcome === 'throttled' && bug !== 'count-throttles') {
      attempt--; // D-1: the batch never reached the function, so no retry is spent
      await sleep(Math.min(500 * 2 ** throttles++, 60_000));
      continue;
    }
    // E-1..E-6: what the response reports; H-3: in a tumbling window, a return counts only with the state the next invocation gets.
    const failedFrom = result.outcome === 'return' ? reportedFailures(ctx, result.response, batch) : 'all';
    const counted = window && result.outcome !== 'throttled' ? window.ended(result, failedFrom === 'all') : failedFrom !== 'all';
    // E-3: a counted return may still report failed records; the retry starts at the lowest, and counts (E-7).
    const done = !counted || failedFrom === 'all' || (bug === 'retry-whole-batch' && failedFrom < batch.length) ? 0 : failedFrom;
    if (done === batch.length || bug === 'skip-failed') return ctx.checkpoint(shardId, batch.at(-1)!.SequenceNumber);
    if (done > 0) {
      ctx.checkpoint(shardId, batch[done - 1]!.SequenceNumber);
      drop(done);
    }
    if (config.MaximumRetryAttempts !== -1 && attempt >= config.MaximumRetryAttempts) {
      ctx.discard(shardId, batch.map((r) => r.SequenceNumber), 'RetryAttemptsExhausted');
      return ctx.checkpoint(shardId, batch.at(-1)!.SequenceNumber);
    }
    await sleep(Math.min(1000 * 2 ** attempt, 60_000));
  }
}

/**
 * Where a returned response says the batch failed (E-1..E-6): the index of
 * the lowest record it reports (the batch's length when it reports none),
 * or `all` for a complete failure (an item malformed or naming a record not
 * in the batch, or a `batchItemFailures` that is not a list). Without
 * ReportBatchItemFailures the body is ignored; a response that is not an
 * object, or has no `batchItemFailures` (another top-level key included,
 * E-6), reports none.
 */
function reportedFailures(ctx: PollerContext, response: unknown, batch: readonly KinesisRecord[]): number | 'all' {
  if (!ctx.config.FunctionResponseTypes.includes('ReportBatchItemFailures')) return batch.length; // E-1
  const items = typeof response === 'object' && response !== null ? (response as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (items === undefined || items === null) return batch.length; // E-4, E-6
  if (!Array.isArray(items)) return 'all';
  let lowest = batch.length;
  for (const item of items) {
    const id = typeof item === 'object' && item !== null ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    const at = typeof id === 'string' ? batch.findIndex((r) => r.SequenceNumber === id) : -1;
    if (at < 0) return 'all'; // E-5
    lowest = Math.min(lowest, at);
  }
  return lowest;
}

function recordsOf(ctx: PollerContext, shardId: string, batch: readonly KinesisRecord[]): KinesisStreamEvent['Records'] {
  return batch.map((r) => ({
    kinesis: {
      kinesisSchemaVersion: '1.0', partitionKey: r.PartitionKey, sequenceNumber: r.SequenceNumber,
      data: Buffer.from(r.Data).toString('base64'), approximateArrivalTimestamp: r.ApproximateArrivalTimestamp.getTime() / 1000,
    },
    eventSource: 'aws:kinesis', eventVersion: '1.0', eventID: `${shardId}:${r.SequenceNumber}`, eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role', awsRegion: 'us-east-1', eventSourceARN: ctx.streamArn,
  }));
}
