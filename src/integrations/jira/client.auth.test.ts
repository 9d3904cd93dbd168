/**
 * Authentication as each deployment does it, against the simulator: rejected credentials are
 * `auth_failed` and never retried, a dead token answered with anonymous data (200 plus
 * `X-Seraph-LoginReason: AUTHENTICATED_FAILED`) is `auth_failed` too, Data Center's disabled
 * basic auth is `forbidden` with Jira's message, and no error or report ever carries the secret.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JiraAuth } from './client';
import { JiraError } from './errors';
import type { JiraRequestInfo } from './http';
import { startSimHarness, type Mode, type SimHarness } from '../../../test/support/jira-sim-harness';

async function failureOf(promise: Promise<unknown>): Promise<JiraError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof JiraError)) throw new Error(`expected a JiraError, got ${String(error)}`);
  return error;
}

const WRONG_SECRET = 'wrong-secret-5f1c9a';

function expectNoSecret(error: JiraError, infos: JiraRequestInfo[], secret: string): void {
  const everything = [error.message, JSON.stringify(error), String(error.stack), JSON.stringify(infos), String(error.cause)].join('\n');
  expect(everything).not.toContain(secret);
  expect(everything).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));
}

describe.each<Mode>(['cloud', 'datacenter'])('authentication against the %s simulator', (mode) => {
  let jira: SimHarness;

  beforeAll(async () => {
    jira = await startSimHarness(mode);
  });
  afterAll(() => jira.close());
  beforeEach(async () => {
    await jira.settings({ anonymousAccess: false, basicAuthDisabled: false });
    await jira.clearRequests();
  });

  function clientWith(auth: JiraAuth) {
    const infos: JiraRequestInfo[] = [];
    const client = jira.client({ auth, onRequest: (info) => infos.push(info), sleep: async () => undefined });
    return { client, infos };
  }

  it('accepts the right credentials', async () => {
    const { client } = clientWith(jira.auth);
    await expect(client.myself()).resolves.toMatchObject({ displayName: 'Dana Whitfield' });
  });

  it('maps rejected credentials to auth_failed without retrying or leaking the secret', async () => {
    const username = jira.auth.type === 'basic' ? jira.auth.username : '';
    // The deployment given, so the one request is /myself: Jira answers serverInfo to anyone
    // (with AUTHENTICATED_FAILED for a dead token, below), an authenticated endpoint with a 401.
    const infos: JiraRequestInfo[] = [];
    const client = jira.client({
      auth: { type: 'basic', username, secret: WRONG_SECRET },
      deploymentType: mode,
      onRequest: (info) => infos.push(info),
      sleep: async () => undefined,
    });
    const error = await failureOf(client.myself());
    expect(error.code).toBe('auth_failed');
    expect(error.status).toBe(401);
    expect(error.message).toBe('Jira rejected the username or token. Check them and try again.');
    expect(await jira.requests()).toHaveLength(1);
    expect(infos).toHaveLength(1);
    expectNoSecret(error, infos, WRONG_SECRET);
  });

  it('treats a 200 with X-Seraph-LoginReason: AUTHENTICATED_FAILED as auth_failed', async () => {
    // serverInfo answers anonymous callers even with anonymous access off, as Jira does (issue 15).
    await jira.settings({ anonymousAccess: false });
    const username = jira.auth.type === 'basic' ? jira.auth.username : '';
    const { client, infos } = clientWith({ type: 'basic', username, secret: WRONG_SECRET });
    const error = await failureOf(client.serverInfo());
    expect(error.code).toBe('auth_failed');
    expect(error.status).toBe(200);
    const [entry, ...rest] = await jira.requests();
    expect(rest).toEqual([]);
    expect(entry?.status).toBe(200);
    expectNoSecret(error, infos, WRONG_SECRET);
  });

  if (mode === 'datacenter') {
    it("maps disabled basic auth to forbidden with Jira's message, and a personal access token works", async () => {
      await jira.settings({ basicAuthDisabled: true });
      const basic = await failureOf(clientWith(jira.auth).client.serverInfo());
      expect(basic.code).toBe('forbidden');
      expect(basic.status).toBe(403);
      expect(basic.jiraMessages).toEqual(['Basic Authentication has been disabled on this instance.']);
      expect(basic.message).toMatch(/personal access token/);
      expect(await jira.requests()).toHaveLength(1);

      const { client } = clientWith({ type: 'bearer', token: 'sim-pat-dana' });
      await expect(client.myself()).resolves.toMatchObject({ name: 'dana', displayName: 'Dana Whitfield' });
    });

    it('maps a revoked personal access token to auth_failed', async () => {
      const { client, infos } = clientWith({ type: 'bearer', token: 'sim-pat-revoked' });
      const error = await failureOf(client.myself());
      expect(error.code).toBe('auth_failed');
      expectNoSecret(error, infos, 'sim-pat-revoked');
    });
  } else {
    it('maps a bearer token on Cloud (not accepted by the site) to auth_failed', async () => {
      const { client } = clientWith({ type: 'bearer', token: 'sim-pat-dana' });
      expect((await failureOf(client.serverInfo())).code).toBe('auth_failed');
    });
  }
});

describe('credentials that could smuggle headers', () => {
  it('refuses a secret with a line break before sending anything, without echoing it', async () => {
    const jira = await startSimHarness('cloud');
    try {
      const create = () => jira.client({ auth: { type: 'basic', username: 'dana@example.com', secret: 'abc\r\nX-Evil: 1' } });
      expect(create).toThrow(JiraError);
      expect(create).toThrow(/line break/);
      expect(() => create()).not.toThrow(/X-Evil/);
      expect(await jira.requests()).toHaveLength(0);
    } finally {
      await jira.close();
    }
  });
});
