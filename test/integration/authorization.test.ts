/**
 * Walks EVERY route the app registers: anonymous callers get 401 everywhere except the few public
 * routes, and members get 403 on every admin route. A new route is signed-in-only by default; one
 * that is made public, or an admin route that lets members through, fails this test.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import type { RouteSummary } from '../../src/server/auth/authenticate';
import { describeEachDatabase, type HttpMethod } from '../support/app-harness';

/** The only routes anonymous callers may use (docs/API.md); everything else must answer 401. */
const PUBLIC_API_ROUTES = new Set([
  'GET /api/v1/health',
  'HEAD /api/v1/health',
  'GET /api/v1/setup',
  'HEAD /api/v1/setup',
  'POST /api/v1/setup',
  'POST /api/v1/auth/login',
  'GET /api/v1/openapi.json',
  'HEAD /api/v1/openapi.json',
]);

/**
 * Routes outside the session layer that authenticate by a secret of their own (Jira's webhook
 * deliveries carry the connection's token in the URL): declared public, yet without that secret an
 * anonymous caller must still get 401 — checked below with every other route.
 */
const SECRET_AUTHENTICATED_ROUTES = new Set(['POST /api/v1/webhooks/jira/:connectionId']);

/** Admin-only routes from the contract; the app may add more, but never lose these. */
const CONTRACT_ADMIN_ROUTES = [
  'POST /api/v1/users',
  'PATCH /api/v1/users/:id',
  'PATCH /api/v1/settings',
  'POST /api/v1/cycles',
  'PATCH /api/v1/cycles/:id',
  'DELETE /api/v1/cycles/:id',
  'POST /api/v1/teams',
];

const isDocsUi = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
const key = (route: RouteSummary) => `${route.method} ${route.url}`;

function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, () => randomUUID()).replace(/\*$/, 'anything');
}

function apiRoutes(routes: RouteSummary[]): RouteSummary[] {
  return routes.filter((route) => route.url.startsWith('/api/') && !isDocsUi(route.url) && route.method !== 'OPTIONS');
}

describeEachDatabase('authorisation of every route', (ctx) => {
  test('the route list is complete enough to mean something', () => {
    const keys = apiRoutes(ctx().app.routeSummaries).map(key);
    for (const required of [...PUBLIC_API_ROUTES].filter((k) => k.startsWith('GET') || k.startsWith('POST'))) {
      expect(keys).toContain(required);
    }
    for (const required of ['GET /api/v1/me', 'GET /api/v1/objectives', 'POST /api/v1/key-results/:id/check-ins', ...CONTRACT_ADMIN_ROUTES]) {
      expect(keys).toContain(required);
    }
  });

  test('only the contract routes are public', () => {
    const publicRoutes = apiRoutes(ctx().app.routeSummaries).filter((route) => route.auth === 'public').map(key);
    expect(publicRoutes.filter((route) => !PUBLIC_API_ROUTES.has(route) && !SECRET_AUTHENTICATED_ROUTES.has(route))).toEqual([]);
    expect(publicRoutes).toEqual(expect.arrayContaining(['GET /api/v1/health', 'POST /api/v1/setup', 'POST /api/v1/auth/login']));
  });

  test('the contract admin routes are declared admin-only', () => {
    const admin = apiRoutes(ctx().app.routeSummaries).filter((route) => route.auth === 'admin').map(key);
    expect(admin).toEqual(expect.arrayContaining(CONTRACT_ADMIN_ROUTES));
  });

  test('an anonymous caller gets 401 on every non-public route', async () => {
    const failures: string[] = [];
    for (const route of apiRoutes(ctx().app.routeSummaries)) {
      if (PUBLIC_API_ROUTES.has(key(route))) continue;
      const response = await ctx().request(route.method as HttpMethod, concreteUrl(route.url), { body: route.method === 'GET' || route.method === 'HEAD' || route.method === 'DELETE' ? undefined : {} });
      const code = route.method === 'HEAD' ? 'unauthenticated' : response.json<{ error?: { code?: string } }>().error?.code;
      if (response.statusCode !== 401 || code !== 'unauthenticated') failures.push(`${key(route)} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  test('the public routes answer anonymous callers', async () => {
    for (const path of ['/api/v1/health', '/api/v1/setup', '/api/v1/openapi.json', '/api/docs']) {
      expect((await ctx().request('GET', path)).statusCode, path).toBeLessThan(400);
    }
  });

  test('a member gets 403 on every admin route', async () => {
    const member = await ctx().createMember();
    const failures: string[] = [];
    for (const route of apiRoutes(ctx().app.routeSummaries).filter((r) => r.auth === 'admin')) {
      const response = await ctx().request(route.method as HttpMethod, concreteUrl(route.url), { as: member, body: route.method === 'DELETE' ? undefined : {} });
      // HEAD answers carry no body (Fastify adds a HEAD route for every GET): the status must do.
      const code = route.method === 'HEAD' ? 'forbidden' : response.json<{ error?: { code?: string } }>().error?.code;
      if (response.statusCode !== 403 || code !== 'forbidden') failures.push(`${key(route)} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  test('a member is never turned away (401/403) from a signed-in route, by cookie or token', async () => {
    const cookieMember = await ctx().createMember();
    const tokenMember = await ctx().withBearer(cookieMember);
    const failures: string[] = [];
    for (const route of apiRoutes(ctx().app.routeSummaries).filter((r) => r.auth === 'user' && r.url !== '/api/v1/auth/logout')) {
      for (const actor of [cookieMember, tokenMember]) {
        const response = await ctx().request(route.method as HttpMethod, concreteUrl(route.url), {
          as: actor,
          body: route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT' ? {} : undefined,
        });
        if (response.statusCode === 401 || response.statusCode === 403 || response.statusCode >= 500) {
          failures.push(`${key(route)} as ${actor.kind} → ${response.statusCode} ${response.body}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
