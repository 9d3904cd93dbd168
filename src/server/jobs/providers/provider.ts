/**
 * What runs jobs: the same definitions (../definitions) on either provider. main.ts picks one per
 * process: in-process on SQLite (one process: timers and bounded concurrency in memory), pg-boss
 * on PostgreSQL (a queue in the database shared by any number of serve and worker processes).
 */
import type { JobContext, JobDefinition, JobQueue, JobRun } from '../job';

export type JobProviderKind = 'in-process' | 'pg-boss';

export interface JobProvider extends JobQueue {
  readonly kind: JobProviderKind;
  /** Runs one job here and now (not through the queue) and answers its result; for tools and tests. */
  runNow<Payload>(job: JobDefinition<Payload>, payload: Payload): Promise<object | undefined>;
  /** Resolves when no unscheduled job waits or runs (tests and benchmarks). */
  idle(): Promise<void>;
  /** Stops the schedules and the workers and waits for jobs in progress (pending in-process jobs are left to the next round). */
  stop(): Promise<void>;
}

/** What a provider gives every handler, besides itself as `jobs`. */
export type ProviderContext = Omit<JobContext, 'jobs'>;

/** What a failed job's output says: the message, and the code and details the error carries. */
export function failureOutput(error: unknown): { message: string; code?: string; details?: unknown } {
  if (error instanceof Error) {
    const details = (error as Error & { details?: unknown }).details;
    const code = (error as Error & { code?: unknown }).code;
    return { message: error.message, ...(typeof code === 'string' ? { code } : {}), ...(details === undefined ? {} : { details }) };
  }
  return { message: String(error) };
}

export type { JobRun };
