import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import { basicAuth, call, page } from '../test-support/client';
import { FIXTURE_NOW, OPS_TASKS, USERS, fixtureDataset } from '../test-support/fixtures';
import { recordedBody } from '../test-support/readme-bodies';

describe('Cloud authentication', () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW });
  });
  afterAll(() => sim.close());
  const myself = (auth: string | null) => call(sim, 'GET', '/rest/api/3/myself', { auth });

  it('accepts email and API token', async () => {
    const response = await myself(basicAuth('Dana@Example.com', USERS.dana.apiToken));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ accountId: USERS.dana.accountId, emailAddress: 'dana@example.com' });
    expect(response.headers.get('x-seraph-loginreason')).toBe('OK');
  });

  it.each([
    ['a wrong token', basicAuth(USERS.dana.emailAddress, 'nope')],
    ['the password instead of the token', basicAuth(USERS.dana.emailAddress, USERS.dana.password)],
    ['a username instead of the email', basicAuth(USERS.dana.name, USERS.dana.apiToken)],
    ['a bearer token', `Bearer ${USERS.dana.personalAccessTokens[0]}`],
    ['an inactive user', basicAuth(USERS.ian.emailAddress, USERS.ian.apiToken)],
  ])('refuses %s with Jira Cloud 401', async (_case, auth) => {
    const response = await myself(auth);
    expect(response.status).toBe(401);
    expect(response.text).toBe('Client must be authenticated to access this resource.');
    expect(response.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(response.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
    expect(response.headers.get('www-authenticate')).toBe(`OAuth realm="${encodeURIComponent(sim.url)}"`);
  });

  it('refuses callers without credentials when anonymous access is off', async () => {
    const response = await call(sim, 'GET', '/rest/api/3/search/jql?jql=project%3DOPS', { auth: null });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
    expect(response.headers.get('x-seraph-loginreason')).toBeNull();
  });

  it('answers a dead token with anonymous data and AUTHENTICATED_FAILED when anonymous access is on', async () => {
    sim.updateSettings({ anonymousAccess: true });
    try {
      const dead = basicAuth(USERS.dana.emailAddress, 'revoked');
      const response = await call(sim, 'GET', '/rest/api/3/search/jql?jql=project%20in%20(OPS)%20OR%20labels%20%3D%20q4&maxResults=100', { auth: dead });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
      expect(page(response).issues).toHaveLength(OPS_TASKS);
      expect((await call(sim, 'GET', '/rest/api/3/issue/AE-2', { auth: dead })).status).toBe(404);
      expect((await myself(dead)).status).toBe(401);
    } finally {
      sim.updateSettings({ anonymousAccess: false });
    }
  });

  it('hides other projects from a user restricted to some projects', async () => {
    const rita = basicAuth(USERS.rita.emailAddress, USERS.rita.apiToken);
    const ops = await call(sim, 'GET', '/rest/api/3/search/jql?jql=project%3DOPS&maxResults=100', { auth: rita });
    expect(page(ops).issues).toHaveLength(OPS_TASKS);
    const labels = await call(sim, 'POST', '/rest/api/3/search/approximate-count', { auth: rita, body: { jql: 'labels = q4 OR project = OPS' } });
    expect(labels.json).toEqual({ count: OPS_TASKS });
    const ae = await call(sim, 'GET', '/rest/api/3/search/jql?jql=project%3DAE', { auth: rita });
    expect(ae.status).toBe(400);
    expect(ae.json).toEqual({ errorMessages: ["The value 'AE' does not exist for the field 'project'."], warningMessages: [] });
    expect((await call(sim, 'GET', '/rest/api/3/issue/AE-2', { auth: rita })).status).toBe(404);
    const bulk = await call(sim, 'POST', '/rest/api/3/issue/bulkfetch', { auth: rita, body: { issueIdsOrKeys: ['AE-2', 'OPS-1'] } });
    expect((bulk.json as { issues: Array<{ key: string }> }).issues.map((i) => i.key)).toEqual(['OPS-1']);
  });
});

describe('Data Center authentication', () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'datacenter', dataset: fixtureDataset('datacenter'), now: () => FIXTURE_NOW });
  });
  afterAll(() => sim.close());
  const myself = (auth: string | null) => call(sim, 'GET', '/rest/api/2/myself', { auth });

  it('accepts username:password and personal access tokens', async () => {
    expect((await myself(basicAuth('dana', USERS.dana.password))).json).toMatchObject({ name: 'dana' });
    expect((await myself(`Bearer ${USERS.priya.personalAccessTokens[0]}`)).json).toMatchObject({ name: 'priya' });
  });

  it('refuses wrong credentials with 401, AUTHENTICATED_FAILED and the login failure page', async () => {
    for (const auth of [basicAuth('dana', 'wrong'), basicAuth(USERS.dana.emailAddress, USERS.dana.apiToken), 'Bearer not-a-token']) {
      const response = await myself(auth);
      expect(response.status).toBe(401);
      expect(response.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
      expect(response.headers.get('www-authenticate')).toContain('OAuth realm=');
      expect(response.text).toContain('Basic Authentication Failure - Reason : AUTHENTICATED_FAILED');
    }
  });

  it('answers 403 with the recorded body when basic auth is disabled, while tokens keep working', async () => {
    sim.updateSettings({ basicAuthDisabled: true });
    try {
      const refused = await myself(basicAuth('dana', USERS.dana.password));
      const recorded = recordedBody('an instance may disable it');
      expect(refused.status).toBe(recorded.status);
      expect(refused.text).toBe(recorded.body);
      expect((await myself(`Bearer ${USERS.dana.personalAccessTokens[0]}`)).status).toBe(200);
    } finally {
      sim.updateSettings({ basicAuthDisabled: false });
    }
  });

  it('answers anonymous searches with an empty page for unknown values when anonymous access is on', async () => {
    sim.updateSettings({ anonymousAccess: true });
    try {
      const response = await call(sim, 'GET', `/rest/api/2/search?jql=${encodeURIComponent('project = AE')}`, { auth: null });
      expect(response.status).toBe(200);
      expect(page(response)).toMatchObject({ total: 0, issues: [] });
      const ops = await call(sim, 'GET', '/rest/api/2/search?jql=project%3DOPS', { auth: null });
      expect(page(ops).total).toBe(OPS_TASKS);
    } finally {
      sim.updateSettings({ anonymousAccess: false });
    }
  });
});
