/**
 * A compact text timeline of a trace, for the terminal: one line per step
 * that matters (invocations and results, checkpoints, give-ups,
 * destination messages), records named as the workload names them. Traces
 * of other suites (KDA, Firehose) get one generic line per event.
 */
import { formatTime } from '../check/explain.ts';

interface Named {
  readonly t: number;
  readonly type: string;
  readonly [k: string]: unknown;
}

/** Render up to `limit` lines of a mapping trace. */
export function textTimeline(trace: readonly object[], limit = 60): string {
  const events = trace as readonly Named[];
  const names = new Map<string, string>();
  for (const e of events) if (e.type === 'put') names.set(`${e['shardId']}:${e['seq']}`, String(e['rid']));
  const name = (shard: unknown, seqs: unknown) => (seqs as string[]).map((s) => names.get(`${shard}:${s}`) ?? s).join(',');
  const mapping = events.some((e) => e.type === 'invoke' && typeof e['shardId'] === 'string');
  const lines: string[] = [];
  for (const e of events) {
    const line = mapping ? describe(e, name) : generic(e);
    if (line) lines.push(`  ${formatTime(e.t).padEnd(14)} ${line}`);
  }
  if (lines.length > limit) return [...lines.slice(0, limit - 1), `  ... ${lines.length - limit + 1} more steps`].join('\n');
  return lines.join('\n');
}

/** Any other suite's event: its type and its fields, compactly. */
function generic(e: Named): string {
  const { t: _t, type, ...rest } = e;
  const fields = JSON.stringify(rest);
  return `${type} ${fields.length > 110 ? `${fields.slice(0, 107)}...` : fields}`;
}

function describe(e: Named, name: (shard: unknown, seqs: unknown) => string): string | undefined {
  const shard = String(e['shardId'] ?? '').replace('shardId-', 'shard-');
  switch (e.type) {
    case 'start': return `mapping starts at ${String(e['startingPosition'])}`;
    case 'invoke': return `${shard}${e['lane'] ? `/lane ${String(e['lane'])}` : ''} invoke [${name(e['shardId'], e['records'])}]`;
    case 'result': return `  -> ${e['outcome'] === 'return' ? `returned ${JSON.stringify(e['response'])}`.slice(0, 100) : String(e['outcome'])}`;
    case 'checkpoint': return `${shard} checkpoint -> ${name(e['shardId'], [e['seq']])}`;
    case 'throttle': return `${shard}${e['lane'] ? `/lane ${String(e['lane'])}` : ''} THROTTLED [${name(e['shardId'], e['records'])}] (never reached the function)`;
    case 'discard': return `${shard} GIVE UP [${name(e['shardId'], e['records'])}] (${String(e['condition'])})`;
    case 'filter': return `${shard} filtered out [${name(e['shardId'], e['records'])}]`;
    case 'destination': return `  on-failure record -> ${String(e['kind'])}`;
    case 'end': return `end (${String(e['reason'])})`;
    default: return undefined;
  }
}
