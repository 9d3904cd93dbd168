/**
 * ETag / If-None-Match on the API's GETs (issue 11), on SQLite and PostgreSQL, against the Jira
 * simulator for the linked item's issue list and insight: each list and detail answers 200 with a
 * tag, the same request with that tag is a 304 without a body, a change gives a new tag and a 200,
 * another user's different body has a different tag, and a write never answers 304.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { describeEachDatabase, type Actor, type AppTestContext } from '../support/app-harness';

/** The demo scenario's campaign epic (10 stories) on the simulator's Cloud mode. */
const CAMPAIGN_JQL = 'parent = AE-786';

function expectStatus(response: LightMyRequestResponse, status: number): void {
  if (response.statusCode !== status) throw new Error(`expected HTTP ${status}, got ${response.statusCode}: ${response.body}`);
}

function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describeEachDatabase('conditional GETs (ETag / If-None-Match)', (ctx) => {
  let sim: JiraSim;
  let owner: Actor;
  let other: Actor;
  let cycleId: string;
  let objectiveId: string;
  let keyResultId: string;
  let urls: Record<string, string>;

  const get = (url: string, as: Actor, headers: Record<string, string> = {}) => ctx().request('GET', url, { as, headers });

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
    const c: AppTestContext = ctx();
    const admin = await c.setupAdmin();
    owner = await c.createMember({ name: 'Olive Owner' });
    other = await c.createMember({ name: 'Otto Other' });
    expectStatus(await c.request('PUT', '/api/v1/integrations/jira', { as: admin, body: { enabled: true } }), 200);
    const connection = await c.request('POST', '/api/v1/integrations/jira/connections', {
      as: admin,
      body: { name: 'Demo Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' },
    });
    expectStatus(connection, 201);
    // A cycle that starts tomorrow: its expected progress stays 0 however long the test takes (in a
    // running cycle it moves a 1/10,000 step every ~13 minutes, and a step between two requests
    // would rightly change the tag).
    const cycle = await c.request('POST', '/api/v1/cycles', { as: admin, body: { name: 'Next quarter', startDate: dayFromToday(1), endDate: dayFromToday(91) } });
    expectStatus(cycle, 201);
    cycleId = cycle.json<{ id: string }>().id;
    const objective = await c.request('POST', '/api/v1/objectives', { as: owner, body: { cycleId, title: 'Grow the newsletter' } });
    expectStatus(objective, 201);
    objectiveId = objective.json<{ id: string }>().id;
    const keyResult = await c.request('POST', `/api/v1/objectives/${objectiveId}/key-results`, { as: owner, body: { title: 'Ship the campaign', startValue: 0, targetValue: 10, unit: 'stories' } });
    expectStatus(keyResult, 201);
    keyResultId = keyResult.json<{ id: string }>().id;
    const link = await c.request('PUT', `/api/v1/key-results/${keyResultId}/integration`, {
      as: owner,
      body: { type: 'jira', connectionId: connection.json<{ id: string }>().id, jql: CAMPAIGN_JQL, metric: 'points_done' },
    });
    expect([200, 201]).toContain(link.statusCode);
    urls = {
      'objectives list': `/api/v1/objectives?cycleId=${cycleId}`,
      'objective detail': `/api/v1/objectives/${objectiveId}`,
      'key result detail': `/api/v1/key-results/${keyResultId}`,
      cycles: '/api/v1/cycles',
      'issue list': `/api/v1/key-results/${keyResultId}/integration/issues?limit=5`,
      insight: `/api/v1/key-results/${keyResultId}/integration/insight`,
    };
  });
  afterAll(async () => {
    await sim.close();
  });

  test.each(['objectives list', 'objective detail', 'key result detail', 'cycles', 'issue list', 'insight'])(
    '%s: 200 with a tag, then 304 with no body for that tag (also weak, in a list, or *), 200 for another',
    async (name) => {
      const url = urls[name] ?? '';
      const first = await get(url, owner);
      expectStatus(first, 200);
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      for (const ifNoneMatch of [etag, `W/${etag}`, `"not-it", ${etag}`, '*']) {
        const again = await get(url, owner, { 'if-none-match': ifNoneMatch });
        expect(again.statusCode, ifNoneMatch).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(etag);
      }
      const stale = await get(url, owner, { 'if-none-match': '"not-it"' });
      expectStatus(stale, 200);
      expect(stale.body).toBe(first.body);
    },
  );

  test('in a running cycle expected progress is sent to 1/10,000, so the body holds still between polls', async () => {
    const c = ctx();
    const admin = await c.setupAdmin();
    const running = await c.request('POST', '/api/v1/cycles', { as: admin, body: { name: 'This quarter', startDate: dayFromToday(-30), endDate: dayFromToday(60) } });
    expectStatus(running, 201);
    const created = await c.request('POST', '/api/v1/objectives', { as: owner, body: { cycleId: running.json<{ id: string }>().id, title: 'Halve the bounce rate' } });
    expectStatus(created, 201);
    const { expectedProgress } = (await get(`/api/v1/objectives/${created.json<{ id: string }>().id}`, owner)).json<{ expectedProgress: number }>();
    expect(expectedProgress).toBeGreaterThan(0.3);
    expect(expectedProgress).toBeLessThan(0.35);
    expect(Math.round(expectedProgress * 10_000) / 10_000).toBe(expectedProgress);
  });

  test('an API token gets the same tags and 304s as the browser session', async () => {
    const bearer = await ctx().withBearer(owner);
    const url = urls['objective detail'] ?? '';
    const cookie = await get(url, owner);
    const token = await get(url, bearer, { 'if-none-match': String(cookie.headers.etag) });
    expect(token.statusCode).toBe(304);
  });

  test('a HEAD answers 304 for the tag its GET gave', async () => {
    const url = urls['objectives list'] ?? '';
    const etag = String((await get(url, owner)).headers.etag);
    const head = await ctx().request('HEAD', url, { as: owner, headers: { 'if-none-match': etag } });
    expect(head.statusCode).toBe(304);
    expect(head.body).toBe('');
  });

  test('changing the objective gives the list and the detail a new tag and a 200 with the change', async () => {
    const list = await get(urls['objectives list'] ?? '', owner);
    const detail = await get(urls['objective detail'] ?? '', owner);
    const renamed = await ctx().request('PATCH', `/api/v1/objectives/${objectiveId}`, { as: owner, body: { title: 'Grow the newsletter to 10,000 readers' } });
    expectStatus(renamed, 200);
    for (const [before, url] of [
      [list, urls['objectives list'] ?? ''],
      [detail, urls['objective detail'] ?? ''],
    ] as const) {
      const after = await get(url, owner, { 'if-none-match': String(before.headers.etag) });
      expectStatus(after, 200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect(after.body).toContain('Grow the newsletter to 10,000 readers');
    }
  });

  test("another user's different body has a different tag, so one user's tag never 304s the other's answer", async () => {
    const url = urls['objective detail'] ?? '';
    const mine = await get(url, owner);
    const theirs = await get(url, other, { 'if-none-match': String(mine.headers.etag) });
    // The owner may edit the objective and the other member may not (canEdit), so the bodies differ.
    expect(theirs.json<{ canEdit: boolean }>().canEdit).toBe(false);
    expect(mine.json<{ canEdit: boolean }>().canEdit).toBe(true);
    expectStatus(theirs, 200);
    expect(theirs.headers.etag).not.toBe(mine.headers.etag);
    // A body that is the same for both (the cycles) has the same tag, and a 304 is then right.
    const cycles = await get(urls.cycles ?? '', owner);
    expect((await get(urls.cycles ?? '', other, { 'if-none-match': String(cycles.headers.etag) })).statusCode).toBe(304);
  });

  test('a write never answers 304 and carries no tag, whatever If-None-Match says', async () => {
    const responses = [
      await ctx().request('PATCH', `/api/v1/objectives/${objectiveId}`, { as: owner, body: { description: 'Weekly issues' }, headers: { 'if-none-match': '*' } }),
      await ctx().request('POST', `/api/v1/objectives/${objectiveId}/key-results`, { as: owner, body: { title: 'Open rate 40%', startValue: 20, targetValue: 40, unit: '%' }, headers: { 'if-none-match': '*' } }),
    ];
    for (const response of responses) {
      expect(response.statusCode).not.toBe(304);
      expect(response.statusCode).toBeLessThan(300);
      expect(response.headers.etag).toBeUndefined();
    }
  });

  test('signing in sets its cookie and carries no tag; errors and public routes carry none either', async () => {
    const login = await ctx().request('POST', '/api/v1/auth/login', { body: { email: owner.user.email, password: owner.password }, headers: { 'if-none-match': '*' }, remoteAddress: '10.200.0.1' });
    expectStatus(login, 200);
    expect(login.headers['set-cookie']).toBeDefined();
    expect(login.headers.etag).toBeUndefined();
    const missing = await get('/api/v1/objectives/no-such-objective', owner, { 'if-none-match': '*' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    const health = await ctx().request('GET', '/api/v1/health', { headers: { 'if-none-match': '*' } });
    expectStatus(health, 200);
    expect(health.headers.etag).toBeUndefined();
    const signedOut = await ctx().request('GET', urls['objective detail'] ?? '', { headers: { 'if-none-match': '*' } });
    expect(signedOut.statusCode).toBe(401);
  });
});
