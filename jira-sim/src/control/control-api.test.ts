import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import { authFor, basicAuth, call, page } from '../test-support/client';
import { FIXTURE_NOW, USERS, fixtureDataset } from '../test-support/fixtures';

let sim: JiraSim;
let auth: string;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW });
  auth = authFor(sim, USERS.dana);
});
afterAll(() => sim.close());

const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
  const response = await fetch(`${sim.url}/_sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
};

describe('control API: issues', () => {
  it('creates, updates, transitions and deletes issues that the REST API then shows', async () => {
    const created = await control('POST', '/issues', { projectKey: 'AE', summary: 'Control story', issueType: 'Story', assignee: 'priya', storyPoints: 3 });
    expect(created.status).toBe(201);
    const key = (created.json as { key: string }).key;
    expect(key).toBe('AE-201'); // the fixture's highest AE number is 200

    await control('PATCH', `/issues/${key}`, { summary: 'Renamed', labels: ['x'] });
    await control('POST', `/issues/${key}/transition`, { status: 'done', resolution: 'Fixed' });
    const issue = await call(sim, 'GET', `/rest/api/3/issue/${key}?fields=summary,labels,status,resolution,assignee,customfield_10016`, { auth });
    expect(issue.json).toMatchObject({
      fields: { summary: 'Renamed', labels: ['x'], status: { name: 'Done' }, resolution: { name: 'Fixed' }, assignee: { accountId: USERS.priya.accountId }, customfield_10016: 3 },
    });

    expect((await control('DELETE', `/issues/${key}`)).status).toBe(200);
    expect((await call(sim, 'GET', `/rest/api/3/issue/${key}`, { auth })).status).toBe(404);
  });

  it('explains bad requests', async () => {
    const unknownStatus = await control('POST', '/issues/AE-2/transition', { status: 'Shipped' });
    expect(unknownStatus.status).toBe(400);
    expect(JSON.stringify(unknownStatus.json)).toContain("Status 'Shipped' does not exist; use one of: To Do, In Progress, Done.");
    const typo = await control('PUT', '/faults', { latency: 5 });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.json)).toContain('Invalid control request');
    expect((await control('GET', '/issues/NOPE-1')).status).toBe(404);
  });
});

describe('control API: issue dates', () => {
  const fieldsOf = async (key: string) => {
    const response = await call(sim, 'GET', `/rest/api/3/issue/${key}?fields=created,updated,resolutiondate,statuscategorychangedate`, { auth });
    return (response.json as { fields: Record<string, unknown> }).fields;
  };

  it('creates an issue with its history\'s dates, changes them later, and backdates transitions with `at`', async () => {
    const created = await control('POST', '/issues', {
      projectKey: 'AE',
      summary: 'Story with a past',
      issueType: 'Story',
      created: '2026-08-01T11:00:00+02:00',
      updated: '2026-08-03T09:00:00Z',
    });
    expect(created.status).toBe(201);
    const key = (created.json as { key: string }).key;
    expect(created.json).toMatchObject({ created: '2026-08-01T09:00:00.000Z', statusCategoryChangedAt: '2026-08-01T09:00:00.000Z', updated: '2026-08-03T09:00:00.000Z' });

    const started = await control('POST', `/issues/${key}/transition`, { status: 'In Progress', at: '2026-08-10T09:00:00Z' });
    expect(started.json).toMatchObject({ statusCategoryChangedAt: '2026-08-10T09:00:00.000Z', updated: '2026-08-10T09:00:00.000Z' });
    await control('POST', `/issues/${key}/transition`, { status: 'Done', resolution: 'Fixed', at: '2026-08-20T16:00:00Z' });
    expect(await fieldsOf(key)).toEqual({
      created: '2026-08-01T09:00:00.000+0000',
      updated: '2026-08-20T16:00:00.000+0000',
      resolutiondate: '2026-08-20T16:00:00.000+0000',
      statuscategorychangedate: '2026-08-20T16:00:00.000+0000',
    });

    const patched = await control('PATCH', `/issues/${key}`, { created: '2026-07-30T08:00:00Z', resolutionDate: '2026-08-19T10:00:00Z', statusCategoryChangedAt: '2026-08-19T10:00:00Z', at: '2026-08-21T08:00:00Z' });
    expect(patched.status).toBe(200);
    expect(await fieldsOf(key)).toEqual({
      created: '2026-07-30T08:00:00.000+0000',
      updated: '2026-08-21T08:00:00.000+0000',
      resolutiondate: '2026-08-19T10:00:00.000+0000',
      statuscategorychangedate: '2026-08-19T10:00:00.000+0000',
    });

    // Reopening clears the resolution date and moves the category date; without `at`, on the sim's clock.
    await control('POST', `/issues/${key}/transition`, { status: 'To Do' });
    expect(await fieldsOf(key)).toMatchObject({ resolutiondate: null, statuscategorychangedate: '2026-10-01T09:30:00.000+0000', updated: '2026-10-01T09:30:00.000+0000' });
    await control('DELETE', `/issues/${key}`);
  });

  it('refuses a date that is not an ISO instant, naming the field, and changes nothing', async () => {
    const before = sim.store.get('AE-2');
    for (const [method, path, body, field] of [
      ['POST', '/issues', { projectKey: 'AE', summary: 'x', created: '01/08/2026' }, 'created'],
      ['PATCH', '/issues/AE-2', { resolutionDate: 'yesterday' }, 'resolutionDate'],
      ['PATCH', '/issues/AE-2', { summary: 'y', at: '2026-13-01T00:00:00Z' }, 'at'],
      ['POST', '/issues/AE-2/transition', { status: 'Done', at: 'now' }, 'at'],
    ] as const) {
      const refused = await control(method, path, body);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.json)).toContain(`${field} must be an ISO 8601 instant with a time zone, such as 2026-03-02T12:00:00Z`);
    }
    expect(sim.store.get('AE-2')).toBe(before);
    const typo = await control('PATCH', '/issues/AE-2', { statusCategoryChangedDate: '2026-08-01T00:00:00Z' });
    expect(typo.status).toBe(400);
  });
});

describe('control API: request log and counters', () => {
  it('counts calls and measures the most requests in flight at once', async () => {
    await control('DELETE', '/requests');
    sim.faults.set({ latencyMs: 80 });
    await Promise.all([1, 2, 3, 4].map(() => call(sim, 'GET', '/rest/api/3/serverInfo', { auth })));
    await call(sim, 'GET', '/rest/api/3/myself', { auth });
    await call(sim, 'GET', '/rest/api/3/myself', { auth });
    sim.faults.clear();

    expect(sim.requestLog.count({ path: '/rest/api/3/serverInfo' })).toBe(4);
    expect(sim.requestLog.maxConcurrent({ path: '/rest/api/3/serverInfo' })).toBe(4);
    expect(sim.requestLog.maxConcurrent({ path: '/rest/api/3/myself' })).toBe(1);
    const counters = (await control('GET', '/counters')).json as { api: number; byStatus: Record<string, number>; maxConcurrentApi: number };
    expect(counters).toMatchObject({ api: 6, byStatus: { '200': 6 }, maxConcurrentApi: 4 });
    const entries = (await control('GET', '/requests')).json as Array<{ method: string; path: string; status: number; durationMs: number; start: number; end: number; user: string }>;
    expect(entries).toHaveLength(6);
    expect(entries[0]).toMatchObject({ method: 'GET', path: '/rest/api/3/serverInfo', status: 200, user: USERS.dana.accountId });
    expect(entries[0]!.durationMs).toBeGreaterThanOrEqual(75);
    expect(entries[0]!.end).toBeGreaterThan(entries[0]!.start);
  });
});

describe('control API: scenarios, settings and reset', () => {
  it('loads the demo scenario, where parent = AE-786 finds the 10 stories', async () => {
    expect((await control('POST', '/scenario', { name: 'demo' })).status).toBe(200);
    const response = await call(sim, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('parent = AE-786')}&fields=summary`, {
      auth: sim.authorizationFor(),
    });
    expect(page(response).issues).toHaveLength(10);
  });

  it('loads a dataset given as JSON, and reset brings back the starting data', async () => {
    const dataset = fixtureDataset('cloud');
    dataset.issues = dataset.issues.slice(0, 5);
    expect((await control('POST', '/scenario', { dataset })).json).toEqual({ loaded: true, issues: 5 });
    await control('PATCH', '/settings', { anonymousAccess: true });
    expect(sim.settings.anonymousAccess).toBe(true);
    expect((await control('POST', '/reset')).json).toEqual({ reset: true, issues: fixtureDataset('cloud').issues.length });
    expect(sim.settings.anonymousAccess).toBe(false);
    expect(sim.requestLog.entries()).toEqual([]);
  });

  it('can be switched off', async () => {
    const closed = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), control: false });
    try {
      expect((await fetch(`${closed.url}/_sim/health`)).status).toBe(404);
    } finally {
      await closed.close();
    }
  });
});

describe('the demo scenario on Data Center', () => {
  it('finds the 10 stories through "Epic Link" = AE-786', async () => {
    const dc = await startJiraSim({ mode: 'datacenter', scenario: 'demo' });
    try {
      const user = dc.store.dataset.users[0]!;
      const response = await call(dc, 'GET', `/rest/api/2/search?jql=${encodeURIComponent('"Epic Link" = AE-786')}`, { auth: basicAuth(user.name, user.password) });
      expect(page(response).total).toBe(10);
    } finally {
      await dc.close();
    }
  });
});
