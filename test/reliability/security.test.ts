/**
 * Security, on SQLite and PostgreSQL, over EVERY route the app registers (so routes added later
 * are covered): the authorisation matrix route × {anonymous, member by cookie, member by token,
 * admin, another member's token, a deleted token, a deactivated user by cookie and by token}; the
 * owner-or-admin rule on every write to an objective or key result; the CSRF guard on every cookie write; session
 * fixation; logout, password change and demotion taking effect at once; and no secret (passwords,
 * session ids, API tokens, the Jira secret, the encryption key, stored hashes) in any response
 * body or header, log line, or the page source.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import type { RouteSummary } from '../../src/server/auth/authenticate';
import { describeEachDatabase, SERVER_ORIGIN, type Actor, type HttpMethod } from '../support/app-harness';
import { setUpFixtures, type Fixtures } from './support/fixtures';

/** 'any': a public route may refuse by its own rules (a wrong password, a bad webhook token) but never fail. */
type Expectation = 'unauthenticated' | 'forbidden' | 'allowed' | 'any';

function apiRoutes(routes: RouteSummary[]): RouteSummary[] {
  return routes.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'OPTIONS');
}

const key = (route: RouteSummary) => `${route.method} ${route.url}`;
/** Routes whose whole point is to end the caller's own session; checked on their own below. */
const SESSION_ENDING = new Set(['POST /api/v1/auth/logout']);
const hasBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH';

function byRole(route: RouteSummary, role: 'admin' | 'member'): Expectation {
  if (route.auth === 'public') return 'any';
  return route.auth === 'admin' && role === 'member' ? 'forbidden' : 'allowed';
}

function cookieValue(response: LightMyRequestResponse): string | null {
  return response.cookies.find((c) => c.name === 'pacer_session')?.value ?? null;
}

describeEachDatabase('security over every route', (ctx) => {
  let sim: JiraSim;
  let fixtures: Fixtures;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: false });
    fixtures = await setUpFixtures(ctx(), sim);
  });

  afterAll(async () => {
    await sim?.close();
  });

  /** A URL whose ids do not exist: authorisation must be decided before any lookup. */
  const concrete = (url: string) => url.replace(/:[A-Za-z0-9_]+/g, () => randomUUID());

  async function outcome(route: RouteSummary, actor: Actor | null): Promise<{ status: number; code: string | undefined; body: string }> {
    const response = await ctx().request(route.method as HttpMethod, concrete(route.url), { as: actor ?? undefined, body: hasBody(route.method) ? {} : undefined });
    const code = route.method === 'HEAD' || response.body === '' ? undefined : (response.json() as { error?: { code?: string } }).error?.code;
    return { status: response.statusCode, code, body: response.body.slice(0, 200) };
  }

  function violates(expected: Expectation, got: { status: number; code: string | undefined }, method: string): boolean {
    if (got.status >= 500) return true;
    if (expected === 'any') return false;
    if (expected === 'unauthenticated') return got.status !== 401 || (method !== 'HEAD' && got.code !== 'unauthenticated');
    if (expected === 'forbidden') return got.status !== 403 || (method !== 'HEAD' && got.code !== 'forbidden');
    return got.status === 401 || got.status === 403;
  }

  test('the matrix: every route × anonymous, member (cookie and token), admin, another member, a deleted token, a deactivated user', async () => {
    const memberCookie = await ctx().createMember({ name: 'Matrix Member' });
    const memberToken = await ctx().withBearer(memberCookie);
    const otherMember = await ctx().createMember({ name: 'Other Member', bearer: true });
    const doomed = await ctx().withBearer(await ctx().createMember({ name: 'Doomed token owner' }));
    // Delete the token through the API, then it must be worth nothing anywhere.
    const doomedList = await ctx().request('GET', '/api/v1/tokens', { as: doomed });
    for (const token of doomedList.json<Array<{ id: string }>>()) await ctx().request('DELETE', `/api/v1/tokens/${token.id}`, { as: doomed });
    // A deactivated user keeps their session and token rows, and both must be worth nothing.
    const leaverCookie = await ctx().createMember({ name: 'Deactivated Member' });
    const leaverToken = await ctx().withBearer(leaverCookie);
    const deactivate = await ctx().request('PATCH', `/api/v1/users/${leaverCookie.user.id}`, { as: fixtures.admin, body: { active: false } });
    expect(deactivate.statusCode).toBe(200);

    const actors: Array<{ label: string; actor: Actor | null; expect: (route: RouteSummary) => Expectation }> = [
      { label: 'anonymous', actor: null, expect: (r) => (r.auth === 'public' ? 'any' : 'unauthenticated') },
      { label: 'member (cookie)', actor: memberCookie, expect: (r) => byRole(r, 'member') },
      { label: 'member (token)', actor: memberToken, expect: (r) => byRole(r, 'member') },
      { label: 'another member (token)', actor: otherMember, expect: (r) => byRole(r, 'member') },
      { label: 'admin (cookie)', actor: fixtures.admin, expect: (r) => byRole(r, 'admin') },
      { label: 'admin (token)', actor: fixtures.fuzzer, expect: (r) => byRole(r, 'admin') },
      // A bearer header that is unknown is refused even on public routes: scripts must learn their token is gone.
      { label: 'deleted token', actor: doomed, expect: () => 'unauthenticated' },
      // On public routes the browser of a deactivated user is just anonymous (someone else may sign in there).
      { label: 'deactivated user (cookie)', actor: leaverCookie, expect: (r) => (r.auth === 'public' ? 'any' : 'unauthenticated') },
      { label: 'deactivated user (token)', actor: leaverToken, expect: () => 'unauthenticated' },
    ];
    const routes = apiRoutes(ctx().app.routeSummaries).filter((r) => !SESSION_ENDING.has(key(r)));
    expect(routes.length).toBeGreaterThan(60);
    const covered = new Set(routes.map(key));
    for (const route of ['POST /api/v1/me/password', 'GET /api/v1/users/:id/tokens', 'DELETE /api/v1/users/:id/tokens/:tokenId', 'PATCH /api/v1/users/:id']) {
      expect(covered.has(route), `${route} is in the matrix`).toBe(true);
    }
    const failures: string[] = [];
    let cells = 0;
    for (const route of routes) {
      for (const { label, actor, expect: expected } of actors) {
        cells += 1;
        const got = await outcome(route, actor);
        if (violates(expected(route), got, route.method)) failures.push(`${key(route)} as ${label}: expected ${expected(route)}, got ${got.status} ${got.body}`);
      }
    }
    console.log(`[security ${ctx().dialect}] authorisation matrix: ${routes.length} routes × ${actors.length} callers = ${cells} requests`);
    expect(failures).toEqual([]);
  });

  test('the owner-or-admin rule: every write on an objective or key result × owner, another member, admin, and the setting on', async () => {
    const owner = await ctx().createMember({ name: 'Rule Owner' });
    const stranger = await ctx().createMember({ name: 'Rule Stranger', bearer: true });
    const link = { type: 'jira', connectionId: fixtures.connectionId, jql: 'parent = AE-786', metric: 'percent_done' };
    // A valid body per route, so the rule (not the schema) decides; every such route must be listed.
    const bodies: Record<string, unknown> = {
      'PATCH /api/v1/objectives/:id': { title: 'Changed' },
      'DELETE /api/v1/objectives/:id': undefined,
      'POST /api/v1/objectives/:id/check-ins': { value: 0.5 },
      'POST /api/v1/objectives/:id/key-results': { title: 'Added', startValue: 0, targetValue: 1 },
      'PUT /api/v1/objectives/:id/integration': link,
      'DELETE /api/v1/objectives/:id/integration': undefined,
      'POST /api/v1/objectives/:id/integration/refresh': undefined,
      'PATCH /api/v1/key-results/:id': { title: 'Changed' },
      'DELETE /api/v1/key-results/:id': undefined,
      'POST /api/v1/key-results/:id/check-ins': { value: 1 },
      'PUT /api/v1/key-results/:id/integration': { ...link, metric: 'done_count' },
      'DELETE /api/v1/key-results/:id/integration': undefined,
      'POST /api/v1/key-results/:id/integration/refresh': undefined,
    };
    const writes = apiRoutes(ctx().app.routeSummaries)
      .filter((r) => /^\/api\/v1\/(objectives|key-results)\/:id/.test(r.url) && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
      .map(key);
    expect(writes.sort()).toEqual(Object.keys(bodies).sort());

    const setEveryone = async (on: boolean) =>
      expect((await ctx().request('PATCH', '/api/v1/settings', { as: fixtures.admin, body: { everyoneMayEditOkrs: on } })).statusCode).toBe(200);
    const callers: Array<{ label: string; actor: Actor; everyone: boolean; allowed: boolean }> = [
      { label: 'owner', actor: owner, everyone: false, allowed: true },
      { label: 'another member', actor: stranger, everyone: false, allowed: false },
      { label: 'another member (the default member fixture)', actor: fixtures.member, everyone: false, allowed: false },
      { label: 'admin (cookie)', actor: fixtures.admin, everyone: false, allowed: true },
      { label: 'admin (token)', actor: fixtures.fuzzer, everyone: false, allowed: true },
      { label: 'another member, everyoneMayEditOkrs on', actor: stranger, everyone: true, allowed: true },
    ];
    const failures: string[] = [];
    for (const { label, actor, everyone, allowed } of callers) {
      await setEveryone(everyone);
      for (const [route, body] of Object.entries(bodies)) {
        // A fresh manual objective owned by the owner, with a key result the owner owns, per cell.
        const objective = await ctx().request('POST', '/api/v1/objectives', { as: owner, body: { cycleId: fixtures.cycleId, title: 'Rule', progressMode: 'manual' } });
        const objectiveId = objective.json<{ id: string }>().id;
        const kr = await ctx().request('POST', `/api/v1/objectives/${objectiveId}/key-results`, { as: owner, body: { title: 'Rule KR', startValue: 0, targetValue: 2 } });
        const id = route.includes('/key-results/:id') ? kr.json<{ id: string }>().id : objectiveId;
        const [method, pattern] = route.split(' ') as [HttpMethod, string];
        const response = await ctx().request(method, pattern.replace(':id', id), { as: actor, body });
        const code = response.body === '' ? undefined : response.json<{ error?: { code?: string } }>().error?.code;
        const ok = allowed ? response.statusCode < 500 && response.statusCode !== 401 && response.statusCode !== 403 : response.statusCode === 403 && code === 'not_owner';
        if (!ok) failures.push(`${route} as ${label}: expected ${allowed ? 'allowed' : '403 not_owner'}, got ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    await setEveryone(false);
    console.log(`[security ${ctx().dialect}] owner-or-admin rule: ${Object.keys(bodies).length} routes × ${callers.length} callers`);
    expect(failures).toEqual([]);
  });

  test("a deactivated user's session and token are refused with a 401 that says so; members can't reach others' tokens", async () => {
    const leaver = await ctx().createMember({ name: 'Leaver' });
    const script = await ctx().withBearer(leaver);
    const tokenId = (await ctx().request('GET', '/api/v1/tokens', { as: leaver })).json<Array<{ id: string }>>()[0]?.id ?? '';
    for (const path of [`/api/v1/users/${leaver.user.id}/tokens`, `/api/v1/users/${leaver.user.id}/tokens/${tokenId}`]) {
      const method = path.endsWith(tokenId) ? 'DELETE' : 'GET';
      expect((await ctx().request(method, path, { as: fixtures.member })).statusCode).toBe(403);
      expect((await ctx().request(method, path, { as: leaver })).statusCode).toBe(403);
    }
    expect((await ctx().request('PATCH', `/api/v1/users/${leaver.user.id}`, { as: fixtures.admin, body: { active: false } })).statusCode).toBe(200);
    for (const actor of [leaver, script]) {
      for (const [method, path] of [['GET', '/api/v1/me'], ['GET', '/api/v1/objectives'], ['POST', '/api/v1/tokens']] as const) {
        const response = await ctx().request(method, path, { as: actor, body: method === 'POST' ? { name: 'sneaky' } : undefined });
        expect(response.statusCode, `${method} ${path}`).toBe(401);
        expect(response.json<{ error: { message: string } }>().error.message).toMatch(/deactivated/);
      }
    }
    expect((await ctx().request('PATCH', `/api/v1/users/${leaver.user.id}`, { as: fixtures.admin, body: { active: true } })).statusCode).toBe(200);
  });

  test("another member's token can neither see nor delete my tokens", async () => {
    const me = await ctx().withBearer(await ctx().createMember({ name: 'Token Owner' }));
    const other = await ctx().createMember({ name: 'Token Thief', bearer: true });
    const mine = (await ctx().request('GET', '/api/v1/tokens', { as: me })).json<Array<{ id: string }>>();
    expect(mine.length).toBeGreaterThan(0);
    const theirs = (await ctx().request('GET', '/api/v1/tokens', { as: other })).json<Array<{ id: string }>>();
    expect(theirs.map((t) => t.id)).not.toEqual(expect.arrayContaining([mine[0]?.id]));
    for (const token of mine) {
      const attempt = await ctx().request('DELETE', `/api/v1/tokens/${token.id}`, { as: other });
      expect(attempt.statusCode).toBe(404);
    }
    expect((await ctx().request('GET', '/api/v1/me', { as: me })).statusCode).toBe(200);
    expect((await ctx().request('GET', '/api/v1/tokens', { as: me })).json<unknown[]>()).toHaveLength(mine.length);
  });

  test('every cookie-authenticated write needs our own Origin (CSRF guard), on every write route', async () => {
    const member = await ctx().createMember({ name: 'CSRF Member' });
    const failures: string[] = [];
    const writes = apiRoutes(ctx().app.routeSummaries).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.auth !== 'public');
    for (const route of writes) {
      const forged: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { origin: 'null', referer: 'https://evil.example/page' }];
      for (const headers of forged) {
        const response = await ctx().request(route.method as HttpMethod, concrete(route.url), {
          headers: { cookie: member.kind === 'cookie' ? member.cookie : '', ...headers },
          body: hasBody(route.method) ? {} : undefined,
        });
        const code = (response.json() as { error?: { code?: string } }).error?.code;
        if (response.statusCode !== 403 || code !== 'csrf_rejected') failures.push(`${key(route)} from ${JSON.stringify(headers)} → ${response.statusCode} ${code}`);
      }
    }
    expect(failures).toEqual([]);
    // The session survived all of that: the guard refused the requests, it did not sign anyone out.
    expect((await ctx().request('GET', '/api/v1/me', { as: member })).statusCode).toBe(200);
  });

  test('session fixation: a cookie planted before login never becomes the new session', async () => {
    const attacker = await ctx().createMember({ name: 'Fixation Attacker' });
    const victim = await ctx().createMember({ name: 'Fixation Victim' });
    const planted = ['pacer_session=attacker-chosen-value-0123456789', attacker.kind === 'cookie' ? attacker.cookie : ''];
    for (const cookie of planted) {
      const login = await ctx().request('POST', '/api/v1/auth/login', {
        headers: { cookie, origin: SERVER_ORIGIN },
        body: { email: victim.user.email, password: victim.password },
        remoteAddress: `10.99.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      });
      expect(login.statusCode).toBe(200);
      const issued = cookieValue(login);
      expect(issued).not.toBeNull();
      expect(`pacer_session=${issued}`).not.toBe(cookie);
      const withPlanted = await ctx().request('GET', '/api/v1/me', { headers: { cookie } });
      // The planted value is either no session at all or still the attacker's own; never the victim's.
      if (withPlanted.statusCode === 200) expect(withPlanted.json<{ id: string }>().id).toBe(attacker.user.id);
      else expect(withPlanted.statusCode).toBe(401);
      const withIssued = await ctx().request('GET', '/api/v1/me', { headers: { cookie: `pacer_session=${issued}` } });
      expect(withIssued.json<{ id: string }>().id).toBe(victim.user.id);
    }
  });

  test('logout ends that session at once (the old cookie gets 401), and only that one', async () => {
    const first = await ctx().createMember({ name: 'Logout Member' });
    const second = await ctx().request('POST', '/api/v1/auth/login', { body: { email: first.user.email, password: first.password }, remoteAddress: '10.98.0.1' });
    const secondCookie = `pacer_session=${cookieValue(second)}`;
    const logout = await ctx().request('POST', '/api/v1/auth/logout', { as: first });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((c) => c.name === 'pacer_session')?.value ?? '').toBe('');
    const after = await ctx().request('GET', '/api/v1/me', { as: first });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await ctx().request('GET', '/api/v1/me', { headers: { cookie: secondCookie } })).statusCode).toBe(200);
  });

  test('a password change ends every session; a demotion takes effect on the next request', async () => {
    const member = await ctx().createMember({ name: 'Changing Member', role: 'admin' });
    const cycle = { name: 'Admin for a moment', startDate: '2026-01-01', endDate: '2026-01-02' };
    expect((await ctx().request('POST', '/api/v1/cycles', { as: member, body: cycle })).statusCode).toBe(201);
    const demote = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: fixtures.admin, body: { role: 'member' } });
    expect(demote.statusCode).toBe(200);
    expect((await ctx().request('POST', '/api/v1/cycles', { as: member, body: cycle })).statusCode).toBe(403);
    const change = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: fixtures.admin, body: { password: 'a brand new password' } });
    expect(change.statusCode).toBe(200);
    expect((await ctx().request('GET', '/api/v1/me', { as: member })).statusCode).toBe(401);
  });

  test('no secret in any response body or header, log line, or the page source', async () => {
    const member = await ctx().createMember({ name: 'Secretive Member' });
    const memberScript = await ctx().withBearer(member);
    const secrets = new Set<string>([
      fixtures.admin.password,
      member.password,
      'sim-api-token-dana',
      ctx().secretKey.toString('hex'),
      ctx().secretKey.toString('base64'),
      fixtures.memberToken.token,
    ]);
    for (const actor of [fixtures.admin, fixtures.fuzzer, fixtures.member, member, memberScript]) {
      if (actor.kind === 'cookie') secrets.add(actor.cookie.replace(/^pacer_session=/, ''));
      else secrets.add(actor.token);
    }
    // Whatever the database keeps of a secret (hashes, ciphertext, webhook tokens) must stay there too.
    for (const table of await ctx().db.introspection.getTables()) {
      const columns = table.columns.filter((c) => /secret|token|hash|password|cipher/i.test(c.name)).map((c) => c.name);
      if (columns.length === 0) continue;
      const rows = await ctx().db.selectFrom(table.name as 'users').selectAll().execute();
      for (const row of rows as Array<Record<string, unknown>>) {
        for (const column of columns) if (typeof row[column] === 'string' && (row[column] as string).length >= 12) secrets.add(row[column] as string);
      }
    }

    const seen: Array<{ where: string; text: string }> = [];
    const gets = apiRoutes(ctx().app.routeSummaries).filter((r) => r.method === 'GET');
    for (const route of gets) {
      for (const actor of [fixtures.admin, fixtures.fuzzer, member, null]) {
        const response = await ctx().request('GET', fixtures.exampleUrl(route.url), { as: actor ?? undefined });
        const headers = Object.entries(response.headers).filter(([name]) => name !== 'set-cookie').map(([name, value]) => `${name}: ${String(value)}`);
        seen.push({ where: `GET ${route.url} as ${actor?.user.name ?? 'anonymous'}`, text: `${headers.join('\n')}\n${response.body}` });
      }
    }
    // The page: the HTML for any app path, and every script and stylesheet it loads.
    const page = await ctx().request('GET', '/okrs', { as: fixtures.admin });
    seen.push({ where: 'page source', text: page.body });
    for (const asset of [...page.body.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] ?? '')) {
      seen.push({ where: `asset ${asset}`, text: (await ctx().request('GET', asset)).body });
    }
    seen.push(...ctx().logLines.map((line, i) => ({ where: `log line ${i}`, text: line })));

    const leaks: string[] = [];
    for (const secret of secrets) {
      if (secret.length < 8) continue;
      const found = seen.find(({ text }) => text.includes(secret));
      if (found) leaks.push(`${secret.slice(0, 6)}… appears in ${found.where}`);
    }
    console.log(`[security ${ctx().dialect}] ${secrets.size} secrets searched in ${seen.length} responses, log lines and page files`);
    expect(secrets.size).toBeGreaterThan(12);
    expect(gets.length).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});
