import { describe, expect, it } from 'vitest';
import type { EsmRequest } from '../esm/EsmConfig.ts';
import { Rng } from '../sim/Rng.ts';
import { InputError } from './InputError.ts';
import { createMappings, type MappingCase } from './runMapping.ts';

const STREAM = 'arn:aws:kinesis:us-east-1:123456789012:stream/s';

function caseOf(mapping: EsmRequest): MappingCase {
  return { workload: { puts: [] }, mapping, function: { behaviour: { rules: [] } } } as unknown as MappingCase;
}

describe('createMappings', () => {
  it('defaults an absent EventSourceArn to the stream', () => {
    const { records } = createMappings(caseOf({ StartingPosition: 'TRIM_HORIZON' }), STREAM, new Rng('m'));
    expect(records.map((r) => r.config.EventSourceArn)).toEqual([STREAM]);
  });

  it('refuses "EventSourceArn": null with the SDK\'s type error, as check-trace does, instead of replacing it with the stream', () => {
    const create = () => createMappings(caseOf({ EventSourceArn: null, StartingPosition: 'TRIM_HORIZON' } as unknown as EsmRequest), STREAM, new Rng('m'));
    expect(create).toThrow(InputError);
    expect(create).toThrow("ValidationException: Invalid type for parameter EventSourceArn, value: null, type: null, valid types: <class 'str'>");
  });
});
