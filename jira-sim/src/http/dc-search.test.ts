import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type JiraSim } from '../index';
import { assertMatchesSchema } from '../test-support/openapi';
import { authFor, call, page } from '../test-support/client';
import { AE_TOTAL, FIXTURE_NOW, USERS, fixtureDataset } from '../test-support/fixtures';
import { recordedBody } from '../test-support/readme-bodies';

let sim: JiraSim;
let auth: string;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'datacenter', dataset: fixtureDataset('datacenter'), now: () => FIXTURE_NOW, settings: { dataCenterMaxResults: 100 } });
  auth = authFor(sim, USERS.dana);
});
afterAll(() => sim.close());

const search = (query: string) => call(sim, 'GET', `/rest/api/2/search?${query}`, { auth });

describe('Data Center /rest/api/2/search', () => {
  it('pages with startAt, maxResults and total, navigable fields by default', async () => {
    const response = await search('jql=project%3DAE&startAt=10&maxResults=20');
    expect(response.status).toBe(200);
    const body = page(response);
    expect(body).toMatchObject({ startAt: 10, maxResults: 20, total: AE_TOTAL });
    expect(body.issues).toHaveLength(20);
    expect(Object.keys(response.json as object).slice(0, 5)).toEqual(['expand', 'startAt', 'maxResults', 'total', 'issues']);
    const fields = body.issues[0]!.fields!;
    expect(fields).toHaveProperty('summary');
    expect(fields).toHaveProperty('customfield_10106');
    expect(fields).not.toHaveProperty('timetracking');
  });

  it('identifies users by name and key, links epics through "Epic Link"', async () => {
    const body = page(await search('jql=key%3DAE-6&fields=assignee,customfield_10101,parent,issuetype'));
    const fields = body.issues[0]!.fields!;
    expect(fields.assignee).toMatchObject({ name: 'priya', key: USERS.priya.key, displayName: 'Priya' });
    expect(fields.assignee).not.toHaveProperty('accountId');
    expect(fields.customfield_10101).toBe('AE-1');
    expect(fields).not.toHaveProperty('parent');
    expect(fields.issuetype).not.toHaveProperty('hierarchyLevel');
    const epicLink = page(await search(`jql=${encodeURIComponent('"Epic Link" = AE-1')}&maxResults=0`));
    expect(epicLink.total).toBe(AE_TOTAL - 2);
  });

  it('keeps `parent` for sub-tasks', async () => {
    const body = page(await search('jql=key%3DAE-200&fields=parent'));
    expect(body.issues[0]!.fields!.parent).toMatchObject({ key: 'AE-2' });
  });

  it('caps maxResults at the server limit and says so', async () => {
    const body = page(await search('jql=project%3DAE&maxResults=5000&fields=id'));
    expect(body.maxResults).toBe(100);
    expect(body.issues).toHaveLength(100);
    expect(body.issues[0]).toHaveProperty('key');
  });

  it('allows unbounded queries and answers past the end with no issues', async () => {
    expect(page(await search('jql=order%20by%20key&maxResults=1')).total).toBe(AE_TOTAL + 30);
    expect(page(await search('jql=project%3DAE&startAt=1000')).issues).toEqual([]);
  });

  it('accepts POST, and refuses unknown body properties', async () => {
    const ok = await call(sim, 'POST', '/rest/api/2/search', { auth, body: { jql: 'project = OPS', startAt: 0, maxResults: 5, fields: ['summary'] } });
    expect(page(ok)).toMatchObject({ total: 30, maxResults: 5 });
    const bad = await call(sim, 'POST', '/rest/api/2/search', { auth, body: { jql: 'project = OPS', nextPageToken: 'x' } });
    expect(bad.status).toBe(400);
    expect((bad.json as { errorMessages: string[] }).errorMessages[0]).toContain('Unrecognized field "nextPageToken"');
  });

  it('reports unknown fields and values as recorded; validateQuery=warn turns them into warnings', async () => {
    const jql = encodeURIComponent("project = 'X' AND y = 1");
    const strict = await search(`jql=${jql}`);
    const recorded = recordedBody('unknown field or value, for a signed-in');
    expect(strict.status).toBe(recorded.status);
    expect(strict.text).toBe(recorded.body);
    const warned = await search(`jql=${jql}&validateQuery=warn`);
    expect(warned.status).toBe(200);
    expect(warned.json).toMatchObject({ total: 0, issues: [], warningMessages: JSON.parse(recorded.body).errorMessages });
  });

  it('has no REST v3 and no /search/jql', async () => {
    const v3 = await call(sim, 'GET', '/rest/api/3/search/jql?jql=project%3DAE', { auth });
    expect(v3.status).toBe(404);
    expect(v3.json).toEqual({ message: `null for uri: ${sim.url}/rest/api/3/search/jql?jql=project%3DAE`, 'status-code': 404 });
    expect((await call(sim, 'GET', '/rest/api/3/myself', { auth })).status).toBe(404);
  });

  it('answers serverInfo as a Server deployment, and field/statuscategory/myself in DC shapes', async () => {
    const info = await call(sim, 'GET', '/rest/api/2/serverInfo', { auth });
    expect(info.json).toMatchObject({ deploymentType: 'Server', baseUrl: sim.url });
    // Data Center adds databaseBuildNumber, which the Cloud schema doesn't know; the rest matches.
    const { databaseBuildNumber, ...common } = info.json as Record<string, unknown>;
    expect(databaseBuildNumber).toEqual(expect.any(Number));
    assertMatchesSchema('ServerInformation', common, 'serverInfo');
    const fields = (await call(sim, 'GET', '/rest/api/2/field', { auth })).json as Array<{ id: string; name: string; clauseNames: string[] }>;
    expect(fields.find((f) => f.name === 'Story Points')).toMatchObject({ id: 'customfield_10106', clauseNames: ['cf[10106]', 'Story Points'] });
    expect(fields.find((f) => f.name === 'Epic Link')).toMatchObject({ id: 'customfield_10101' });
    const categories = (await call(sim, 'GET', '/rest/api/2/statuscategory', { auth })).json as Array<{ id: number; key: string }>;
    expect(categories.map((c) => [c.id, c.key])).toEqual([[1, 'undefined'], [2, 'new'], [4, 'indeterminate'], [3, 'done']]);
    const me = await call(sim, 'GET', '/rest/api/2/myself', { auth });
    expect(me.json).toMatchObject({ name: 'dana', key: USERS.dana.key });
    expect(me.headers.get('x-ausername')).toBe('dana');
  });

  it('gets issues on /rest/api/2 and /rest/api/latest', async () => {
    const issue = await call(sim, 'GET', '/rest/api/latest/issue/AE-2?fields=summary', { auth });
    expect(issue.json).toMatchObject({ key: 'AE-2', self: `${sim.url}/rest/api/2/issue/10002`, fields: { summary: 'Issue AE-2' } });
  });
});
