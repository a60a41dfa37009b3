/**
 * Files the package ships beside its code (docs/, scenarios/, package.json),
 * found from this module: it sits directly under the package's root, in
 * src/ when run from the sources and in dist/ when built, so one level up
 * is the root either way.
 */
import { fileURLToPath } from 'node:url';

/** The package's root directory, as a path. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A file or directory of the package, by its path from the root (`docs/rules.md`). */
export function packageUrl(path: string): URL {
  return new URL(`../${path}`, import.meta.url);
}
