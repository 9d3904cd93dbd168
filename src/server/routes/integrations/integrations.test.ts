/**
 * The integrations toggle, what members may see, and the failure modes around a connection that do
 * not depend on the deployment: a URL that is not Jira, an address where nothing answers, and a
 * secret that can no longer be decrypted because Pacer restarted with another key.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { SERVER_ORIGIN, describeEachDatabase, type Actor } from '../../../../test/support/app-harness';
import { buildApp } from '../../app';
import {
  CONNECTIONS_URL,
  RecordingClient,
  collectingLogger,
  demoCredentials,
  expectRefusal,
  expectStatus,
  findLeaks,
  type ConnectionDto,
} from '../../../../test/support/jira-connection-fixtures';

const SECRET_UNREADABLE = "The stored secret can't be read (the encryption key changed). Enter the password or token again.";

/** A web server that is not Jira: every path answers an HTML page with the given status. */
async function startNotJira(status: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html' }).end('<html><body>Intranet</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A local port with nothing listening on it. */
async function closedPortUrl(): Promise<string> {
  const probe = await startNotJira(200);
  await probe.close();
  return probe.url;
}

describeEachDatabase('integrations toggle and Jira connection edge cases', (ctx) => {
  const credentials = demoCredentials('datacenter');
  const client = new RecordingClient(ctx);
  let sim: JiraSim;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'datacenter', port: 0, scenario: 'demo', control: true });
  });
  afterAll(async () => {
    await sim.close();
  });

  const setJira = (as: Actor, body: Record<string, unknown>) => client.request('PUT', '/api/v1/integrations/jira', { as, body });

  test('Jira starts disabled; an admin enables and disables it; members read the flag only', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember();
    const adminView = await client.request('GET', '/api/v1/integrations', { as: admin });
    expect(adminView.json()).toEqual([{ type: 'jira', enabled: false, allowLinkLocal: false }]);
    expect((await client.request('GET', '/api/v1/integrations', { as: member })).json()).toEqual([{ type: 'jira', enabled: false }]);

    const enabled = await setJira(admin, { enabled: true });
    expectStatus(enabled, 200);
    expect(enabled.json()).toEqual({ type: 'jira', enabled: true, allowLinkLocal: false });
    expect((await client.request('GET', '/api/v1/integrations', { as: member })).json()).toEqual([{ type: 'jira', enabled: true }]);

    expectRefusal(await setJira(member, { enabled: false }), 403, 'forbidden');
    expectRefusal(await setJira(admin, {}), 400, 'validation_failed', 'enabled');
    expect((await setJira(admin, { enabled: false })).json()).toEqual({ type: 'jira', enabled: false, allowLinkLocal: false });

    // The link-local allowance is kept until an admin changes it again.
    expect((await setJira(admin, { enabled: true, allowLinkLocal: true })).json()).toEqual({ type: 'jira', enabled: true, allowLinkLocal: true });
    expect((await setJira(admin, { enabled: false })).json()).toEqual({ type: 'jira', enabled: false, allowLinkLocal: true });
    expect((await client.request('GET', '/api/v1/integrations', { as: member })).json()).toEqual([{ type: 'jira', enabled: false }]);
    expect((await setJira(admin, { enabled: false, allowLinkLocal: false })).json()).toMatchObject({ allowLinkLocal: false });
  });

  test('members get 403 on every write and only {id, name} on reads, and nothing while Jira is disabled', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ bearer: true });
    const created = await client.createConnection(admin, { name: 'Team Jira', url: sim.url, username: credentials.username, secret: credentials.secret });

    expectStatus(await setJira(admin, { enabled: false }), 200);
    expect((await client.request('GET', CONNECTIONS_URL, { as: member })).json()).toEqual([]);
    // Admin endpoints still work while disabled.
    expect((await client.listConnections(admin)).map((c) => c.id)).toContain(created.id);

    expectStatus(await setJira(admin, { enabled: true }), 200);
    const names = (await client.request('GET', CONNECTIONS_URL, { as: member })).json<Array<Record<string, unknown>>>();
    expect(names).toContainEqual({ id: created.id, name: 'Team Jira' });
    for (const entry of names) expect(Object.keys(entry).sort()).toEqual(['id', 'name']);

    const body = { name: 'Mine', url: sim.url, username: credentials.username, secret: credentials.secret };
    const writes = [
      client.request('POST', CONNECTIONS_URL, { as: member, body }),
      client.request('PATCH', `${CONNECTIONS_URL}/${created.id}`, { as: member, body: { name: 'Mine' } }),
      client.request('DELETE', `${CONNECTIONS_URL}/${created.id}`, { as: member }),
      client.request('POST', `${CONNECTIONS_URL}/${created.id}/test`, { as: member }),
    ];
    for (const response of await Promise.all(writes)) expectRefusal(response, 403, 'forbidden');
    expect((await client.listConnections(admin)).find((c) => c.id === created.id)?.name).toBe('Team Jira');
  });

  test('a URL that is not Jira, and an address where nothing answers, are refused in plain words', async () => {
    const admin = await ctx().setupAdmin();
    const post = (name: string, url: string) =>
      client.request('POST', CONNECTIONS_URL, { as: admin, body: { name, url, username: credentials.username, secret: credentials.secret } });

    const notFound = await startNotJira(404);
    const htmlPage = await startNotJira(200);
    try {
      expect(expectRefusal(await post('not jira', notFound.url), 422, 'jira_not_found', 'url').message).toContain('not a Jira site');
      expect(expectRefusal(await post('a web page', htmlPage.url), 422, 'jira_bad_response', 'url').message).toMatch(/web page instead of JSON/);
    } finally {
      await notFound.close();
      await htmlPage.close();
    }
    expect(expectRefusal(await post('nobody home', await closedPortUrl()), 422, 'jira_unreachable', 'url').message).toMatch(/refused/);
    expect((await client.listConnections(admin)).map((c) => c.name)).not.toContain('not jira');
  });

  test('after a restart with another key the secret is unreadable: health says so, nothing crashes, entering it again heals', async () => {
    const admin = await ctx().setupAdmin();
    const created = await client.createConnection(admin, { name: 'Before restart', url: sim.url, username: credentials.username, secret: credentials.secret });

    // The same database, served by an app that lost the key (e.g. secret.key not restored from backup).
    const { config, db, dialect } = ctx();
    const restarted = await buildApp({ config, db: { db, dialect, destroy: async () => undefined }, secretKey: randomBytes(32), logger: collectingLogger(ctx().logLines) });
    try {
      if (admin.kind !== 'cookie') throw new Error('the harness admin signs in with a cookie');
      const send = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) => {
        const response = await restarted.inject({ method, url, headers: { cookie: admin.cookie, origin: SERVER_ORIGIN }, ...(payload ? { payload } : {}) });
        client.bodies.push(response.body);
        return response;
      };

      const listed = (await send('GET', CONNECTIONS_URL)).json<ConnectionDto[]>().find((c) => c.id === created.id);
      expect(listed?.health).toMatchObject({ status: 'failing', lastError: { code: 'secret_unreadable', message: SECRET_UNREADABLE } });

      const calls = sim.requestLog.count();
      const tested = await send('POST', `${CONNECTIONS_URL}/${created.id}/test`);
      expectStatus(tested, 200);
      expect(tested.json<ConnectionDto>().health).toMatchObject({ status: 'failing', lastError: { code: 'secret_unreadable', message: SECRET_UNREADABLE } });
      expect(sim.requestLog.count()).toBe(calls); // nothing to send Jira without the secret

      const moved = await send('PATCH', `${CONNECTIONS_URL}/${created.id}`, { url: `${sim.url}/jira-moved`, secret: '' });
      // A new URL needs the secret entered again whether or not the stored one is readable.
      expect(expectRefusal(moved, 400, 'validation_failed', 'secret').message).toMatch(/must be entered again/);
      // A rename needs no secret and still works.
      expectStatus(await send('PATCH', `${CONNECTIONS_URL}/${created.id}`, { name: 'After restart' }), 200);

      const healed = await send('PATCH', `${CONNECTIONS_URL}/${created.id}`, { secret: credentials.secret });
      expectStatus(healed, 200);
      expect(healed.json<ConnectionDto>()).toMatchObject({ name: 'After restart', health: { status: 'ok', lastError: null } });
    } finally {
      await restarted.close();
    }
    // The original app's key can no longer read the re-entered secret: the same story from its side.
    const fromOriginal = (await client.listConnections(admin)).find((c) => c.id === created.id);
    expect(fromOriginal?.health.lastError?.code).toBe('secret_unreadable');
  });

  test('no response body or log line of this suite contains a secret', () => {
    expect(findLeaks([credentials.secret], [
      { label: 'response', texts: client.bodies },
      { label: 'log line', texts: ctx().logLines },
    ])).toEqual([]);
    expect(client.bodies.length).toBeGreaterThan(20);
  });
});
