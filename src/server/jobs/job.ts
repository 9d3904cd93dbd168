/**
 * What a background job is: an id, the shape of its payload, an optional schedule, and a handler.
 * One file per job beside this one (Documenso's layout), so a later queue (pg-boss) can run the
 * same definitions; today the in-process scheduler (scheduler.ts) runs the scheduled ones.
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../config';
import type { Database } from '../db/schema';

/** What every handler may use. */
export interface JobContext {
  db: Kysely<Database>;
  secretKey: Buffer;
  config: Config;
  log: {
    info: (context: object, message: string) => void;
    warn: (context: object, message: string) => void;
    error: (context: object, message: string) => void;
  };
  now: () => Date;
}

export interface JobDefinition<Payload> {
  /** Stable id, e.g. "jira.sync-due-links"; never rename one that has shipped. */
  id: string;
  description: string;
  payloadSchema: z.ZodType<Payload>;
  /** Run on its own every so many seconds (from the config; 0 or less: not scheduled). */
  schedule?: { everySeconds: (config: Config) => number; payload: Payload };
  handler: (context: JobContext, payload: Payload) => Promise<unknown>;
}

/** Keeps the payload type tied to its schema and handler. */
export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

/** A job with its payload type erased, for lists: `run` checks the payload with the job's own schema. */
export interface RegisteredJob {
  id: string;
  description: string;
  schedule?: { everySeconds: (config: Config) => number; payload: unknown };
  run: (context: JobContext, payload: unknown) => Promise<unknown>;
}

export function registerJob<Payload>(job: JobDefinition<Payload>): RegisteredJob {
  return {
    id: job.id,
    description: job.description,
    ...(job.schedule ? { schedule: job.schedule } : {}),
    run: (context, payload) => job.handler(context, job.payloadSchema.parse(payload)),
  };
}
