/**
 * A worker process's only HTTP: GET /api/v1/health (for the orchestrator's liveness probe) and
 * GET /metrics (its own sync and Jira request counts). No web app, no API, no sessions.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './db/schema';
import { toErrorResponse } from './error-response';
import { registerMetricsRoute } from './routes/metrics/index';

export async function startWorkerHttp(options: {
  port: number;
  db: Kysely<Database>;
  metricsToken: string | null;
  logger: Logger;
}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger;
  const app = Fastify({ loggerInstance: logger, disableRequestLogging: true });
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorResponse(error, request.id);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.get('/api/v1/health', async () => ({ status: 'ok' as const, role: 'worker' as const }));
  registerMetricsRoute(app, { db: options.db, metricsToken: options.metricsToken });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: { code: 'not_found', message: `This is a Pacer worker: it only answers GET /api/v1/health and GET /metrics, not ${request.method} ${request.url.split('?')[0]}.` },
    }),
  );
  await app.listen({ host: '0.0.0.0', port: options.port });
  return app;
}
