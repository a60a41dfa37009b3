import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../run/InputError.ts';
import { loadPoller } from './loadPoller.ts';

const dir = mkdtempSync(join(tmpdir(), 'streamcheck-load-'));
const module = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('loading a poller module', () => {
  it('takes the default export, or makePoller over it, and the features the module declares', async () => {
    const byDefault = await loadPoller(module('a.mjs', 'export default () => ({ start() {}, name: "default" });'), dir);
    expect((byDefault.factory() as unknown as { name: string }).name).toBe('default');
    expect(byDefault.features).toBeUndefined();
    const named = await loadPoller(module('b.mjs', 'export default () => ({ start() {}, name: "default" });\nexport const makePoller = () => ({ start() {}, name: "named" });\nexport const features = { bisect: true };'), dir);
    expect((named.factory() as unknown as { name: string }).name).toBe('named');
    expect(named.features).toEqual({ bisect: true });
  });

  it.each([
    ['a missing file', 'missing.mjs', undefined, 'cannot find the poller module missing.mjs'],
    ['no factory', 'c.mjs', 'export const poller = { start() {} };', 'c.mjs exports no poller factory: export a function that returns { start(ctx), stop?() } as default or as makePoller'],
    ['a syntax error', 'd.mjs', 'export default () => {', 'cannot load the poller module d.mjs: '], // what follows is the loader's own words (Node's or, here, Vite's),
    ['a module that throws as it loads', 'e.mjs', 'throw new Error("no region configured");', 'cannot load the poller module e.mjs: Error: no region configured'],
    ['features of the wrong kind', 'f.mjs', 'export default () => ({ start() {} });\nexport const features = "bisect";', 'f.mjs: "features" must be an object such as { bisect: true }, got "bisect"'],
  ])('refuses %s with a sentence, as bad input', async (_what, name, text, message) => {
    if (text !== undefined) module(name, text);
    const failed = loadPoller(name, dir);
    await expect(failed).rejects.toBeInstanceOf(InputError);
    await expect(failed).rejects.toThrow(message);
  });
});
