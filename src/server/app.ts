/**
 * Builds the Fastify application: validation and OpenAPI from zod schemas, the error shape,
 * authorisation, request logging, the /api/v1 routes and the built web app. main.ts listens;
 * tests call buildApp and use `inject`.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type FastifyBaseLogger,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { API_PREFIX, installAuth } from './auth/authenticate';
import { LoginThrottle } from './auth/login-throttle';
import { SESSION_COOKIE } from './auth/session-cookie';
import { conditionalGet } from './conditional-get';
import type { Config } from './config';
import type { PacerDatabase } from './db/database';
import { createInProcessJobs } from './jobs/providers/in-process';
import type { JobProvider } from './jobs/providers/provider';
import { BODY_LIMIT_BYTES, toErrorResponse } from './error-response';
import { RateLimitedError, UnsupportedMediaTypeError, ValidationError } from './errors';
import { createLogger, urlForLog } from './logger';
import { registerApiRoutes } from './routes/index';
import { registerMetricsRoute } from './routes/metrics/index';
import { assertStorableBody, assertStorablePathAndQuery } from './text-guard';
import { loadOrCreateSecretKey } from './secrets/secret-box';
import { installSecurityHeaders } from './security-headers';
import { strictBodyValidatorCompiler } from './strict-bodies';
import { compiledSerializerCompiler } from './response-serializer';
import { AnswerCache } from './services/answer-cache';
import { DEFAULT_WEB_ROOT, installWebApp } from './web-app';
import type { App } from './app-types';

export type { App } from './app-types';

export interface BuildAppOptions {
  config: Config;
  db: PacerDatabase;
  logger?: Logger;
  /**
   * The key for secrets at rest. main.ts loads it once at boot; when absent it is PACER_SECRET_KEY
   * or `<dataDir>/secret.key` (generated on first use).
   */
  secretKey?: Buffer;
  /** Folder with the built web app; defaults to <repo>/dist/web. */
  webRoot?: string;
  /**
   * The job provider (main.ts picks one per process). Default: in-process jobs without schedules,
   * stopped when the app closes; a caller that passes its own also stops it.
   */
  jobs?: JobProvider;
}

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config, db } = options;
  const logger: FastifyBaseLogger = options.logger ?? createLogger(config.logLevel);
  const app: App = Fastify({
    loggerInstance: logger,
    // One line per request is written by the onResponse hook below, with the fields we choose.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Only the listed proxies' X-Forwarded-* count; otherwise any client could pick its own address
    // (and escape the per-address login limit) or claim https.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    // The router refuses some URLs before any route runs; answer those in our error shape too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? ValidationError.field('path', 'has a segment longer than 100 characters; ids are at most 100 characters, so check the address')
          : ValidationError.field('path', 'is not a valid address (a broken %-escape or invalid UTF-8); encode each part with encodeURIComponent');
      return reply.code(400).type('application/json; charset=utf-8').send(toErrorResponse(problem, request.id).body);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(strictBodyValidatorCompiler);
  app.setSerializerCompiler(compiledSerializerCompiler);
  app.decorate('db', db.db);
  app.decorate('dialect', db.dialect);
  app.decorate('pacerConfig', config);
  app.decorate('loginThrottle', new LoginThrottle());
  app.decorate('objectivesListCache', new AnswerCache(config.listCacheBytes));
  app.decorate('secretKey', options.secretKey ?? config.secretKey ?? (await loadOrCreateSecretKey({ dataDir: config.dataDir })).key);

  const jobs = options.jobs ?? createInProcessJobs({ context: { db: db.db, secretKey: app.secretKey, config, log: logger, now: () => new Date() }, schedules: false });
  app.decorate('jobs', jobs);
  if (!options.jobs) app.addHook('onClose', () => jobs.stop());

  installJsonParser(app);
  // Text a database would refuse or alter is a 400, never a 500: the path and query on arrival
  // (before any route hook looks an id up), the body before schema validation.
  app.addHook('onRequest', async (request) => assertStorablePathAndQuery(request));
  app.addHook('preValidation', async (request) => assertStorableBody(request));
  installErrorHandling(app);
  installRequestLog(app);

  await installSecurityHeaders(app, config);
  await app.register(fastifyCookie);
  // ETag / 304 on signed-in JSON GETs; after the cookie plugin, whose onSend writes Set-Cookie.
  app.addHook('onSend', conditionalGet(API_PREFIX));
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`Too many attempts; wait ${Math.ceil(context.ttl / 1000)} seconds and try again.`),
  });
  installAuth(app, { db: db.db, publicUrl: config.publicUrl });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pacer API',
        version: '1',
        description: 'Self-hosted OKRs whose progress updates itself from Jira. Errors are {error: {code, message, fields?}}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token from POST /api/v1/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(registerApiRoutes, { prefix: API_PREFIX });
  registerMetricsRoute(app, { db: db.db, metricsToken: config.metricsToken });
  await installWebApp(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  return app;
}

/** Fastify's JSON parser, except that an empty body means "no body" (e.g. logout sent by fetch with a JSON content type). */
function installJsonParser(app: App): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
  // Anything that is not JSON (text/plain included) is refused with our error shape.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(new UnsupportedMediaTypeError(request.headers['content-type']), undefined);
  });
}

function installErrorHandling(app: App): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body, isFault } = toErrorResponse(error, request.id, request.routeOptions.bodyLimit ?? BODY_LIMIT_BYTES);
    if (isFault) request.log.error({ err: error }, 'request failed');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
}

function installRequestLog(app: App): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: urlForLog(request.url),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        userId: request.user?.id ?? null,
        // The socket address, or the client named by a trusted proxy (PACER_TRUSTED_PROXIES).
        clientAddress: request.ip,
      },
      'request',
    );
  });
}
