import { defineConfig } from 'vitest/config';

// Unit and integration tests. The global setup starts a throwaway PostgreSQL so that every
// integration suite runs on SQLite and on PostgreSQL; a missing PostgreSQL fails the run.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'jira-sim/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/architecture/**/*.test.ts', 'tools/**/*.test.ts'],
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
