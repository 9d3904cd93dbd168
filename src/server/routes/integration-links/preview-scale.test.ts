/**
 * Preview and save of a huge query, on SQLite and PostgreSQL, against a Cloud and a Data Center
 * simulator of 60,000 issues (the scale generator's data): the preview of a count metric makes a
 * fixed number of Jira requests (a count of all, a count of done, one page of 20), counted from
 * the simulator's own request log; above the admin's cap both preview and save answer 422 with the
 * count and the cap, having read no page of issues; a sum metric streams its pages to exact sums.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim, type SimIssue } from '../../../../jira-sim/src/index';
import { generateLargeDataset } from '../../../../jira-sim/src/scenarios/large';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import type { SimMode } from '../../../../test/support/jira-connection-fixtures';
import { createObjective, expectOk, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';
import type { PreviewResult } from '../../../contract/links';

const ISSUES = 60_000;
const DONE_STATUS_IDS = new Set(['10001', '6']);
const CLOSED_STATUS_ID = '6';
const COUNT_PATH = { cloud: '/rest/api/3/search/approximate-count', datacenter: '/rest/api/2/search' } as const;
const SEARCH_PATH = { cloud: '/rest/api/3/search/jql', datacenter: '/rest/api/2/search' } as const;

type PreviewDto = PreviewResult;

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`preview of a ${ISSUES.toLocaleString('en-US')}-issue query on a ${mode} simulator`, (ctx) => {
    let sim: JiraSim;
    let world: JiraWorld;
    let issues: SimIssue[];

    beforeAll(async () => {
      const dataset = generateLargeDataset({ mode, projects: 1, issues: ISSUES, seed: 5, users: 5 });
      issues = dataset.issues;
      sim = await startJiraSim({ mode, port: 0, dataset, control: true });
      world = await setUpJiraWorld(ctx(), sim, mode);
    }, 60_000);
    afterAll(async () => {
      await sim.close();
    });
    beforeEach(() => {
      sim.requestLog.clear();
    });

    const setCap = async (maxIssuesPerLink: number) => {
      expectOk(await ctx().request('PATCH', '/api/v1/settings', { as: world.admin, body: { maxIssuesPerLink } }));
      sim.requestLog.clear();
    };
    const preview = (body: Record<string, unknown>) =>
      ctx().request('POST', '/api/v1/integrations/jira/preview', { as: world.member, body: { connectionId: world.connectionId, ...body } });
    const jiraRequests = () => sim.requestLog.entries().map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

    test('above the cap (default 50,000), preview and save refuse with the count and the cap, after one count request', async () => {
      await setCap(50_000);
      const refused = await preview({ jql: 'project = AA', metric: 'percent_done' });
      expect(refused.statusCode).toBe(422);
      const message = `This query matches 60,000 issues; a link may match at most 50,000. Narrow the query (for example to a project, an epic or a label), or ask an admin to raise the limit in Admin > Settings.`;
      expect(refused.json()).toEqual({ error: { code: 'too_many_issues', message, fields: [{ field: 'jql', message }] } });
      expect(jiraRequests()).toEqual([`POST ${COUNT_PATH[mode]} 200`]);

      sim.requestLog.clear();
      const objectiveId = await createObjective(ctx(), world, 'Everything in AA');
      const save = await ctx().request('PUT', `/api/v1/objectives/${objectiveId}/integration`, {
        as: world.member,
        body: { type: 'jira', connectionId: world.connectionId, jql: 'project = AA', metric: 'percent_done' },
      });
      expect(save.statusCode).toBe(422);
      expect(save.json()).toEqual({ error: { code: 'too_many_issues', message, fields: [{ field: 'jql', message }] } });
      expect(jiraRequests()).toEqual([`POST ${COUNT_PATH[mode]} 200`]);
      expect(await ctx().db.selectFrom('integration_links').select('id').where('objective_id', '=', objectiveId).execute()).toEqual([]);

      // A lower cap refuses smaller queries too, naming its own numbers.
      await setCap(100);
      const small = await preview({ jql: 'project = AA AND key <= AA-250', metric: 'percent_done' });
      expect(small.statusCode).toBe(422);
      expect(small.json<{ error: { message: string } }>().error.message).toMatch(/^This query matches 250 issues; a link may match at most 100\. /);
    });

    test('percent_done and done_count cost three requests whatever the size: a count, a count of done, one page of 20', async () => {
      await setCap(100_000);
      const done = issues.filter((issue) => DONE_STATUS_IDS.has(issue.statusId)).length;
      const response = await preview({ jql: 'project = AA', metric: 'percent_done' });
      expectOk(response);
      const shown = response.json<PreviewDto>();
      expect(shown).toMatchObject({ valid: true, total: ISSUES, done, hints: [] });
      expect(shown.progress).toBeCloseTo(done / ISSUES, 12);
      // Without an ORDER BY of the person's own, issues are listed as people read keys.
      expect(shown.issues.map((issue) => issue.key)).toEqual(Array.from({ length: 20 }, (_, i) => `AA-${i + 1}`));
      expect(shown.issues.map((issue) => issue.done)).toEqual(issues.slice(0, 20).map((issue) => DONE_STATUS_IDS.has(issue.statusId)));
      // The done count and the page go out together, so their order in the log may vary.
      const expected = mode === 'cloud' ? [COUNT_PATH.cloud, COUNT_PATH.cloud, SEARCH_PATH.cloud] : [SEARCH_PATH.datacenter, SEARCH_PATH.datacenter, SEARCH_PATH.datacenter];
      expect(jiraRequests().sort()).toEqual(expected.map((path) => `POST ${path} 200`).sort());

      sim.requestLog.clear();
      const kpi = await preview({ jql: 'project = AA ORDER BY key DESC', metric: 'done_count', targetValue: 50_000, countAll: true });
      expectOk(kpi);
      expect(kpi.json<PreviewDto>()).toMatchObject({ total: ISSUES, progress: 1 });
      // The person's own order is kept.
      expect(kpi.json<PreviewDto>().issues[0]?.key).toBe(`AA-${ISSUES}`);
      expect(jiraRequests()).toHaveLength(3);
    });

    test('a statuses rule naming a status the site lacks counts without it (one more request), its names escaped', async () => {
      await setCap(100_000);
      const closed = issues.filter((issue) => issue.statusId === CLOSED_STATUS_ID).length;
      const response = await preview({ jql: 'project = AA', metric: 'percent_done', doneRule: { type: 'statuses', statuses: ['closed', 'Won\'t "ship" \\ later'] } });
      expectOk(response);
      expect(response.json<PreviewDto>()).toMatchObject({ valid: true, total: ISSUES, done: closed });
      // The count, the done count Jira refused for the unknown name, the done count again, the page.
      expect(jiraRequests()).toHaveLength(4);
      expect(jiraRequests().filter((entry) => entry.endsWith(' 400'))).toHaveLength(1);

      sim.requestLog.clear();
      const none = await preview({ jql: 'project = AA', metric: 'percent_done', doneRule: { type: 'statuses', statuses: ['Shipped'] } });
      expect(none.json<PreviewDto>()).toMatchObject({ total: ISSUES, done: 0, progress: 0 });
      expect(jiraRequests()).toHaveLength(3);
    });

    test('points_done streams the pages to exact sums and shows the first 20', async () => {
      await setCap(100_000);
      // The generator makes a project's first issues its epics (no points): take 700 after them.
      const subset = issues.filter((issue) => Number(issue.key.split('-')[1]) > 2000 && Number(issue.key.split('-')[1]) <= 2700);
      expect(subset.filter((issue) => issue.storyPoints !== null).length).toBeGreaterThan(100);
      const pointsAll = subset.reduce((sum, issue) => sum + (issue.storyPoints ?? 0), 0);
      const pointsDone = subset.filter((issue) => DONE_STATUS_IDS.has(issue.statusId)).reduce((sum, issue) => sum + (issue.storyPoints ?? 0), 0);
      const response = await preview({ jql: 'project = AA AND key > AA-2000 AND key <= AA-2700', metric: 'points_done' });
      expectOk(response);
      const shown = response.json<PreviewDto>();
      expect(shown).toMatchObject({ total: 700, done: subset.filter((issue) => DONE_STATUS_IDS.has(issue.statusId)).length });
      expect(shown.progress).toBeCloseTo(pointsDone / pointsAll, 12);
      expect(shown.issues).toHaveLength(20);
      expect(shown.issues[0]?.key).toBe('AA-2001');
      // The count, the site's fields (story points), then the pages: 100 issues each on Cloud when fields are asked for.
      expect(sim.requestLog.count({ path: SEARCH_PATH[mode] })).toBe(mode === 'cloud' ? 7 : 2);
    });
  });
}
