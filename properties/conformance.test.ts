/**
 * Conformance: a trace written by another implementation is checked by the
 * same checkers (`streamcheck check-trace`). A trace the reference model wrote
 * passes; the same trace with a retry removed, as a poller that skips a
 * failing batch would write it, is caught; malformed input exits 2. A trace
 * of two mappings on one stream (C-3) is judged mapping by mapping.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateKinesis } from '../src/run/simulateKinesis.ts';
import { toJsonLines } from '../src/trace/Trace.ts';
import type { InvokeEvent, ResultEvent, TraceEvent } from '../src/trace/TraceEvent.ts';
import { cli } from './cli.ts';

const MAPPING = { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 1, BatchSize: 2 };
let dir = '';
let trace: readonly TraceEvent[] = [];

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'streamcheck-conformance-'));
  const c = {
    workload: { stream: { shards: 1 }, puts: [0, 1, 2, 3].map((i) => ({ at: i * 10, partitionKey: 'k' })) },
    mapping: MAPPING,
    function: { behaviour: { rules: [{ match: { rids: ['r1'] }, action: 'throw' as const, times: 1 }] } },
  };
  trace = (await simulateKinesis(c, { seed: '1' })).trace;
  write('mapping.json', JSON.stringify(MAPPING));
});

/** The trace of a poller that never retries a failed batch: the retry's invoke and result are gone. */
function withoutRetry(events: readonly TraceEvent[]): TraceEvent[] {
  const failed = events.find((e): e is ResultEvent => e.type === 'result' && e.outcome === 'error')!;
  const batch = events.find((e): e is InvokeEvent => e.type === 'invoke' && e.id === failed.id)!;
  const retryIds = new Set(events.filter((e): e is InvokeEvent => e.type === 'invoke' && e.t > failed.t && e.records.join() === batch.records.join()).map((e) => e.id));
  return events.filter((e) => !('id' in e && retryIds.has(e.id)));
}

describe('streamcheck check-trace', () => {
  it('passes the reference model\'s own trace', async () => {
    const run = await cli('check-trace', write('good.jsonl', toJsonLines(trace)), '--config', join(dir, 'mapping.json'));
    expect(run.stdout).toMatch(/all checkers hold/);
    expect(run.code).toBe(0);
  });

  it('catches an implementation that skips a failing batch, with the story', async () => {
    const run = await cli('check-trace', write('skip.jsonl', toJsonLines(withoutRetry(trace))), '--config', join(dir, 'mapping.json'), '--json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { violations: Array<{ checker: string; text: string }> };
    expect(out.violations.map((v) => v.checker)).toContain('conservation');
    expect(out.violations.find((v) => v.checker === 'conservation')!.text).toMatch(/lost silently/);
  });

  it('tells the story in seconds from the trace\'s first event, whatever clock the implementation kept', async () => {
    const broken = withoutRetry(trace);
    const texts = async (events: readonly TraceEvent[], name: string) => {
      const run = await cli('check-trace', write(name, toJsonLines(events)), '--config', join(dir, 'mapping.json'), '--json');
      return (JSON.parse(run.stdout) as { violations: Array<{ text: string }> }).violations.map((v) => v.text);
    };
    const ours = await texts(broken, 'ours.jsonl');
    // The same run, stamped by a clock of September 2020 instead of the model's 2026-01-01.
    const shift = 1_600_000_000_000 - trace[0]!.t;
    const theirs = await texts(broken.map((e) => ({ ...e, t: e.t + shift })) as TraceEvent[], 'theirs.jsonl');
    expect(ours.join('\n')).toMatch(/\(t=\d+\.\d{3}s\)/);
    expect(theirs).toEqual(ours);
  });

  it('rejects a malformed line with its line number, pointer and reason, and checks nothing', async () => {
    const lines = toJsonLines(trace).split('\n');
    lines.splice(2, 0, JSON.stringify({ t: 5, type: 'put', rid: 'x', shardId: 'shardId-000000000000', seq: '012', partitionKey: 'k', bytes: 1 }));
    const run = await cli('check-trace', write('bad.jsonl', lines.join('\n')), '--config', join(dir, 'mapping.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.jsonl:3: "put" event: at \/seq: must match pattern/);
    expect(run.stdout).toBe('');
  });

  it('rejects non-JSON, an unknown event type and events out of time order', async () => {
    for (const [text, message] of [
      ['{"t":1,"type":"start"', /not JSON/],
      ['{"t":1,"type":"teleport"}', /must be one of start, put/],
      [toJsonLines([...trace].reverse()), /x\.jsonl:2: the event \(t=\d+\) is earlier than the one before it, on line 1/],
      ['', /x\.jsonl has no events/],
      ['[1,2]', /x\.jsonl:1: must be a JSON object, one event per line \(got an array\)/],
    ] as const) {
      const run = await cli('check-trace', write('x.jsonl', text), '--config', join(dir, 'mapping.json'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
  });

  it('reads a trace that begins with a byte order mark', async () => {
    const run = await cli('check-trace', write('bom.jsonl', '\uFEFF' + toJsonLines(trace)), '--config', join(dir, 'mapping.json'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('without a start event, asks for the stream in the configuration rather than blaming it', async () => {
    const headless = write('headless.jsonl', toJsonLines(trace.filter((e) => e.type !== 'start')));
    const run = await cli('check-trace', headless, '--config', join(dir, 'mapping.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the trace has no start event, so the stream the mapping reads is unknown: give EventSourceArn in the configuration/);
  });

  describe('a trace of two mappings on one stream (C-3)', () => {
    const SECOND = { StartingPosition: 'TRIM_HORIZON', BatchSize: 3, MaximumRetryAttempts: 0, FunctionName: 'second' };
    let both: readonly TraceEvent[] = [];
    let uuids: string[] = [];
    beforeAll(async () => {
      const c = {
        workload: { stream: { shards: 1 }, puts: [0, 1, 2, 3].map((i) => ({ at: i * 10, partitionKey: 'k' })) },
        mapping: MAPPING,
        mappings: [SECOND],
        function: { behaviour: { rules: [{ match: { rids: ['r1'] }, action: 'throw' as const, times: 1 }] } },
      };
      const run = await simulateKinesis(c, { seed: '2' });
      both = run.trace;
      uuids = Object.keys(run.configs!);
      write('two.jsonl', toJsonLines(both));
      write('two-mappings.json', JSON.stringify({ [uuids[0]!]: MAPPING, [uuids[1]!]: SECOND }));
    });

    it('holds when each mapping is judged on its own events under its own request', async () => {
      const run = await cli('check-trace', join(dir, 'two.jsonl'), '--config', join(dir, 'two-mappings.json'));
      expect(run.stdout).toMatch(/of 2 mappings: all checkers hold/);
      expect(run.code).toBe(0);
    });

    it('names the mapping whose retry was skipped', async () => {
      // The first mapping (MaximumRetryAttempts 1) retries r1's batch; its poller skips the retry.
      const first = both.filter((e) => (e as { mapping?: string }).mapping !== uuids[1]);
      const second = both.filter((e) => (e as { mapping?: string }).mapping === uuids[1]);
      const broken = [...withoutRetry(first), ...second].sort((a, b) => a.t - b.t);
      const run = await cli('check-trace', write('two-broken.jsonl', toJsonLines(broken)), '--config', join(dir, 'two-mappings.json'), '--json');
      expect(run.code).toBe(1);
      const out = JSON.parse(run.stdout) as { mappings: string[]; violations: Array<{ mapping: string; checker: string }> };
      expect(out.mappings).toEqual(uuids);
      expect(out.violations.length).toBeGreaterThan(0);
      expect(new Set(out.violations.map((v) => v.mapping))).toEqual(new Set([uuids[0]]));
    });

    it('asks for a request per mapping it cannot match, and for no unknown ones', async () => {
      write('one-of-two.json', JSON.stringify({ [uuids[0]!]: MAPPING }));
      const missing = await cli('check-trace', join(dir, 'two.jsonl'), '--config', join(dir, 'one-of-two.json'));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(new RegExp(`no request for mapping ${uuids[1]}`));
      write('stranger.json', JSON.stringify({ [uuids[0]!]: MAPPING, [uuids[1]!]: SECOND, '00000000-0000-4000-8000-000000000000': MAPPING }));
      const unknown = await cli('check-trace', join(dir, 'two.jsonl'), '--config', join(dir, 'stranger.json'));
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/mapping 00000000-0000-4000-8000-000000000000 does not appear in the trace/);
    });

    it('judges a trace of one stamped mapping under the one request', async () => {
      const first = both.filter((e) => (e as { mapping?: string }).mapping !== uuids[1]); // the first mapping's events and the stream's
      const run = await cli('check-trace', write('first.jsonl', toJsonLines(first)), '--config', join(dir, 'mapping.json'), '--json');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ mappings: [uuids[0]], violations: [] });
    });

    it('judges every mapping under one request when the file holds one', async () => {
      // The second mapping ran with BatchSize 3: under the first's request (BatchSize 2) its batches are too large.
      const run = await cli('check-trace', join(dir, 'two.jsonl'), '--config', join(dir, 'mapping.json'), '--json');
      expect(run.code).toBe(1);
      const out = JSON.parse(run.stdout) as { mappings: string[]; violations: Array<{ mapping: string; rule: string }> };
      expect(out.mappings).toEqual(uuids);
      expect(out.violations.some((v) => v.rule === 'A-1')).toBe(true);
      expect(new Set(out.violations.map((v) => v.mapping))).toEqual(new Set([uuids[1]]));
    });

    it('reports a mistyped UUID as a mapping the trace does not name, and UUID keys for a trace without mappings', async () => {
      const typo = `${uuids[1]!.slice(0, -1)}${uuids[1]!.endsWith('0') ? '1' : '0'}`;
      write('typo.json', JSON.stringify({ [uuids[0]!]: MAPPING, [typo]: SECOND }));
      const mistyped = await cli('check-trace', join(dir, 'two.jsonl'), '--config', join(dir, 'typo.json'));
      expect(mistyped.code).toBe(2);
      expect(mistyped.stderr).toMatch(new RegExp(`no request for mapping ${uuids[1]}`));
      const unstamped = await cli('check-trace', join(dir, 'good.jsonl'), '--config', join(dir, 'two-mappings.json'));
      expect(unstamped.code).toBe(2);
      expect(unstamped.stderr).toMatch(/keyed by mapping UUID, but the trace names no mapping/);
    });

    it('refuses a mapping event without its mapping once the trace names mappings', async () => {
      const unstamped = both.map((e) => (e.type === 'checkpoint' && (e as { mapping?: string }).mapping === uuids[1] ? { ...e, mapping: undefined } : e));
      const run = await cli('check-trace', write('unstamped.jsonl', toJsonLines(unstamped)), '--config', join(dir, 'two-mappings.json'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/trace event \d+ \(checkpoint\) names no mapping, but the trace names mappings/);
    });

    it('compares each mapping\'s start event with its own request (C-1, C-3)', async () => {
      write('second-latest.json', JSON.stringify({ [uuids[0]!]: MAPPING, [uuids[1]!]: { ...SECOND, StartingPosition: 'LATEST' } }));
      const run = await cli('check-trace', join(dir, 'two.jsonl'), '--config', join(dir, 'second-latest.json'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`mapping ${uuids[1]}\\): .*startingPosition TRIM_HORIZON.*StartingPosition LATEST`));
      expect(run.stderr).not.toContain(uuids[0]!);
    });

    it('validates each mapping\'s request with AWS\'s rules, naming the mapping', async () => {
      write('bad-second.json', JSON.stringify({ [uuids[0]!]: MAPPING, [uuids[1]!]: { ...SECOND, BatchSize: 0 } }));
      const run = await cli('check-trace', join(dir, 'two.jsonl'), '--config', join(dir, 'bad-second.json'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`mapping ${uuids[1]}\\): .*batchSize`));
    });
  });

  it('refuses a trace whose config event changes the mapping to one the checkers cannot judge, or one AWS rejects', async () => {
    const lines = toJsonLines(trace).trimEnd().split('\n');
    const at = Math.floor(lines.length / 2);
    const t = (JSON.parse(lines[at]!) as { t: number }).t;
    for (const [changes, message] of [
      [{ TumblingWindowInSeconds: 60 }, /config event \d+: valid for AWS, but the checkers cannot judge it: an update changes TumblingWindowInSeconds from 0 to 60/],
      [{ BatchSize: 0 }, /config event \d+: ValidationException: .*batchSize/],
      // UpdateEventSourceMapping has no such parameters; the trace would be judged from a start it never had.
      [{ StartingPosition: 'LATEST' }, /config event \d+: ValidationException: Unknown parameter in input: "StartingPosition", must be one of: UUID, FunctionName, /],
      [{ EventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/other' }, /config event \d+: ValidationException: Unknown parameter in input: "EventSourceArn", must be one of: UUID, /],
    ] as const) {
      const changed = [...lines.slice(0, at), JSON.stringify({ t, type: 'config', changes }), ...lines.slice(at)].join('\n') + '\n';
      const run = await cli('check-trace', write('changed.jsonl', changed), '--config', join(dir, 'mapping.json'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  describe('StartingPositionTimestamp is judged against the time the mapping was created (A-5)', () => {
    const T0 = 1_767_225_600_000;
    const HALF_HOUR = 30 * 60 * 1000;
    /** A trace of an AT_TIMESTAMP mapping created at T0 that ran for an hour from `timestampMs`, checked under a request for `requestMs`. */
    async function checkAt(timestampMs: number, requestMs = timestampMs) {
      const events = [
        { t: T0, type: 'start', streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: timestampMs },
        { t: T0 + 2 * HALF_HOUR, type: 'end', reason: 'quiescent' },
      ];
      write('at.json', JSON.stringify({ StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: requestMs / 1000 }));
      return cli('check-trace', write('at.jsonl', events.map((e) => JSON.stringify(e)).join('\n') + '\n'), '--config', join(dir, 'at.json'));
    }

    it('refuses a timestamp after the start, even one before the trace ends', async () => {
      const run = await checkAt(T0 + HALF_HOUR);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/InvalidParameterValueException: StartingPositionTimestamp cannot be in the future\./);
    });

    it('accepts a timestamp before the start', async () => {
      const run = await checkAt(T0 - HALF_HOUR);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    });

    it('refuses a start event that read from another timestamp than the request gives (C-1), naming both', async () => {
      const run = await checkAt(T0 - HALF_HOUR, T0 - 2 * HALF_HOUR);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('1767223800000');
      expect(run.stderr).toContain('1767222000');
    });
  });

  it('refuses a start event at another StartingPosition than the request\'s (C-1), naming both', async () => {
    write('latest.json', JSON.stringify({ ...MAPPING, StartingPosition: 'LATEST' }));
    const run = await cli('check-trace', join(dir, 'good.jsonl'), '--config', join(dir, 'latest.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/startingPosition TRIM_HORIZON.*StartingPosition LATEST/);
  });

  it('judges a trace against its tumbling window (H-9): a trace without window fields is a violation', async () => {
    write('window.json', JSON.stringify({ ...MAPPING, TumblingWindowInSeconds: 60 }));
    const run = await cli('check-trace', join(dir, 'good.jsonl'), '--config', join(dir, 'window.json'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[H-9\] tumbling-window: an invocation of a mapping with a tumbling window carried no window fields/);
  });

  it('rejects an EventSourceArn that is no ARN with the API\'s pattern (A-19)', async () => {
    write('garbage-arn.json', JSON.stringify({ ...MAPPING, EventSourceArn: 'garbage' }));
    const run = await cli('check-trace', join(dir, 'good.jsonl'), '--config', join(dir, 'garbage-arn.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ValidationException: 1 validation error detected: Value 'garbage' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:/);
  });

  it('rejects an invalid mapping config with AWS\'s message', async () => {
    write('bad-mapping.json', JSON.stringify({ ...MAPPING, ParallelizationFactor: 11 }));
    const run = await cli('check-trace', join(dir, 'good.jsonl'), '--config', join(dir, 'bad-mapping.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10/);
  });
});
