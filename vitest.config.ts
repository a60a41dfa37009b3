import { defineConfig } from 'vitest/config';

// The default test command: unit tests beside the code and the property suites.
// Expensive runs (long property campaigns, benchmarks) live outside it: `npm run check`, `npm run bench`.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'properties/**/*.test.ts'],
    // The CLI tests run the built CLI: the build is brought up to date first.
    globalSetup: ['properties/build.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'threads',
  },
});
