/**
 * The client against the real simulator in both deployment modes: detection, identity, field
 * discovery, and search paging (Cloud tokens, Data Center offsets) returning each issue once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeDataset } from '../../../jira-sim/src/scenarios/large';
import { JiraError } from './errors';
import { collectSearch, type SearchOptions, type SearchPage } from './paging';
import { startSimHarness, type Mode, type SimHarness } from '../../../test/support/jira-sim-harness';

const SEARCH_PATH: Record<Mode, string> = { cloud: '/rest/api/3/search/jql', datacenter: '/rest/api/2/search' };

describe.each<Mode>(['cloud', 'datacenter'])('Jira client against the %s simulator (demo data)', (mode) => {
  let jira: SimHarness;
  let aeKeys: string[];

  beforeAll(async () => {
    jira = await startSimHarness(mode);
    aeKeys = jira.sim.store.dataset.issues.filter((issue) => issue.projectKey === 'AE').map((issue) => issue.key);
  });
  afterAll(() => jira.close());

  it('detects the deployment once and reports the server', async () => {
    const client = jira.client();
    const info = await client.serverInfo();
    expect(info.deploymentType).toBe(mode);
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(info.baseUrl).toBe(jira.url);
    await jira.clearRequests();
    expect(await client.deploymentType()).toBe(mode);
    await client.myself();
    await client.fields();
    await client.fields(); // cached
    const paths = (await jira.requests()).map((entry) => entry.path);
    expect(paths.filter((path) => path.endsWith('/serverInfo'))).toEqual([]);
    expect(paths.filter((path) => path.endsWith('/field'))).toHaveLength(1);
  });

  it('answers who the credentials belong to, with the identity each deployment uses', async () => {
    const user = await jira.client().myself();
    expect(user.displayName).toBe('Dana Whitfield');
    if (mode === 'cloud') {
      expect(user.accountId).toMatch(/\w+/);
    } else {
      expect(user.name).toBe('dana');
    }
  });

  it('finds the story points field and the numeric fields through /field', async () => {
    const client = jira.client();
    const expected = jira.sim.store.dataset.storyPointsField;
    const storyPoints = await client.findStoryPointsField();
    expect(storyPoints?.id).toBe(expected.id);
    expect(storyPoints?.name).toBe(mode === 'cloud' ? 'Story point estimate' : 'Story Points');
    const numeric = (await client.numericFields()).map((field) => field.id);
    expect(numeric).toContain(expected.id);
    for (const extra of jira.sim.store.dataset.extraNumberFields.filter((f) => f.schemaType === 'number')) {
      expect(numeric).toContain(extra.id);
    }
    expect(numeric).not.toContain('summary');
  });

  it.each([
    ['one page', (n: number) => n + 5, 1],
    ['two pages', (n: number) => Math.ceil(n / 2), 2],
    ['many pages', () => 3, undefined],
  ])('pages over %s returning each issue exactly once', async (_label, pageSizeFor, expectedPages) => {
    const client = jira.client({ deploymentType: mode });
    const pageSize = pageSizeFor(aeKeys.length);
    await jira.clearRequests();
    const seen: string[] = [];
    let pages = 0;
    for await (const page of client.search({ jql: 'project = AE ORDER BY key ASC', fields: ['summary', 'status'], pageSize })) {
      pages += 1;
      expect(page.pageNumber).toBe(pages);
      for (const issue of page.issues) {
        seen.push(issue.key ?? '?');
        // Only the fields asked for come back.
        expect(Object.keys(issue.fields).sort()).toEqual(['status', 'summary']);
      }
    }
    expect(seen.sort()).toEqual([...aeKeys].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(expectedPages ?? Math.ceil(aeKeys.length / 3));
    const searches = (await jira.requests()).filter((entry) => entry.path === SEARCH_PATH[mode]);
    expect(searches).toHaveLength(pages);
    expect(searches.every((entry) => entry.method === 'POST' && entry.status === 200)).toBe(true);
  });

  it('counts issues (Cloud: approximate-count, Data Center: total of an empty page)', async () => {
    const client = jira.client();
    expect(await client.approximateCount('project = AE')).toBe(aeKeys.length);
    expect(await client.validateJql('project = AE AND status = Done')).toMatchObject({ valid: true });
  });

  it("keeps Jira's own words for an invalid query", async () => {
    const client = jira.client();
    const verdict = await client.validateJql('project = AE AND (status = Done');
    expect(verdict.valid).toBe(false);
    if (!verdict.valid) expect(verdict.messages).toEqual(["Error in the JQL Query: Expecting ')' before the end of the query."]);

    const error = await client.searchAll({ jql: 'project = NOPE', fields: ['summary'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraError);
    expect((error as JiraError).code).toBe('jql_invalid');
    expect((error as JiraError).status).toBe(400);
    expect((error as JiraError).jiraMessages).toEqual(["The value 'NOPE' does not exist for the field 'project'."]);
    expect((error as JiraError).message).toContain("The value 'NOPE' does not exist");
  });
});

describe.each<Mode>(['cloud', 'datacenter'])('paging a large %s instance', (mode) => {
  let jira: SimHarness;
  let expectedKeys: string[];

  beforeAll(async () => {
    const dataset = generateLargeDataset({ mode, projects: 4, issues: 2400, seed: 11, users: 20 });
    jira = await startSimHarness(mode, { dataset });
    expectedKeys = dataset.issues.filter((issue) => issue.projectKey === 'AA').map((issue) => issue.key).sort();
  });
  afterAll(() => jira.close());

  it('walks every page of a big result once, even when Jira answers fewer issues than asked', async () => {
    // Jira caps pages on its own: Cloud when fields are asked for, Data Center at its maxResults limit.
    await jira.settings({ cloudFieldsPageCap: 37, dataCenterMaxResults: 41 });
    const client = jira.client();
    const storyPoints = await client.findStoryPointsField();
    expect(storyPoints).toBeDefined();
    await jira.clearRequests();
    const issues = await client.searchAll({ jql: 'project = AA', fields: ['summary', storyPoints?.id ?? ''], pageSize: 100 });
    const keys = issues.map((issue) => issue.key ?? '?').sort();
    expect(keys.length).toBeGreaterThan(300);
    expect(keys).toEqual(expectedKeys);
    const pageCount = (await jira.requests()).filter((entry) => entry.path === SEARCH_PATH[mode]).length;
    expect(pageCount).toBe(Math.ceil(expectedKeys.length / (mode === 'cloud' ? 37 : 41)));
    expect(await client.approximateCount('project = AA')).toBe(expectedKeys.length);
  });

  it('notices results shifting between pages and walks again', async () => {
    await jira.settings({ cloudFieldsPageCap: 100, dataCenterMaxResults: 1000 });
    const client = jira.client();
    const jql = 'project = AA ORDER BY key ASC';
    if (mode === 'cloud') {
      // The simulator moves 3 already-served issues to the end before every later page, for good.
      await jira.setFaults({ pageDrift: { movesPerPage: 3 } });
      await jira.clearRequests();
      try {
        const result = await client.collectSearch({ jql, fields: ['summary'], pageSize: 50 });
        const keys = result.issues.map((issue) => issue.key ?? '?');
        expect(new Set(keys).size).toBe(keys.length);
        // The id-only snapshot fits in one page, so nothing can move under it.
        expect(result).toMatchObject({ consistent: true, passes: 2 });
        expect(keys.sort()).toEqual(expectedKeys);
        expect(result.issues.every((issue) => Object.keys(issue.fields).join() === 'summary')).toBe(true);
        const bulkFetches = (await jira.requests()).filter((entry) => entry.path === '/rest/api/3/issue/bulkfetch');
        expect(bulkFetches).toHaveLength(Math.ceil(expectedKeys.length / 100));
      } finally {
        await jira.clearFaults();
      }
    } else {
      // Offset paging: an issue deleted after it was served shifts every later issue down by one.
      let deleted = false;
      const walk = async function* (options: SearchOptions): AsyncGenerator<SearchPage> {
        for await (const page of client.search(options)) {
          yield page;
          if (!deleted) {
            deleted = true;
            const response = await fetch(`${jira.url}/_sim/issues/${page.issues[0]?.key ?? ''}`, { method: 'DELETE' });
            expect(response.status).toBe(200);
          }
        }
      };
      const result = await collectSearch({ walk }, { jql, fields: ['summary'], pageSize: 50 });
      expect(result.consistent).toBe(true);
      expect(result.passes).toBe(2);
      const keys = result.issues.map((issue) => issue.key ?? '?').sort();
      expect(keys).toHaveLength(expectedKeys.length - 1);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
