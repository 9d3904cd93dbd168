/**
 * Jira connections API against the real simulator, in Cloud and Data Center mode, on SQLite and
 * PostgreSQL. The last test of each suite searches every response body and log line of the suite,
 * and the database itself, for every secret the suite used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import {
  CONNECTIONS_URL,
  DEMO_PAT,
  RecordingClient,
  demoCredentials,
  expectRefusal,
  expectStatus,
  findLeaks,
  type ConnectionDto,
  type SimMode,
} from '../../../../test/support/jira-connection-fixtures';

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`Jira connections API against a ${mode} simulator`, (ctx) => {
    const credentials = demoCredentials(mode);
    const secretsUsed = new Set<string>([credentials.secret, credentials.wrongSecret, DEMO_PAT]);
    const client = new RecordingClient(ctx);
    let sim: JiraSim;

    beforeAll(async () => {
      sim = await startJiraSim({ mode, port: 0, scenario: 'demo', control: true });
    });
    afterAll(async () => {
      await sim.close();
    });

    const validBody = (name: string) => ({ name, url: sim.url, username: credentials.username, secret: credentials.secret });
    const jiraCalls = () => sim.requestLog.count();

    test('an admin creates a connection only after Jira accepted it, then tests, renames and deletes it', async () => {
      const admin = await ctx().setupAdmin();
      const created = await client.createConnection(admin, validBody(`${mode} main`));
      expect(created).toMatchObject({
        name: `${mode} main`,
        url: sim.url,
        username: credentials.username,
        authType: 'basic',
        deploymentType: mode,
        health: { status: 'ok', lastError: null },
        linkedItems: 0,
      });
      expect(created.jiraUser?.displayName).toBe('Dana Whitfield');
      if (mode === 'cloud') expect(created.jiraUser).toMatchObject({ accountId: expect.any(String), username: null });
      else expect(created.jiraUser).toMatchObject({ accountId: null, username: 'dana' });
      expect(Object.keys(created)).not.toContain('secret');
      expect(sim.requestLog.count({ path: '/rest/api/2/serverInfo' })).toBeGreaterThan(0);
      expect(sim.requestLog.count({ path: /\/myself$/ })).toBeGreaterThan(0);
      expect((await client.listConnections(admin)).map((c) => c.id)).toContain(created.id);

      const before = created.health.lastCheckedAt ?? '';
      await new Promise((resolve) => setTimeout(resolve, 5));
      const tested = await client.request('POST', `${CONNECTIONS_URL}/${created.id}/test`, { as: admin });
      expectStatus(tested, 200);
      expect(tested.json<ConnectionDto>().health.status).toBe('ok');
      expect(tested.json<ConnectionDto>().health.lastCheckedAt! > before).toBe(true);

      // A rename does not need Jira.
      const callsBeforeRename = jiraCalls();
      const renamed = await client.request('PATCH', `${CONNECTIONS_URL}/${created.id}`, { as: admin, body: { name: `${mode} renamed` } });
      expectStatus(renamed, 200);
      expect(renamed.json<ConnectionDto>()).toMatchObject({ id: created.id, name: `${mode} renamed`, health: { status: 'ok' } });
      expect(jiraCalls()).toBe(callsBeforeRename);

      const deleted = await client.request('DELETE', `${CONNECTIONS_URL}/${created.id}`, { as: admin });
      expectStatus(deleted, 200);
      expect(deleted.json()).toEqual({ deletedLinks: 0 });
      expect((await client.listConnections(admin)).map((c) => c.id)).not.toContain(created.id);
      expectRefusal(await client.request('DELETE', `${CONNECTIONS_URL}/${created.id}`, { as: admin }), 404, 'not_found');
      expectRefusal(await client.request('POST', `${CONNECTIONS_URL}/${created.id}/test`, { as: admin }), 404, 'not_found');
    });

    test('a wrong token is refused with the reason and nothing is saved', async () => {
      const admin = await ctx().setupAdmin();
      const countBefore = (await client.listConnections(admin)).length;
      const response = await client.request('POST', CONNECTIONS_URL, {
        as: admin,
        body: { ...validBody(`${mode} wrong`), secret: credentials.wrongSecret },
      });
      const error = expectRefusal(response, 422, 'jira_auth_failed', 'secret');
      expect(error.message).toMatch(/rejected/i);
      expect(await client.listConnections(admin)).toHaveLength(countBefore);
    });

    test('duplicate names are refused (ignoring case) before Jira is asked', async () => {
      const admin = await ctx().setupAdmin();
      const first = await client.createConnection(admin, validBody(`${mode} Dup`));
      const other = await client.createConnection(admin, validBody(`${mode} other`));
      const calls = jiraCalls();
      const duplicate = await client.request('POST', CONNECTIONS_URL, { as: admin, body: validBody(`  ${mode.toUpperCase()} DUP `) });
      expect(expectRefusal(duplicate, 409, 'conflict', 'name').message).toContain(`"${mode} Dup"`);
      expect(jiraCalls()).toBe(calls);
      const rename = await client.request('PATCH', `${CONNECTIONS_URL}/${other.id}`, { as: admin, body: { name: `${mode} dup` } });
      expectRefusal(rename, 409, 'conflict', 'name');
      // Renaming a connection to its own name in another case is fine.
      const recased = await client.request('PATCH', `${CONNECTIONS_URL}/${first.id}`, { as: admin, body: { name: `${mode} DUP` } });
      expectStatus(recased, 200);
    });

    test('invalid and unsafe URLs are refused with 400 naming url, without calling anything', async () => {
      const admin = await ctx().setupAdmin();
      const calls = jiraCalls();
      const post = (url: string) => client.request('POST', CONNECTIONS_URL, { as: admin, body: { ...validBody(`${mode} url ${url}`), url } });
      expectRefusal(await post('not a url'), 400, 'validation_failed', 'url');
      expectRefusal(await post('ftp://jira.example.com'), 400, 'validation_failed', 'url');
      expectRefusal(await post('https://user:pw@jira.example.com'), 400, 'validation_failed', 'url');
      for (const metadata of ['http://169.254.169.254', 'http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]']) {
        const error = expectRefusal(await post(metadata), 400, 'validation_failed', 'url');
        expect(error.message).toMatch(/link-local or cloud metadata/);
      }
      expect(jiraCalls()).toBe(calls);
    });

    test('editing the URL, username or secret re-tests first; a blank secret keeps the stored one', async () => {
      const admin = await ctx().setupAdmin();
      const created = await client.createConnection(admin, validBody(`${mode} rotate`));
      const patch = (body: Record<string, unknown>) => client.request('PATCH', `${CONNECTIONS_URL}/${created.id}`, { as: admin, body });
      const storedCiphertext = async () =>
        (await ctx().db.selectFrom('jira_connections').select('secret_ciphertext').where('id', '=', created.id).executeTakeFirstOrThrow()).secret_ciphertext;
      let original = await storedCiphertext();

      // Blank secret with a new URL spelling: re-tested with the stored secret, which still works.
      const calls = jiraCalls();
      const moved = await patch({ url: `${sim.url}/`, secret: '' });
      expectStatus(moved, 200);
      expect(jiraCalls()).toBe(calls); // the same URL, spelt with a slash, is no change
      // A new username needs the secret again (see the next test); with it, Jira is asked first.
      const withUser = await patch({ username: credentials.username.toUpperCase(), secret: credentials.secret });
      expectStatus(withUser, 200);
      expect(jiraCalls()).toBeGreaterThan(calls);
      original = await storedCiphertext(); // the secret entered again is stored anew

      // An unsafe new URL is refused like on creation, and nothing changes.
      expectRefusal(await patch({ url: 'http://169.254.169.254', secret: credentials.secret }), 400, 'validation_failed', 'url');

      // A wrong new secret is refused and the old one stays.
      expectRefusal(await patch({ secret: credentials.wrongSecret }), 422, 'jira_auth_failed', 'secret');
      expect(await storedCiphertext()).toBe(original);
      const still = await client.request('POST', `${CONNECTIONS_URL}/${created.id}/test`, { as: admin });
      expect(still.json<ConnectionDto>().health.status).toBe('ok');

      // Rotating to a working secret stores a new ciphertext.
      const rotated = mode === 'datacenter' ? await patch({ authType: 'bearer', secret: DEMO_PAT }) : await patch({ secret: credentials.secret });
      expectStatus(rotated, 200);
      expect(rotated.json<ConnectionDto>()).toMatchObject({ authType: mode === 'datacenter' ? 'bearer' : 'basic', health: { status: 'ok' } });
      expect(await storedCiphertext()).not.toBe(original);
    });

    test('the stored secret is never sent to a new URL, username or sign-in method: the secret must be entered again', async () => {
      const admin = await ctx().setupAdmin();
      const created = await client.createConnection(admin, validBody(`${mode} exfiltrate`));
      const patch = (body: Record<string, unknown>) => client.request('PATCH', `${CONNECTIONS_URL}/${created.id}`, { as: admin, body });
      // Another server, as an admin who wants the stored secret would point the connection at.
      const elsewhere = await startJiraSim({ mode, port: 0, scenario: 'demo' });
      try {
        for (const body of [{ url: elsewhere.url }, { url: elsewhere.url, secret: '' }, { username: 'someone-else' }, { authType: 'bearer' }]) {
          const refused = expectRefusal(await patch(body), 400, 'validation_failed', 'secret');
          expect(refused.message).toMatch(/enter/i);
        }
        expect(elsewhere.requestLog.count()).toBe(0);
        const stored = await ctx().db.selectFrom('jira_connections').select(['url', 'username', 'auth_type']).where('id', '=', created.id).executeTakeFirstOrThrow();
        expect(stored).toEqual({ url: sim.url, username: credentials.username, auth_type: 'basic' });
        // With the secret entered again the move is checked against the new server like a new connection.
        const moved = await patch({ url: elsewhere.url, secret: credentials.secret });
        expectStatus(moved, 200);
        expect(elsewhere.requestLog.count()).toBeGreaterThan(0);
      } finally {
        await elsewhere.close();
      }
    });

    test('the test endpoint records a failing health with the error and time, and recovers', async () => {
      const admin = await ctx().setupAdmin();
      const created = await client.createConnection(admin, validBody(`${mode} health`));
      sim.faults.set({ failNext: { count: 5, status: 401 } });
      const failing = await client.request('POST', `${CONNECTIONS_URL}/${created.id}/test`, { as: admin });
      sim.faults.clear();
      expectStatus(failing, 200);
      const health = failing.json<ConnectionDto>().health;
      expect(health).toMatchObject({ status: 'failing', lastError: { code: 'jira_auth_failed' } });
      expect(health.lastError?.message).toMatch(/rejected/i);
      expect(Date.parse(health.lastCheckedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      const listed = (await client.listConnections(admin)).find((c) => c.id === created.id);
      expect(listed?.health).toEqual(health);

      const recovered = await client.request('POST', `${CONNECTIONS_URL}/${created.id}/test`, { as: admin });
      expect(recovered.json<ConnectionDto>().health).toMatchObject({ status: 'ok', lastError: null });
    });

    if (mode === 'datacenter') {
      test('basic auth switched off on Data Center: refused in plain words; a personal access token works', async () => {
        const admin = await ctx().setupAdmin();
        sim.updateSettings({ basicAuthDisabled: true });
        try {
          const refused = await client.request('POST', CONNECTIONS_URL, { as: admin, body: validBody('dc basic off') });
          expect(expectRefusal(refused, 422, 'jira_forbidden').message).toMatch(/basic authentication is disabled.*personal access token/i);
          const viaToken = await client.createConnection(admin, { name: 'dc token', url: sim.url, secret: DEMO_PAT, authType: 'bearer' });
          expect(viaToken).toMatchObject({ authType: 'bearer', username: '', deploymentType: 'datacenter', jiraUser: { username: 'dana' } });
        } finally {
          sim.updateSettings({ basicAuthDisabled: false });
        }
      });
    } else {
      test('a personal access token on Jira Cloud is refused saying what to use instead', async () => {
        const admin = await ctx().setupAdmin();
        const refused = await client.request('POST', CONNECTIONS_URL, {
          as: admin,
          body: { name: 'cloud pat', url: sim.url, secret: DEMO_PAT, authType: 'bearer' },
        });
        expect(expectRefusal(refused, 422, 'jira_auth_failed', 'secret').message).toMatch(/Jira Cloud does not accept personal access tokens/);
      });
    }

    test('basic auth without a username is refused naming username', async () => {
      const admin = await ctx().setupAdmin();
      const response = await client.request('POST', CONNECTIONS_URL, { as: admin, body: { ...validBody(`${mode} nouser`), username: ' ' } });
      expectRefusal(response, 400, 'validation_failed', 'username');
    });

    test('no response body, log line or stored row contains a secret', async () => {
      const secrets = [...secretsUsed];
      const leaks = findLeaks(secrets, [
        { label: 'response', texts: client.bodies },
        { label: 'log line', texts: ctx().logLines },
      ]);
      expect(leaks).toEqual([]);
      // The suite did log (so an empty log cannot pass this test by accident).
      expect(ctx().logLines.some((line) => line.includes('jira connection tested'))).toBe(true);

      const rows = await ctx().db.selectFrom('jira_connections').selectAll().execute();
      expect(rows.length).toBeGreaterThan(2);
      expect(findLeaks(secrets, [{ label: 'row', texts: rows.map((row) => JSON.stringify(row)) }])).toEqual([]);

      if (ctx().dialect === 'sqlite') {
        const dataDir = ctx().config.dataDir;
        // The main file and its write-ahead log: recent writes may not be checkpointed yet.
        const files = readdirSync(dataDir).filter((name) => name.startsWith('pacer.sqlite'));
        expect(files).toContain('pacer.sqlite');
        const bytes = files.map((name) => readFileSync(path.join(dataDir, name)));
        for (const secret of secrets) {
          for (const [index, content] of bytes.entries()) expect(content.includes(Buffer.from(secret, 'utf8')), `${files[index]} holds ${secret}`).toBe(false);
        }
        // The connection names are in there, so the search would have found plaintext secrets.
        expect(bytes.some((content) => content.includes(Buffer.from(`${mode} rotate`, 'utf8')))).toBe(true);
      }
    });
  });
}
