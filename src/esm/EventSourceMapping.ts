/**
 * The event source mapping for a stream: one consumer per shard, started in
 * lineage order (J-4); records given up reported to the on-failure
 * destination (D-5, F-1..F-5); disabled and re-enabled at run time, resuming
 * from its checkpoints (A-13, C-2); updated while it runs, asynchronously
 * (A-20).
 */
import type { GetShardIteratorInput } from '../kinesis/KinesisStream.ts';
import { Backoff } from './Backoff.ts';
import type { StreamRecord } from '../kinesis/Shard.ts';
import type { Invoker, InvokeRequest, InvocationResult } from '../lambda/Invoker.ts';
import type { VirtualClock } from '../sim/Clock.ts';
import type { Rng } from '../sim/Rng.ts';
import type { TraceRecorder } from '../trace/Trace.ts';
import type { DiscardCondition, StartEvent } from '../trace/TraceEvent.ts';
import type { Attempt } from './Attempt.ts';
import { destinationKind, type EsmConfig } from './EsmConfig.ts';
import { compileFilter } from './FilterCriteria.ts';
import { Lineage } from './Lineage.ts';
import { MappingLifecycle, type LifecycleHost, type ResumeReason } from './MappingLifecycle.ts';
import type { ModelOptions } from './ModelOptions.ts';
import { onFailureMessage, s3ObjectKey } from './OnFailureRecord.ts';
import { ShardConsumer, type ConsumerContext } from './ShardConsumer.ts';
import type { StreamSource } from './StreamSource.ts';

/** The default lane assignment: FNV-1a of the partition key, modulo the lane count (G-5). */
export function fnvLane(partitionKey: string, lanes: number): number {
  if (lanes === 1) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i++) {
    h ^= partitionKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % lanes;
}

/** Collaborators of a mapping. */
export interface MappingParts {
  readonly config: EsmConfig;
  readonly options: ModelOptions;
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly trace: TraceRecorder;
  readonly source: StreamSource;
  readonly invoker: Invoker;
  readonly functionArn: string;
  /** The mapping's UUID (S3 on-failure object keys name it, F-5). */
  readonly uuid: string;
}

/** A running mapping. */
export class EventSourceMapping implements LifecycleHost {
  private readonly consumers = new Map<string, ShardConsumer>();
  /** The consumers as a list, for the quiescence check the run makes before every step (rebuilt when they change). */
  private consumerList: ShardConsumer[] | undefined;
  private readonly positions = new Map<string, string>();
  private readonly lineage: Lineage;
  /** The random part of S3 object keys (F-5), a stream of its own so that keys shift no other draw. */
  private s3KeyRng: Rng | undefined;
  private initialShards = new Set<string>();
  private context: ConsumerContext | undefined;
  /** Enabled again after a disable (C-2); read only by the `resume-from-trim-horizon` mutation. */
  private reEnabled = false;
  private invocationsInFlight = 0;
  private discoveryScheduled = false;
  private created = false;
  /** The configuration in force (A-20: an update replaces it once applied). */
  private current: EsmConfig;
  /** Enabled, disabled, updating (A-13, A-20, C-2). */
  private readonly lifecycle: MappingLifecycle;

  constructor(private readonly parts: MappingParts) {
    this.current = parts.config;
    this.lineage = new Lineage(parts.options.lineage, parts.options.mutation === 'child-before-parent');
    const mapping = this; // methods, not arrow properties: see docs/design.md, "Closures and the loader"
    // The mapping is its lifecycle's host: an object literal with the same methods (one a getter) made the bench's workloads about a quarter slower, through the collector (docs/design.md, "Closures and the loader").
    this.lifecycle = new MappingLifecycle(this, parts.clock, parts.trace, parts.options.updateLagMs);
    parts.invoker.observe({
      ending() {
        mapping.invocationsInFlight--;
      },
      ended() {
        if (mapping.invocationsInFlight === 0) mapping.lifecycle.drained();
      },
    });
  }

  /** Create the mapping: start reading unless it is created disabled (A-13: then nothing is owed until enabled). */
  start(): void {
    this.created = true;
    if (this.current.Enabled) this.begin();
  }

  /** The first time the mapping reads: the `start` event and the starting position's reference time (C-1). */
  private begin(): void {
    const { clock, trace, source, functionArn } = this.parts;
    const config = this.current;
    trace.emit(startEvent(clock.now, source.arn, functionArn, config));
    this.context = this.consumerContext();
    this.lifecycle.begin();
    this.initialShards = new Set(source.api.listShards().map((s) => s.ShardId));
    this.discover();
  }

  private consumerContext(): ConsumerContext {
    const { clock, source, invoker, options, trace } = this.parts;
    const mapping = this; // methods, not arrow properties: see docs/design.md, "Closures and the loader"
    return {
      options,
      clock,
      trace,
      config: this.current,
      stream: source.api,
      invoker: {
        invoke(req: InvokeRequest, done: (r: InvocationResult) => void) {
          return mapping.invoke(invoker, req, done);
        },
      },
      sizer: source,
      backoff: new Backoff(options.backoff),
      maxAgeMs: this.maxAgeMs(),
      retentionMs: source.retentionMs,
      startedAt: clock.now,
      streamArn: source.arn,
      laneOf: fnvLane,
      ...this.filterOf(source),
      discard(shardId, records, condition, attempt) {
        mapping.discard(shardId, records, condition, attempt);
      },
      shardEnded(shardId) {
        mapping.lineage.markEnded(shardId);
        mapping.startReady();
      },
      shardFinished(shardId) {
        mapping.shardFinished(shardId);
      },
      checkpointed(shardId, seq) {
        mapping.positions.set(shardId, seq);
      },
    };
  }

  /** The mapping's FilterCriteria as a record test (I-1), when it has filters. */
  private filterOf(source: StreamSource): Pick<ConsumerContext, 'passes'> {
    const pattern = this.parts.options.mutation === 'ignore-filters' ? undefined : compileFilter(this.current.FilterCriteria);
    return pattern ? { passes: (r) => pattern(source.filterView(r)) } : {};
  }

  /** Count invocations in flight, so disabling knows when the last one ended (C-2); the invoker reports their ends. A throttled one (D-1) never started. */
  private invoke(invoker: Invoker, req: InvokeRequest, done: (r: InvocationResult) => void): boolean {
    this.invocationsInFlight++;
    const admitted = invoker.invoke(req, done);
    if (!admitted) this.invocationsInFlight--;
    return admitted;
  }

  /** ListShards, and watch for the next resharding (J-4). */
  private discover(): void {
    const { source, clock } = this.parts;
    this.lineage.discover(source.api.listShards());
    source.api.onReshard(() => {
      if (this.discoveryScheduled) return;
      this.discoveryScheduled = true;
      clock.at(clock.now, () => {
        this.discoveryScheduled = false;
        this.discover();
      });
    });
    this.startReady();
  }

  /** Start a consumer for every shard the lineage allows and nobody reads yet. */
  private startReady(): void {
    if (!this.lifecycle.reading) return;
    for (const shardId of this.lineage.ready()) {
      if (this.consumers.has(shardId)) continue;
      const consumer = new ShardConsumer(shardId, this.context!);
      this.consumers.set(shardId, consumer);
      this.consumerList = undefined;
      consumer.start(() => this.position(shardId));
    }
  }

  private shardFinished(shardId: string): void {
    this.lineage.markFinished(shardId);
    this.consumers.delete(shardId);
    this.consumerList = undefined;
    this.startReady();
  }

  /**
   * Where a consumer starts, as of now (asked again when its first iterator
   * expires before it read anything): after its checkpoint (C-2: GetRecords clamps to
   * the trim horizon); else the starting position for shards that existed
   * when the mapping started (C-1; LATEST, when the reading starts later, as
   * "arrived after the start"); else, for children, the beginning (J-4).
   */
  private position(shardId: string): Omit<GetShardIteratorInput, 'ShardId'> {
    const { clock, options } = this.parts;
    const config = this.current;
    const startedAt = this.context!.startedAt;
    if (options.mutation === 'resume-latest-after-enable' && clock.now > startedAt && this.initialShards.has(shardId)) return { ShardIteratorType: 'LATEST' };
    const checkpoint = this.positions.get(shardId);
    if (options.mutation === 'resume-from-trim-horizon' && checkpoint !== undefined && this.reEnabled) return { ShardIteratorType: 'TRIM_HORIZON' };
    if (checkpoint !== undefined) return { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: checkpoint };
    if (options.mutation === 'latest-reads-backlog' && config.StartingPosition === 'LATEST') return { ShardIteratorType: 'TRIM_HORIZON' };
    if (!this.initialShards.has(shardId)) return { ShardIteratorType: 'TRIM_HORIZON' };
    if (config.StartingPosition === 'AT_TIMESTAMP') return { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: config.StartingPositionTimestamp! * 1000 };
    if (config.StartingPosition === 'LATEST' && clock.now > startedAt) return { ShardIteratorType: 'AT_TIMESTAMP', Timestamp: startedAt + 1 };
    return { ShardIteratorType: config.StartingPosition };
  }

  /** UpdateEventSourceMapping Enabled=false (A-13, C-2): stop starting work; in-flight invocations end and count. */
  disable(): void {
    this.lifecycle.disable();
  }

  /** Invocations in flight (for the lifecycle: a stop lets them end). */
  get inFlight(): number {
    return this.invocationsInFlight;
  }

  /** Stop every consumer; they will resume from the checkpoints (C-2). For the lifecycle. */
  stopReading(): void {
    for (const c of this.consumers.values()) c.stop();
    this.consumers.clear();
    this.consumerList = undefined;
    this.lineage.forgetUnfinished();
  }

  /**
   * UpdateEventSourceMapping: the pollers stop; once `updateLagMs` has
   * passed and nothing is in flight, the new configuration applies (a
   * `config` event) and the pollers restart from the checkpoints, so new
   * batches follow it and retries in progress start over.
   */
  update(config: EsmConfig): void {
    this.lifecycle.update(config);
  }

  /** Start consumers again, from the checkpoints, after a re-enable or an applied update. For the lifecycle. */
  startReading(why: ResumeReason): void {
    if (why === 're-enabled (C-2)') this.reEnabled = true;
    this.startReady();
  }

  /** The configuration in force. For the lifecycle. */
  get config(): EsmConfig {
    return this.current;
  }

  /** The configuration from now on; once reading, the consumers' context follows it. For the lifecycle. */
  configure(config: EsmConfig): void {
    this.current = config;
    if (this.context) this.context = { ...this.consumerContext(), startedAt: this.context.startedAt };
  }

  /** UpdateEventSourceMapping Enabled=true: resume from the checkpoints once nothing is in flight (C-2); a mapping created disabled starts now. */
  enable(): void {
    if (!this.created) return;
    if (!this.lifecycle.hasStarted) return this.begin();
    this.lifecycle.enable();
  }

  /** Every consumer is finished or caught up with nothing pending; a disabled mapping has nothing in flight. */
  get quiescent(): boolean {
    if (this.lifecycle.updating) return false;
    if (!this.lifecycle.reading) return this.invocationsInFlight === 0 && !this.lifecycle.resuming;
    if (this.discoveryScheduled) return false;
    this.consumerList ??= [...this.consumers.values()];
    for (const c of this.consumerList) if (!c.quiescent) return false;
    return true;
  }

  /** A-7/D-2: MaximumRecordAgeInSeconds, else the stream's retention. */
  private maxAgeMs(): number {
    const age = this.current.MaximumRecordAgeInSeconds;
    const retention = this.parts.source.retentionMs;
    return age === -1 ? retention : Math.min(age * 1000, retention);
  }

  private discard(shardId: string, records: readonly StreamRecord[], condition: DiscardCondition, attempt: Attempt): void {
    const { clock, trace, rng, source, functionArn } = this.parts;
    const config = this.current;
    const now = clock.now;
    trace.emit({ t: now, type: 'discard', shardId, records: records.map((r) => r.sequenceNumber), condition });
    const arn = config.DestinationConfig.OnFailure.Destination;
    if (!arn) return; // P-5: without a destination the records are gone without trace
    const kind = destinationKind(arn)!;
    const message = onFailureMessage(
      {
        requestId: attempt.lastRequestId ?? rng.uuid(),
        functionArn,
        condition,
        approximateInvokeCount: this.parts.options.mutation === 'invoke-count-retries-only' ? Math.max(1, attempt.invocations - 1) : attempt.invocations,
        functionError: attempt.functionError === undefined ? 'Unhandled' : attempt.functionError, // F-4: null for partial responses
        timestampMs: now,
        streamArn: source.arn,
        records,
      },
      source,
      kind === 's3' ? source.event(records) : undefined,
    );
    if (this.parts.options.mutation === 'age-record-with-response' && condition === 'RecordAgeExceeded') {
      message['responseContext'] = { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' };
    }
    const key = kind === 's3' ? { key: s3ObjectKey(this.parts.uuid, shardId, now, (this.s3KeyRng ??= this.parts.rng.fork('s3-keys')).uuid()) } : {};
    trace.emit({ t: now, type: 'destination', arn, kind, ...key, message });
  }
}

/** The `start` event of a mapping that begins reading at `t` (C-1: its starting position, the timestamp in epoch ms). */
export function startEvent(t: number, streamArn: string, functionArn: string, config: EsmConfig): StartEvent {
  return {
    t, type: 'start', streamArn, functionArn, startingPosition: config.StartingPosition,
    ...(config.StartingPositionTimestamp !== undefined ? { startingPositionTimestamp: config.StartingPositionTimestamp * 1000 } : {}),
  };
}
