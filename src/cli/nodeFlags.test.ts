import { describe, expect, it } from 'vitest';
import { NODE_FLAGS, setsYoungGeneration } from './nodeFlags.js';

describe('setsYoungGeneration', () => {
  it('sees the young generation set on the command line or in NODE_OPTIONS', () => {
    expect(setsYoungGeneration(['--import', 'tsx', '--max-semi-space-size=32'])).toBe(true);
    expect(setsYoungGeneration([], '--enable-source-maps  --max-semi-space-size=8')).toBe(true);
  });

  it('does not take other flags for it, so the launcher then adds the CLI\'s own', () => {
    expect(setsYoungGeneration(['--max-old-space-size=4096'], '--max-old-space-size=4096')).toBe(false);
    expect(setsYoungGeneration([], undefined)).toBe(false);
    expect(setsYoungGeneration(NODE_FLAGS)).toBe(true); // the launched process does not launch again
  });
});
