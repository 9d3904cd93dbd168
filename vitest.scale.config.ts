import { defineConfig } from 'vitest/config';

// Scale-out tests: real `serve` and `worker` processes on a throwaway PostgreSQL against the Jira
// simulator (npm run test:scale, which `npm test` runs too). One file at a time: they start
// several processes each and measure concurrency.
export default defineConfig({
  test: {
    include: ['test/scale/**/*.test.ts'],
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
