/**
 * Payload bounds (L-5, L-1): every invocation carries at least one record and
 * a request within the synchronous invoke limit (6 MB); larger output is
 * split across invocations. The reported request size can be no smaller
 * than the base64 row data it carries.
 */
import type { IndexChecker } from '../../ack/IndexChecker.ts';
import type { Finding } from '../../check/Finding.ts';
import { base64Length } from '../../kinesis/RecordData.ts';
import type { KdaIndex } from '../KdaIndex.ts';

export const payloadBounds: IndexChecker<KdaIndex> = {
  name: 'payload-bounds',
  rules: ['L-5', 'L-1'],
  invariant: 'Each invocation carries 1 or more records in a request of at most 6 MB.',
  check(index) {
    const limit = index.start?.payloadLimitBytes ?? Infinity;
    const findings: Finding[] = [];
    for (const { invoke } of index.invocations) {
      const data = invoke.records.reduce((n, r) => n + base64Length(r.bytes), 0);
      const problem = invoke.records.length === 0 ? 'it carried no records'
        : invoke.bytes > limit ? `its request was ${invoke.bytes} bytes, over the ${limit}-byte invoke limit; L-5 splits such output across invocations`
        : invoke.bytes < data ? `it reported a ${invoke.bytes}-byte request for ${data} bytes of base64 row data`
        : undefined;
      if (!problem) continue;
      findings.push({
        checker: 'payload-bounds', rule: 'L-5',
        summary: `invocation ${invoke.invocationId} of ${invoke.destination}: ${problem.split(';')[0]}`,
        records: invoke.records.map((r) => `${invoke.destination}/${r.rid}`), at: invoke.t,
        story: [
          { kind: 'let', what: `an invoke request hold at most ${limit} bytes (L-5)` },
          { kind: 'then', t: invoke.t, what: `${invoke.destination} was invoked with ${invoke.records.length} record(s)` },
          { kind: 'but', t: invoke.t, what: problem },
        ],
      });
    }
    return findings;
  },
};
