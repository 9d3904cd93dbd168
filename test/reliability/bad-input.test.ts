/**
 * Bad input, property-based (fast-check), on SQLite and PostgreSQL: every write route (POST, PUT,
 * PATCH — enumerated from the app, so routes added later are covered) gets bodies generated from
 * its own OpenAPI schema, mixed with wrong types, unicode, huge strings, injection strings, stray
 * and prototype keys and broken JSON; every route with query parameters gets hostile queries.
 * Each answer must be a success or a 4xx with a code and a message — never a 5xx — and after a
 * 4xx the database must be exactly as before (no partial write). Text that is accepted must be
 * returned verbatim (see also page-escaping.test.ts for how the page shows it).
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import type { RouteSummary } from '../../src/server/auth/authenticate';
import { describeEachDatabase, type Actor, type HttpMethod } from '../support/app-harness';
import { encodeLoosely, hostileText, objectFor, rawBody, valueFor, type FieldPools, type OpenApiDocument } from './support/arbitraries';
import { setUpFixtures, snapshotDatabase, type Fixtures } from './support/fixtures';

const RUNS_PER_ROUTE = Number(process.env.PACER_FUZZ_RUNS ?? 60);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** "/api/v1/objectives/:id/check-ins" → "/api/v1/objectives/{id}/check-ins", as OpenAPI spells it. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

interface Outcome {
  route: string;
  status: number;
  ms: number;
}

function problemWith(response: LightMyRequestResponse): string | null {
  if (response.statusCode >= 500) return `answered ${response.statusCode}: ${response.body.slice(0, 300)}`;
  if (response.statusCode < 400) return null;
  const error = (response.json() as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || error.message.length < 5) {
    return `a ${response.statusCode} without a code and message: ${response.body.slice(0, 300)}`;
  }
  return null;
}

describeEachDatabase('bad input on every route', (ctx) => {
  let sim: JiraSim;
  let fixtures: Fixtures;
  let document: OpenApiDocument;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: false });
    fixtures = await setUpFixtures(ctx(), sim);
    document = ctx().app.swagger() as unknown as OpenApiDocument;
  });

  afterAll(async () => {
    await sim?.close();
    const byStatus = new Map<number, number>();
    for (const outcome of outcomes) byStatus.set(outcome.status, (byStatus.get(outcome.status) ?? 0) + 1);
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
    const perRoute = new Map<string, number>();
    for (const outcome of outcomes) perRoute.set(outcome.route, (perRoute.get(outcome.route) ?? 0) + outcome.ms);
    const slowest = [...perRoute].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([route, ms]) => `${route} ${(ms / 1000).toFixed(1)} s`);
    console.log(`[bad input ${ctx().dialect}] ${outcomes.length} hostile requests over ${perRoute.size} routes; ${statuses}; slowest: ${slowest.join(', ')}`);
  });

  const pools = (): FieldPools => ({ idsFor: (name) => fixtures.idsFor(name) });

  /** Sends one request, checks the answer and, for a refusal, that nothing was written. */
  async function sendAndCheck(route: string, method: HttpMethod, url: string, actor: Actor, body: unknown): Promise<void> {
    const before = await snapshotDatabase(ctx().db);
    const started = performance.now();
    const response = await ctx().request(method, url, { as: actor, body });
    outcomes.push({ route, status: response.statusCode, ms: performance.now() - started });
    const problem = problemWith(response);
    if (problem) throw new Error(`${method} ${url.slice(0, 200)} with ${JSON.stringify(body)?.slice(0, 300)} → ${problem}`);
    if (response.statusCode >= 400) {
      const after = await snapshotDatabase(ctx().db);
      if (after !== before) throw new Error(`${method} ${url.slice(0, 200)} answered ${response.statusCode} but changed the database (body ${JSON.stringify(body)?.slice(0, 300)})`);
    }
  }

  function writeRoutes(): RouteSummary[] {
    const routes = ctx().app.routeSummaries.filter((r) => r.url.startsWith('/api/v1/') && WRITE_METHODS.has(r.method));
    // Turning Jira off would make every later Jira route a plain 409; fuzz that switch last.
    return [...routes.filter((r) => r.url !== '/api/v1/integrations/jira'), ...routes.filter((r) => r.url === '/api/v1/integrations/jira')];
  }

  test('every write route: a success or a 4xx with a message, never a 5xx, and a 4xx writes nothing', async () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      const schema = operation?.requestBody?.content?.['application/json']?.schema;
      const bodies = fc.oneof(
        { arbitrary: schema ? objectFor(schema, document, pools()) : fc.constant({}), weight: 10 },
        { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
        { arbitrary: rawBody, weight: 1 },
      );
      await fc.assert(
        fc.asyncProperty(fixtures.urlFor(route.url), bodies, async (url, body) => {
          await sendAndCheck(`${route.method} ${route.url}`, route.method as HttpMethod, url, fixtures.fuzzer, body);
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    // The generator must reach the services, not only the schema: many routes accepted some input.
    const succeeded = new Set(outcomes.filter((o) => o.status < 300).map((o) => o.route));
    expect(succeeded.size).toBeGreaterThan(routes.length / 3);
  });

  test('every route with query parameters: hostile queries are a success or a 4xx, never a 5xx', async () => {
    const routes = ctx().app.routeSummaries.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
    let fuzzed = 0;
    for (const route of routes) {
      const parameters = (document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()]?.parameters ?? []).filter((p) => p.in === 'query');
      if (parameters.length === 0) continue;
      fuzzed += 1;
      const query = fc.tuple(
        ...parameters.map((p) => fc.option(fc.oneof(valueFor(p.schema, p.name, document, pools()), fc.array(hostileText(30), { minLength: 2, maxLength: 3 })), { freq: 5, nil: undefined })),
        fc.constantFrom('', '&extra=1', '&%zz=%zz', '&a[b]=c', '&=&&', `&${'q'.repeat(5000)}=1`),
      );
      await fc.assert(
        fc.asyncProperty(fixtures.urlFor(route.url), query, async (url, [...values]) => {
          const suffix = values.pop() as string;
          const pairs = parameters.flatMap((p, i) => {
            const value = values[i];
            if (value === undefined) return [];
            const list = Array.isArray(value) ? value : [value];
            return list.map((v) => `${encodeURIComponent(p.name)}=${encodeLoosely(typeof v === 'string' ? v : JSON.stringify(v))}`);
          });
          const body = WRITE_METHODS.has(route.method) ? {} : undefined;
          await sendAndCheck(`${route.method} ${route.url}?`, route.method as HttpMethod, `${url}?${pairs.join('&')}${suffix}`, fixtures.fuzzer, body);
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(fuzzed).toBeGreaterThanOrEqual(3);
  });

  test('accepted text comes back verbatim (trimmed): unicode, injection strings, length limits', async () => {
    const fields: Array<{ create: (text: string) => Promise<LightMyRequestResponse>; read: (id: string) => Promise<string>; max: number }> = [
      {
        max: 200,
        create: (title) => ctx().request('POST', '/api/v1/objectives', { as: fixtures.fuzzer, body: { cycleId: fixtures.cycleId, title } }),
        read: async (id) => (await ctx().request('GET', `/api/v1/objectives/${id}`, { as: fixtures.fuzzer })).json<{ title: string }>().title,
      },
      {
        max: 10_000,
        create: (description) => ctx().request('POST', '/api/v1/objectives', { as: fixtures.fuzzer, body: { cycleId: fixtures.cycleId, title: 'Described', description } }),
        read: async (id) => (await ctx().request('GET', `/api/v1/objectives/${id}`, { as: fixtures.fuzzer })).json<{ description: string }>().description,
      },
      {
        max: 2_000,
        create: (note) => ctx().request('POST', `/api/v1/key-results/${fixtures.keyResultId}/check-ins`, { as: fixtures.fuzzer, body: { value: 1, note } }),
        read: async (id) =>
          (await ctx().request('GET', `/api/v1/key-results/${fixtures.keyResultId}/check-ins`, { as: fixtures.fuzzer })).json<Array<{ id: string; note: string }>>().find((c) => c.id === id)?.note ?? '<missing>',
      },
      {
        max: 50,
        create: (unit) => ctx().request('POST', `/api/v1/objectives/${fixtures.objectiveId}/key-results`, { as: fixtures.fuzzer, body: { title: 'Unit test', startValue: 0, targetValue: 1, unit } }),
        read: async (id) => (await ctx().request('GET', `/api/v1/key-results/${id}`, { as: fixtures.fuzzer })).json<{ unit: string }>().unit,
      },
    ];
    for (const field of fields) {
      await fc.assert(
        fc.asyncProperty(hostileText(field.max), async (text) => {
          const expected = text.trim();
          const unstorable = text.includes('\u0000') || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
          const response = await field.create(text);
          if (unstorable || expected.length > field.max || (expected === '' && field.max === 200)) {
            expect(response.statusCode, JSON.stringify(text).slice(0, 80)).toBe(400);
            return;
          }
          expect(response.statusCode, `${JSON.stringify(text).slice(0, 80)}: ${response.body.slice(0, 200)}`).toBe(201);
          expect(await field.read(response.json<{ id: string }>().id)).toBe(expected);
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
  });
});
