/**
 * Scenario files: one concrete Kinesis mapping case (exactly the shape a
 * generated case has, so `repro --save` can write one) and the outcomes it
 * must produce. The published contract is `scenario.schema.json`;
 * docs/scenarios.md explains the format.
 */
import type { GeneratedCase } from '../workload/arbitraries.ts';
import type { GeneratedDynamoDbCase } from '../workload/dynamodbArbitraries.ts';
import type { DiscardCondition } from '../trace/TraceEvent.ts';

/** A virtual time (ms after the run's epoch, like put times), exact or a range. */
export type TimeExpectation = number | { readonly min?: number; readonly max?: number };

/** How an invocation ended, as the trace records it. */
export type Outcome = 'return' | 'error' | 'timeout';

/** One expected invocation: its batch as record names, optionally more facts. */
export type BatchExpectation =
  | readonly string[]
  | {
      readonly records: readonly string[];
      readonly shard?: string;
      readonly lane?: number;
      readonly at?: TimeExpectation;
      readonly outcome?: Outcome;
      /** With a tumbling window: the state the invocation was given (H-3, H-6), a JSON value compared whatever its key order. */
      readonly state?: unknown;
      /** With a tumbling window: whether it was the window's final invocation (H-4). */
      readonly final?: boolean;
    };

/** Expected invocation sequence, in trace order. */
export interface InvocationsExpectation {
  /** `exact` (default): these and no more; `prefix`: the run starts with these. */
  readonly match?: 'exact' | 'prefix';
  readonly batches: readonly BatchExpectation[];
}

/** An expected give-up (D-5), with or without a destination. */
export interface DiscardExpectation {
  readonly records: readonly string[];
  readonly condition: DiscardCondition;
  readonly shard?: string;
}

/** A finding the run must produce (a scenario that shows a violation on purpose). */
export interface FindingExpectation {
  readonly checker: string;
  readonly rule?: string;
}

/** An AWS error the configuration must be rejected with (A-*). */
export interface ErrorExpectation {
  readonly type?: string;
  readonly message?: string;
  /** A regular expression the whole message must match (messages with generated values, e.g. A-18's UUID). */
  readonly messagePattern?: string;
}

/** Everything a scenario may expect; every part is optional but one must be given. */
export interface Expectations {
  readonly error?: ErrorExpectation;
  readonly invocations?: InvocationsExpectation;
  /** Per record name, how many invocations delivered it. */
  readonly deliveries?: Readonly<Record<string, number>>;
  /** Per record name, how many throttled invocations held it (D-1): they never reached the function. */
  readonly throttles?: Readonly<Record<string, number>>;
  /** Every give-up, in order (exact). */
  readonly discards?: readonly DiscardExpectation[];
  /**
   * Every on-failure destination message, in order (exact count); each is a
   * subset of the message's JSON. `"$seq:r5"` stands for r5's sequence number,
   * `"$arrival:r5"` for its arrival time as the F-2 ISO string, and the value
   * `"$absent"` requires the key to be absent.
   */
  readonly onFailure?: readonly unknown[];
  /**
   * Every S3 on-failure object key (F-5), in order (exact count). In a key,
   * `$uuid` stands for any UUID (the mapping's, or the object's random part:
   * both come from the run's seed, and a scenario should not depend on how);
   * the rest must match exactly.
   */
  readonly s3Keys?: readonly string[];
  /**
   * Per shard id, the largest IteratorAge (J-5) of the run, ms: the age of a
   * batch's last record when its invocation ended (src/trace/iteratorAge.ts),
   * exactly or as a range.
   */
  readonly maxIteratorAge?: Readonly<Record<string, TimeExpectation>>;
  /** Final checkpoint per shard id, as a record name (null: never checkpointed). */
  readonly checkpoints?: Readonly<Record<string, string | null>>;
  /** Findings the checkers must report (exactly these kinds); default: none. */
  readonly findings?: readonly FindingExpectation[];
}

/** A scenario file. */
export interface Scenario {
  readonly $schema?: string;
  /** One line: what the scenario shows. */
  readonly name: string;
  /** Rule IDs of the semantics catalogue it covers, e.g. `D-7`. */
  readonly rules: readonly string[];
  readonly description?: string;
  /** The suite the case belongs to: `kinesis` (default) or `dynamodb`. */
  readonly suite?: 'kinesis' | 'dynamodb';
  /** The case, exactly as a generated one (workload, mapping, function, options, seed). */
  readonly case: GeneratedCase | GeneratedDynamoDbCase;
  readonly expect: Expectations;
}

/** A scenario with where it came from. */
export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
}
