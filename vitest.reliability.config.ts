import { defineConfig } from 'vitest/config';

// Reliability tests: load, kill -9 crashes, property-based bad input, the authorisation matrix and
// the escaped-HTML page check. They start real server processes and run for minutes, so they have
// their own script (npm run test:reliability), which `npm test` runs too. One file at a time: the
// load test's figures mean nothing if another suite competes for the same CPUs.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
