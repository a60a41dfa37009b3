import { describe, expect, it } from 'vitest';
import { InputError } from '../run/InputError.ts';
import { declaredFeatures, featureNames, parseFeatures } from './PollerFeatures.ts';

describe('poller features', () => {
  it('reads --features names into the features checkPoller takes', () => {
    expect(parseFeatures('bisect,partial-responses')).toEqual({ bisect: true, partialResponses: true });
    expect(parseFeatures(' batching-window , resharding,parallelization ')).toEqual({ batchingWindow: true, resharding: true, parallelization: true });
    expect(parseFeatures('none')).toEqual({});
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => parseFeatures('bisect,windows')).toThrow(InputError);
    expect(() => parseFeatures('bisect,windows')).toThrow('--features: unknown feature "windows"; the features are: batching-window, bisect, partial-responses, parallelization, resharding, throttling, restarts, filtering, tumbling-windows, updates (or none)');
  });

  it("checks a module's features export: an object of known keys, each a boolean", () => {
    expect(declaredFeatures({ bisect: true, resharding: false }, 'p.js')).toEqual({ bisect: true, resharding: false });
    expect(() => declaredFeatures(['bisect'], 'p.js')).toThrow('p.js: "features" must be an object such as { bisect: true }, got ["bisect"]');
    expect(() => declaredFeatures({ windows: true }, 'p.js')).toThrow('p.js: "features" has an unknown key "windows"');
    expect(() => declaredFeatures({ bisect: 1 }, 'p.js')).toThrow('p.js: "features.bisect" must be true or false, got 1');
  });

  it('names features as --features takes them, for a replay command', () => {
    expect(featureNames({ partialResponses: true, bisect: true, resharding: false })).toBe('bisect,partial-responses');
    expect(featureNames({})).toBe('none');
  });
});
