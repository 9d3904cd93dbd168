/**
 * What a background job is: an id, the shape of its payload, an optional schedule, how it queues
 * (debounce, retries, concurrency) and a handler. One file per job in definitions/ (Documenso's
 * layout); the same definitions run on either provider (providers/): in-process on SQLite, pg-boss
 * on PostgreSQL. A definition never knows which one runs it.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import type { SyncClientOptions } from '../services/sync/jira-clients';

export interface JobLog {
  info: (context: object, message: string) => void;
  warn: (context: object, message: string) => void;
  error: (context: object, message: string) => void;
}

/** "Run this job (soon)": a key keeps at most one waiting copy per key; a delay holds it back. */
export interface EnqueueRequest<Payload> {
  payload: Payload;
  /** While a job with this key waits, another with the same key is dropped (or, when the job debounces, pushes it back). */
  key?: string;
  /** Start no sooner than this; overrides the job's debounce delay. */
  delayMs?: number;
}

/** What a handler (and a request path) may ask of whichever provider runs it. */
export interface JobQueue {
  enqueue<Payload>(job: JobDefinition<Payload>, requests: ReadonlyArray<EnqueueRequest<Payload>>): Promise<void>;
  /** Jobs of this kind waiting to start (not running), optionally only those whose key starts with `keyPrefix`. */
  waiting(job: { id: string }, keyPrefix?: string): Promise<number>;
}

/** What every handler may use. */
export interface JobContext {
  db: Kysely<Database>;
  secretKey: Buffer;
  config: Config;
  log: JobLog;
  now: () => Date;
  /** Jira client settings for the syncs (tests shorten the retries). */
  clientOptions?: SyncClientOptions | undefined;
  jobs: JobQueue;
}

/** Which run of a job this is: its id (unique per job, the same on every attempt) and its attempt. */
export interface JobRun {
  id: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** After this many retries the job gives up (the in-process provider never retries: 0). */
  retryLimit: number;
}

export interface JobDefinition<Payload> {
  /** Stable id, also the pg-boss queue name; never rename one that has shipped. */
  id: string;
  description: string;
  payloadSchema: z.ZodType<Payload>;
  /** Run on its own every so many seconds (from the config; 0 or less: not scheduled). */
  schedule?: { everySeconds: (config: Config) => number; payload: Payload };
  /** Jobs of this kind running at once in one process. */
  concurrency: (config: Config) => number;
  /**
   * Requests with the same key within `delayMs` become one job: in-process, each request pushes the
   * start back (at most `maxWaitMs` after the first); pg-boss keeps the first request's start.
   */
  debounce?: { key: (payload: Payload) => string; delayMs: (config: Config) => number; maxWaitMs: (config: Config) => number };
  /** Waiting jobs that come due together may run as one (in-process), e.g. links sharing a query ask Jira once. */
  merge?: (payloads: readonly Payload[]) => Payload[];
  /** Retries with backoff, then the dead-letter queue (pg-boss only; in-process jobs run once). */
  retries?: { limit: number; delaySeconds: number; deadLetter: boolean };
  /** A job running longer is presumed lost with its worker and handed to another (pg-boss). */
  timeoutSeconds: (config: Config) => number;
  handler: (context: JobContext, payload: Payload, run: JobRun) => Promise<object | undefined>;
}

/** Keeps the payload type tied to its schema and handler. */
export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

/**
 * A job with its payload type erased, for providers and lists: every payload that comes in from
 * outside (a queue row, a merged batch) is checked against the job's own schema first.
 */
export interface RegisteredJob {
  id: string;
  description: string;
  schedule?: { everySeconds: (config: Config) => number; payload: unknown };
  concurrency: (config: Config) => number;
  debounce?: { key: (payload: unknown) => string; delayMs: (config: Config) => number; maxWaitMs: (config: Config) => number };
  merge?: (payloads: readonly unknown[]) => unknown[];
  retries?: { limit: number; delaySeconds: number; deadLetter: boolean };
  timeoutSeconds: (config: Config) => number;
  run: (context: JobContext, payload: unknown, run: JobRun) => Promise<object | undefined>;
}

export function registerJob<Payload>(job: JobDefinition<Payload>): RegisteredJob {
  const parse = (payload: unknown): Payload => job.payloadSchema.parse(payload);
  const { debounce, merge } = job;
  return {
    id: job.id,
    description: job.description,
    ...(job.schedule ? { schedule: job.schedule } : {}),
    concurrency: job.concurrency,
    ...(debounce ? { debounce: { key: (payload: unknown) => debounce.key(parse(payload)), delayMs: debounce.delayMs, maxWaitMs: debounce.maxWaitMs } } : {}),
    ...(merge ? { merge: (payloads: readonly unknown[]) => merge(payloads.map(parse)) } : {}),
    ...(job.retries ? { retries: job.retries } : {}),
    timeoutSeconds: job.timeoutSeconds,
    run: (context, payload, run) => job.handler(context, parse(payload), run),
  };
}
