/**
 * Authorisation, secure by default. Every route under /api/v1 needs a signed-in caller unless it
 * declares `config: { auth: 'public' }`; admin routes declare `auth: 'admin'`. Routes outside
 * /api/v1 (the web app's files and the /api/docs browser) are public unless they say otherwise.
 * The level is fixed on each route when it is registered (onRoute), so tests can read it back.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../app-types';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { AccountDeactivatedError, userFromApiToken, userFromSession } from '../services/auth-service';
import { assertSameOrigin } from './csrf';
import type { AuthLevel, CurrentUser } from './current-user';
import { clearSessionCookie, sessionSecretOf } from './session-cookie';

export const API_PREFIX = '/api/v1';

export function defaultAuthLevel(url: string): AuthLevel {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) ? 'user' : 'public';
}

/**
 * The bearer token of the request: undefined without an Authorization header or with another
 * scheme (a reverse proxy's own `Basic` login reaches Pacer too, and Pacer has no use for it, so
 * it must not turn public routes into 401s); null for a `Bearer` header without a usable token.
 */
function bearerTokenOf(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header === undefined || !/^\s*Bearer(\s|$)/i.test(header)) return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** One registered route and who may call it; tests walk this list to check every route. */
export interface RouteSummary {
  method: string;
  url: string;
  auth: AuthLevel;
  /** The route's zod body schema, if any (used by the malformed-body tests). */
  bodySchema: unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeSummaries: RouteSummary[];
  }
}

export function installAuth(app: App, deps: { db: Kysely<Database>; publicUrl: URL | null }): void {
  app.decorateRequest('user', null);
  app.decorateRequest('authMethod', null);
  app.decorate('routeSummaries', []);

  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth ?? defaultAuthLevel(route.url);
    route.config = { ...route.config, auth };
    for (const method of [route.method].flat()) {
      app.routeSummaries.push({ method, url: route.url, auth, bodySchema: route.schema?.body });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    // Unknown URLs reach the not-found handler; they need no caller (and must answer 404, not 401).
    const level: AuthLevel = request.is404 ? 'public' : (request.routeOptions.config.auth ?? 'user');

    let user: CurrentUser | null = null;
    // A deactivated user's session counts as anonymous on public routes (someone else may sign in
    // from that browser) and is refused, saying why, everywhere else.
    let deactivated = false;
    const bearer = bearerTokenOf(request);
    if (bearer !== undefined) {
      user = bearer ? await userFromApiToken(deps.db, bearer) : null;
      if (!user && request.routeOptions.config.ownBearerToken) {
        request.user = null;
        return;
      }
      if (!user) {
        throw new UnauthenticatedError('The API token is unknown or was deleted; create a new one under your profile and send "Authorization: Bearer <token>".');
      }
      request.authMethod = 'bearer';
    } else {
      const secret = sessionSecretOf(request);
      if (secret) {
        try {
          user = await userFromSession(deps.db, secret);
        } catch (error) {
          if (!(error instanceof AccountDeactivatedError)) throw error;
          deactivated = true;
        }
        // A stale cookie is dropped so that the browser stops sending it.
        if (user) request.authMethod = 'session';
        else if (!deactivated) clearSessionCookie(reply);
      }
      assertSameOrigin(request, deps.publicUrl, user !== null);
    }
    request.user = user;

    if (level === 'public') return;
    if (!user) {
      if (deactivated) throw new AccountDeactivatedError();
      throw new UnauthenticatedError(
        sessionSecretOf(request) ? 'Your session has expired; sign in again.' : undefined,
      );
    }
    if (level === 'admin' && user.role !== 'admin') throw new ForbiddenError();
  });
}
