/**
 * The V8 flags the streamcheck CLI runs under, and the bench measures under.
 *
 * A simulation makes short-lived objects by the million (attempts, trace
 * events, index entries); with V8's default young generation (16 MB semi-spaces
 * on 64-bit) they are scavenged about every 13 MB, and a run of 2,000 generated
 * workloads spends about a tenth of its time in scavenges. A 64 MB semi-space
 * cuts scavenge time about fourfold (`--trace-gc-nvp`, 2,000 bench workloads:
 * 1,062 ms over 375 scavenges against 263 ms over 123) for some 200 MB more
 * memory. Semi-space size is fixed when V8 starts, so the launcher
 * (`bin/streamcheck.js`) starts the CLI in a Node process with these flags.
 *
 * Plain JavaScript (type-checked through `checkJs`), emitted to dist/ with
 * the rest of the build, where the launcher reads it before it decides to
 * start another process.
 */

/** Node options the CLI runs with. @type {readonly string[]} */
export const NODE_FLAGS = Object.freeze(['--max-semi-space-size=64']);

/**
 * Does a Node process started with `execArgv` and `nodeOptions` (the
 * `NODE_OPTIONS` variable) already set the young generation? A user's own
 * setting wins, and the launcher then starts no second process.
 * @param {readonly string[]} execArgv
 * @param {string} [nodeOptions]
 * @returns {boolean}
 */
export function setsYoungGeneration(execArgv, nodeOptions = '') {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => a.startsWith('--max-semi-space-size'));
}
