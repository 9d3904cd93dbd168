/**
 * GET /metrics in the Prometheus text format, outside /api/v1 where scrapers expect it. Readable
 * with `Authorization: Bearer <PACER_METRICS_TOKEN>` (for Prometheus), or by an admin (an admin's
 * API token, or a signed-in admin in the browser). The same route runs in worker processes, whose
 * tiny HTTP server has no sessions: there it takes the metrics token or an admin's API token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { ForbiddenError, UnauthenticatedError } from '../../errors';
import { metrics, PROMETHEUS_CONTENT_TYPE } from '../../metrics';
import { userFromApiToken } from '../../services/auth-service';

export interface MetricsRouteOptions {
  db: Kysely<Database>;
  metricsToken: string | null;
}

const HOW_TO_READ =
  'Reading /metrics needs "Authorization: Bearer <token>" with the PACER_METRICS_TOKEN of this installation or an admin\'s API token.';
const ADMINS_ONLY = 'Only admins (or the PACER_METRICS_TOKEN) may read /metrics.';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function assertMayReadMetrics(request: FastifyRequest, options: MetricsRouteOptions): Promise<void> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) {
    if (options.metricsToken !== null && sameSecret(bearer, options.metricsToken)) return;
    const user = await userFromApiToken(options.db, bearer);
    if (!user) throw new UnauthenticatedError(`The token is neither PACER_METRICS_TOKEN nor a known API token. ${HOW_TO_READ}`);
    if (user.role !== 'admin') throw new ForbiddenError(ADMINS_ONLY);
    return;
  }
  // A signed-in browser session, resolved by the app's auth hook (absent in worker processes).
  const sessionUser = request.user ?? null;
  if (sessionUser?.role === 'admin') return;
  if (sessionUser) throw new ForbiddenError(ADMINS_ONLY);
  throw new UnauthenticatedError(HOW_TO_READ);
}

export function registerMetricsRoute(app: FastifyInstance, options: MetricsRouteOptions): void {
  app.get(
    '/metrics',
    {
      // The route checks its caller itself: a Prometheus token is not an API token.
      config: { auth: 'public', ownBearerToken: true },
      schema: { hide: true },
    },
    async (request, reply) => {
      await assertMayReadMetrics(request, options);
      return reply.type(PROMETHEUS_CONTENT_TYPE).header('cache-control', 'no-store').send(await metrics.render());
    },
  );
}
