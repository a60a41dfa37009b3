/**
 * Loading a poller under test from a JavaScript module, for
 * `streamcheck conform MODULE`. The module exports its factory as `default`
 * or as `makePoller`, and may declare the features it claims as `features`.
 * A module that cannot be found, fails to load or exports no factory is bad
 * input: a sentence naming the module and what is wrong, never a stack.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../run/InputError.ts';
import { declaredFeatures, type PollerFeatures } from './PollerFeatures.ts';
import { describeError } from './preview.ts';
import type { PollerFactory } from './PollerUnderTest.ts';

/** A module's poller factory, and the features it declares (if it does). */
export interface LoadedPoller {
  readonly factory: PollerFactory;
  readonly features?: PollerFeatures;
}

/** Import `specifier` (a file path, relative to `cwd`) and find its poller factory. */
export async function loadPoller(specifier: string, cwd: string = process.cwd()): Promise<LoadedPoller> {
  const file = isAbsolute(specifier) ? specifier : resolve(cwd, specifier);
  if (!existsSync(file)) throw new InputError(`cannot find the poller module ${specifier}`);
  const exports = await importModule(file, specifier);
  const factory = typeof exports['makePoller'] === 'function' ? exports['makePoller'] : exports['default'];
  if (typeof factory !== 'function') {
    throw new InputError(`${specifier} exports no poller factory: export a function that returns { start(ctx), stop?() } as default or as makePoller`);
  }
  const features = exports['features'];
  return { factory: factory as PollerFactory, ...(features !== undefined ? { features: declaredFeatures(features, specifier) } : {}) };
}

async function importModule(file: string, specifier: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Node 20 does not load TypeScript; later Node strips types but refuses syntax it would have to transform (an enum).
    const hint = e?.code === 'ERR_UNKNOWN_FILE_EXTENSION' || e?.code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX' ? ' (compile it to JavaScript first, or run Node with a loader for it)' : '';
    throw new InputError(`cannot load the poller module ${specifier}: ${describeError(err)}${hint}`);
  }
}
