import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import { authFor, call, page } from '../test-support/client';
import { AE_TOTAL, FIXTURE_NOW, USERS, fixtureDataset } from '../test-support/fixtures';
import { recordedBody } from '../test-support/readme-bodies';

let sim: JiraSim;
let auth: string;
const JIRA_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW, settings: { anonymousAccess: true } });
  auth = authFor(sim, USERS.dana);
});
afterAll(() => sim.close());

const search = (query: string) => call(sim, 'GET', `/rest/api/3/search/jql?${query}`, { auth });

describe('Cloud /search/jql results', () => {
  it('answers only ids by default, 50 per page, with a token and isLast', async () => {
    const response = await search('jql=project%20%3D%20AE');
    expect(response.status).toBe(200);
    const body = page(response);
    expect(body.issues).toHaveLength(50);
    expect(body.issues.every((i) => Object.keys(i).join() === 'id')).toBe(true);
    expect(body.isLast).toBe(false);
    expect(typeof body.nextPageToken).toBe('string');
    expect(Object.keys(response.json as object)).toEqual(['issues', 'nextPageToken', 'isLast']);
  });

  it('renders requested fields in Jira shapes', async () => {
    const body = page(await search('jql=key%20%3D%20AE-6&fields=summary,status,assignee,created,parent,customfield_10016,labels'));
    expect(body.isLast).toBe(true);
    expect(body.nextPageToken).toBeUndefined();
    const issue = body.issues[0]!;
    expect(issue.key).toBe('AE-6');
    expect(issue).toMatchObject({ id: '10006', self: `${sim.url}/rest/api/3/issue/10006` });
    const fields = issue.fields!;
    expect(Object.keys(fields).sort()).toEqual(['assignee', 'created', 'customfield_10016', 'labels', 'parent', 'status', 'summary']);
    expect(fields.status).toMatchObject({ name: 'To Do', id: '10000', statusCategory: { id: 2, key: 'new', name: 'To Do' } });
    expect(fields.assignee).toMatchObject({ accountId: USERS.priya.accountId, displayName: 'Priya', accountType: 'atlassian' });
    expect(fields.assignee).not.toHaveProperty('name');
    expect(fields.created).toMatch(JIRA_TIME);
    expect(fields.customfield_10016).toBe(7);
    expect(fields.parent).toMatchObject({ key: 'AE-1', fields: { summary: 'Email Campaigns', issuetype: { name: 'Epic', hierarchyLevel: 1 } } });
  });

  it('supports *all, *navigable and -exclusions', async () => {
    const all = page(await search('jql=key%3DAE-3&fields=*all')).issues[0]!.fields!;
    expect(all).toHaveProperty('timetracking', {
      originalEstimate: '1d', remainingEstimate: '4h', timeSpent: '4h',
      originalEstimateSeconds: 28_800, remainingEstimateSeconds: 14_400, timeSpentSeconds: 14_400,
    });
    expect(all).toMatchObject({ timeoriginalestimate: 28_800, timespent: 14_400, resolution: null, resolutiondate: null });
    const done = page(await search('jql=key%3DAE-5&fields=*all')).issues[0]!.fields!;
    expect(done).toMatchObject({ resolution: { name: 'Done', id: '10000' }, status: { statusCategory: { key: 'done', id: 3 } } });
    expect(done.resolutiondate).toMatch(JIRA_TIME);
    expect(all.description).toMatchObject({ type: 'doc', version: 1 });
    const navigable = page(await search('jql=key%3DAE-3&fields=*navigable,-summary')).issues[0]!.fields!;
    expect(navigable).not.toHaveProperty('timetracking');
    expect(navigable).not.toHaveProperty('summary');
    expect(navigable).toHaveProperty('status');
  });

  it('sums sub-task time into the aggregate fields', async () => {
    const fields = page(await search('jql=key%3DAE-2&fields=timespent,aggregatetimespent,subtasks')).issues[0]!.fields!;
    expect(fields.timespent).toBeNull();
    expect(fields.aggregatetimespent).toBe(3600);
    expect(fields.subtasks).toEqual([expect.objectContaining({ key: 'AE-200' })]);
  });

  it('answers REST v2 descriptions as plain text', async () => {
    const response = await call(sim, 'GET', '/rest/api/2/search/jql?jql=key%3DAE-3&fields=description', { auth });
    expect(page(response).issues[0]!.fields!.description).toBe('Description of AE-3');
  });

  it('serves up to 5000 ids per page but at most 100 issues when other fields are asked for', async () => {
    expect(page(await search('jql=project%3DAE&maxResults=5000')).issues).toHaveLength(AE_TOTAL);
    expect(page(await search('jql=project%3DAE&maxResults=5000&fields=key')).issues).toHaveLength(AE_TOTAL);
    const withFields = page(await search('jql=project%3DAE&maxResults=500&fields=summary'));
    expect(withFields.issues).toHaveLength(100);
    expect(withFields.isLast).toBe(false);
  });

  it('adds names and schema when expanded', async () => {
    const body = (await search('jql=key%3DAE-3&fields=summary,customfield_10016&expand=names,schema')).json as Record<string, Record<string, unknown>>;
    expect(body.names).toEqual({ summary: 'Summary', customfield_10016: 'Story point estimate' });
    expect(body.schema!.customfield_10016).toMatchObject({ type: 'number', customId: 10016 });
  });

  it('accepts POST with the same parameters', async () => {
    const response = await call(sim, 'POST', '/rest/api/3/search/jql', { auth, body: { jql: 'project = OPS', maxResults: 10, fields: ['summary', 'priority'] } });
    expect(response.status).toBe(200);
    expect(page(response).issues).toHaveLength(10);
    expect(page(response).issues[0]!.fields!.priority).toMatchObject({ name: expect.any(String), id: expect.any(String) });
  });
});

describe('Cloud search errors, word for word as recorded from Jira', () => {
  const expectRecorded = (response: { status: number; text: string }, marker: string): void => {
    const recorded = recordedBody(marker);
    expect(response.status).toBe(recorded.status);
    expect(response.text).toBe(recorded.body);
  };

  it('refuses maxResults outside 1..5000', async () => {
    expectRecorded(await search('jql=project%3DAE&maxResults=6000'), 'maxResults=6000');
    expectRecorded(await search('jql=project%3DAE&maxResults=0'), 'maxResults=6000');
    expectRecorded(await call(sim, 'POST', '/rest/api/3/search/jql', { auth, body: { jql: 'project = AE', maxResults: 6000 } }), 'maxResults=6000');
  });

  it('refuses unbounded queries on search and approximate-count', async () => {
    expectRecorded(await search('jql=order%20by%20key'), 'no search restriction');
    expectRecorded(await search(''), 'no search restriction');
    expectRecorded(await call(sim, 'POST', '/rest/api/3/search/approximate-count', { auth, body: { jql: 'order by key' } }), 'no search restriction');
  });

  it('refuses a bad, foreign or expired page token', async () => {
    expectRecorded(await search('jql=project%3DAE&nextPageToken=bm9wZQ'), 'bad page token');
    const first = page(await search('jql=project%3DAE&maxResults=10'));
    expectRecorded(await search(`jql=project%3DOPS&nextPageToken=${first.nextPageToken}`), 'bad page token');
    expect((await search(`jql=project%3DAE&maxResults=10&nextPageToken=${first.nextPageToken}`)).status).toBe(200);
    sim.expireTokens();
    expectRecorded(await search(`jql=project%3DAE&maxResults=10&nextPageToken=${first.nextPageToken}`), 'bad page token');
  });

  it('refuses unknown properties and unparsable bodies', async () => {
    expectRecorded(await call(sim, 'POST', '/rest/api/3/search/jql', { auth, body: { jql: 'project = AE', startAt: 5 } }), 'unknown property in a POST body');
    expectRecorded(await call(sim, 'POST', '/rest/api/3/search/jql', { auth, rawBody: '{"jql":', headers: { 'Content-Type': 'application/json' } }), 'unknown property in a POST body');
    expectRecorded(await call(sim, 'POST', '/rest/api/3/search/approximate-count', { auth, body: { jql: 'project = AE', x: 1 } }), 'unknown property in a POST body');
  });

  it('reports JQL syntax errors and unknown fields/values as Jira does', async () => {
    expectRecorded(await search(`jql=${encodeURIComponent('project in (AE')}`), 'JQL syntax error');
    expectRecorded(await search(`jql=${encodeURIComponent("project = 'X' AND y = 1")}`), 'unknown field or value, for a signed-in');
  });

  it('answers an empty page to anonymous callers for unknown fields or values', async () => {
    const response = await call(sim, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent("project = 'X' AND y = 1")}`);
    expectRecorded(response, 'the same for an anonymous caller');
  });

  it('answers 410 on the removed /search on both REST versions and methods', async () => {
    for (const version of ['2', '3']) {
      expectRecorded(await call(sim, 'GET', `/rest/api/${version}/search?jql=project%3DAE`, { auth }), 'CHANGE-2046, shut down');
      expectRecorded(await call(sim, 'POST', `/rest/api/${version}/search`, { auth, body: { jql: 'project = AE' } }), 'CHANGE-2046, shut down');
    }
  });
});

describe('Cloud approximate-count, bulkfetch and issue', () => {
  it('counts matching issues', async () => {
    const response = await call(sim, 'POST', '/rest/api/3/search/approximate-count', { auth, body: { jql: 'project = AE' } });
    expect(response.json).toEqual({ count: AE_TOTAL });
  });

  it('bulk-fetches in request order, leaving out unknown issues', async () => {
    const response = await call(sim, 'POST', '/rest/api/3/issue/bulkfetch', { auth, body: { issueIdsOrKeys: ['OPS-2', '10003', 'NOPE-1'], fields: ['summary'] } });
    expect(response.status).toBe(200);
    const body = response.json as { issues: Array<{ key: string; fields: object }>; issueErrors: unknown[] };
    expect(body.issues.map((i) => i.key)).toEqual(['OPS-2', 'AE-3']);
    expect(Object.keys(body.issues[0]!.fields)).toEqual(['summary']);
    expect(body.issueErrors).toEqual([]);
  });

  it('gets one issue by key or id, with every field by default', async () => {
    const byKey = await call(sim, 'GET', '/rest/api/3/issue/AE-3', { auth });
    const byId = await call(sim, 'GET', '/rest/api/3/issue/10003', { auth });
    expect(byKey.text).toBe(byId.text);
    expect((byKey.json as { fields: object }).fields).toHaveProperty('timetracking');
    const missing = await call(sim, 'GET', '/rest/api/3/issue/AE-9999', { auth });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
  });

  it('expands the changelog after a transition', async () => {
    sim.store.transition('AE-5', 'In Progress', { user: USERS.dana });
    const response = await call(sim, 'GET', '/rest/api/3/issue/AE-5?expand=changelog&fields=status', { auth });
    const body = response.json as { changelog: { total: number; histories: Array<{ items: Array<Record<string, string>> }> } };
    expect(body.changelog.total).toBe(1);
    expect(body.changelog.histories[0]!.items[0]).toMatchObject({ field: 'status', fromString: 'Done', toString: 'In Progress' });
  });
});
