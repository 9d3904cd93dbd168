/**
 * Vitest global setup: starts a throwaway PostgreSQL server (throwaway-postgres.ts, fsync off) and
 * hands its URL to the tests as `inject('postgresUrl')`. A missing PostgreSQL fails the run: the
 * integration suites must run on both databases, never skip one silently.
 */
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const postgres = await startThrowawayPostgres({ durable: false });
  project.provide('postgresUrl', postgres.url);
  return postgres.stop;
}
