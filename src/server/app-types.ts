/**
 * The type of the Fastify instance every route plugin receives, and what buildApp decorates it
 * with. In its own file so that the route plugins, the auth hook and the web app can name it
 * without importing app.ts, which imports all of them (an import cycle).
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { LoginThrottle } from './auth/login-throttle';
import type { Config } from './config';
import type { AnswerCache } from './services/answer-cache';
import type { DialectName } from './db/database';
import type { Database } from './db/schema';
import type { JobProvider } from './jobs/providers/provider';

/** The instance type route plugins receive: zod schemas give typed bodies, queries and params. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The database for services and repositories. */
    db: Kysely<Database>;
    dialect: DialectName;
    pacerConfig: Config;
    /** Encrypts Jira secrets at rest; only the Jira connections service uses it. */
    secretKey: Buffer;
    /** Where background jobs go (a webhook's follow-up syncs): the provider main.ts picked, or an in-process one. */
    jobs: JobProvider;
    /** Whole OKR-list answers, reused while the data version is unchanged; per app so that test apps never share it. */
    objectivesListCache: AnswerCache;
    /** Failed sign-ins per account (growing delays); per app so that test apps never share it. */
    loginThrottle: LoginThrottle;
  }
}

