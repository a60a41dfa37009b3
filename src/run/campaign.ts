/**
 * A campaign: K generated cases of one suite, simulated and checked, with the
 * first violation shrunk to a minimal counterexample. Deterministic in
 * (suite, seed, runs, mutation): fast-check's seed fixes every case, every
 * case fixes its simulation, and the digest covers every trace in order.
 */
import * as fc from 'fast-check';
import type { Finding } from '../check/Finding.ts';
import type { AnySuite, CaseOutcome, JudgedUnder } from '../suite/Suite.ts';
import { TraceDigest } from '../trace/Trace.ts';
import type { TraceEvent } from '../trace/TraceEvent.ts';

/** What to run. */
export interface CampaignSpec {
  readonly suite: AnySuite;
  readonly seed: number;
  readonly runs: number;
  readonly mutation?: string;
  /** fast-check replay path: run only the counterexample it names. */
  readonly path?: string;
  /** Called after each generated case (not during shrinking). */
  readonly onProgress?: (done: number) => void;
}

/** A violation, shrunk, with how to replay it, and the configuration(s) it was judged under when the suite has them. */
export interface Violation extends JudgedUnder {
  readonly suite: string;
  readonly seed: number;
  readonly path: string;
  readonly mutation?: string;
  /** The minimal case. */
  readonly counterexample: unknown;
  readonly findings: readonly Finding[];
  readonly trace: readonly object[];
}

/** The outcome of a campaign. */
export interface CampaignResult {
  readonly suite: string;
  readonly seed: number;
  /** Generated cases checked (shrinking excluded). */
  readonly runs: number;
  readonly violation: Violation | undefined;
  /** SHA-256 over the JSON lines of every generated case's trace. */
  readonly traceDigest: string;
  /** Per scenario class: how many cases hit it. */
  readonly hits: Readonly<Record<string, number>>;
  /** Per checker: how many cases it found a violation in. */
  readonly checkerFailures: Readonly<Record<string, number>>;
}

/** Run a campaign. */
export async function runCampaign(spec: CampaignSpec): Promise<CampaignResult> {
  const digest = new TraceDigest();
  const hits: Record<string, number> = {};
  const checkerFailures: Record<string, number> = Object.fromEntries(spec.suite.checkers.map((c) => [c.name, 0]));
  let generated = 0;
  let shrinking = false;
  const property = fc.asyncProperty(spec.suite.arbitrary, async (c: unknown) => {
    const out = await spec.suite.run(c, spec.mutation);
    if (!shrinking) {
      generated++;
      digest.add(out.trace as TraceEvent[]);
      for (const [k, v] of Object.entries(out.hits)) if (v > 0) hits[k] = (hits[k] ?? 0) + 1;
      for (const name of new Set(out.findings.map((f) => f.checker))) checkerFailures[name] = (checkerFailures[name] ?? 0) + 1;
      spec.onProgress?.(generated);
    }
    if (out.findings.length > 0) shrinking = true;
    return out.findings.length === 0;
  });
  const details = await fc.check(property, { seed: spec.seed, numRuns: spec.runs, ...(spec.path ? { path: spec.path, endOnFailure: true } : {}) });
  const violation = details.failed && details.counterexample ? await shrunk(spec, details.counterexample[0], details.counterexamplePath ?? '') : undefined;
  if (details.failed && !violation) throw new Error(`suite ${spec.suite.name} failed without a counterexample: ${String(details.errorInstance)}`);
  return { suite: spec.suite.name, seed: spec.seed, runs: generated, violation, traceDigest: digest.hex(), hits: sorted(hits), checkerFailures };
}

async function shrunk(spec: CampaignSpec, counterexample: unknown, path: string): Promise<Violation> {
  const out = await spec.suite.run(counterexample, spec.mutation);
  return {
    suite: spec.suite.name, seed: spec.seed, path, ...(spec.mutation ? { mutation: spec.mutation } : {}),
    counterexample, findings: out.findings, trace: out.trace, ...judgedUnder(out),
  };
}

/** The configuration fields of an outcome, when it has them. */
export function judgedUnder(out: CaseOutcome): JudgedUnder {
  return { ...(out.config ? { config: out.config } : {}), ...(out.configs ? { configs: out.configs } : {}) };
}

function sorted(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
