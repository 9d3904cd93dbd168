/**
 * `GET /rest/api/{2,3}/serverInfo` answers without credentials, as real Jira does ("This operation
 * can be accessed anonymously", Atlassian's OpenAPI), even on an instance that refuses anonymous
 * access everywhere else (issue 15). A dead token still shows: 200 with AUTHENTICATED_FAILED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import { basicAuth, call } from '../test-support/client';
import { FIXTURE_NOW, USERS, fixtureDataset } from '../test-support/fixtures';

describe('serverInfo on Jira Cloud without credentials', () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW });
  });
  afterAll(() => sim.close());

  it.each(['/rest/api/2/serverInfo', '/rest/api/3/serverInfo'])('%s answers 200 with the ServerInformation body', async (path) => {
    expect(sim.settings.anonymousAccess).toBe(false);
    // `call` checks the body against Atlassian's ServerInformation schema.
    const response = await call(sim, 'GET', path, { auth: null });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ baseUrl: sim.url, deploymentType: 'Cloud', versionNumbers: [1001, 0, 0] });
    expect(response.headers.get('x-seraph-loginreason')).toBeNull();
  });

  it('a dead token gets the same answer, marked AUTHENTICATED_FAILED', async () => {
    const response = await call(sim, 'GET', '/rest/api/3/serverInfo', { auth: basicAuth(USERS.dana.emailAddress, 'revoked') });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-seraph-loginreason')).toBe('AUTHENTICATED_FAILED');
  });

  it('everything else still asks for credentials', async () => {
    expect((await call(sim, 'GET', '/rest/api/3/myself', { auth: null })).status).toBe(401);
    expect((await call(sim, 'GET', '/rest/api/3/field', { auth: null })).status).toBe(401);
    expect((await call(sim, 'GET', '/rest/api/3/search/jql?jql=project%3DOPS', { auth: null })).status).toBe(401);
  });

  it('only GET', async () => {
    expect((await call(sim, 'POST', '/rest/api/3/serverInfo', { auth: null, body: {} })).status).toBe(405);
  });
});

describe('serverInfo on Jira Data Center without credentials', () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'datacenter', dataset: fixtureDataset('datacenter'), now: () => FIXTURE_NOW });
  });
  afterAll(() => sim.close());

  it.each(['/rest/api/2/serverInfo', '/rest/api/latest/serverInfo'])('%s answers 200 with deploymentType Server', async (path) => {
    const response = await call(sim, 'GET', path, { auth: null });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ baseUrl: sim.url, deploymentType: 'Server' });
  });

  it('has no /rest/api/3, with or without credentials', async () => {
    expect((await call(sim, 'GET', '/rest/api/3/serverInfo', { auth: null })).status).toBe(404);
  });
});
