/**
 * The caller of a request, as resolved by the auth hook. Route handlers and services get the
 * caller through these helpers instead of reading headers themselves.
 */
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { Role } from '../db/repositories/users-repository';

/** Who may call a route. Declared per route as `config: { auth }`; absent means 'user'. */
export type AuthLevel = 'public' | 'user' | 'admin';

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export type AuthMethod = 'session' | 'bearer';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
    /**
     * The route accepts a bearer token of its own (GET /metrics takes PACER_METRICS_TOKEN): a token
     * that is not an API token is left to the route to judge instead of being refused here.
     */
    ownBearerToken?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in caller, or null for anonymous requests (only on 'public' routes). */
    user: CurrentUser | null;
    /** How the caller authenticated; null when anonymous. */
    authMethod: AuthMethod | null;
  }
}

/** The signed-in caller; throws 401 when there is none (never happens on 'user'/'admin' routes). */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw new UnauthenticatedError();
  return request.user;
}

/** The signed-in caller, who must be an admin; throws 401/403 otherwise. */
export function requireAdmin(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (user.role !== 'admin') throw new ForbiddenError();
  return user;
}

export function isAdmin(user: CurrentUser | null): boolean {
  return user?.role === 'admin';
}
