/**
 * Every metric and done rule, period scoping, and the preview, against the simulator's demo data
 * (Cloud and Data Center) on SQLite and PostgreSQL. Expected numbers come from the demo scenario:
 * epic AE-786 has 10 stories of 5, 8, 3, 3, 8, 5, 2, 5, 2, 3 points (the first three done), Business
 * Value 10..1, and time spent 18, 30, 6, 5 and 10 hours on the first five; epic AE-900 has 26 bugs,
 * 19 done, two of those in the status "Closed".
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { dayFromToday } from '../../../../test/support/okr-fixtures';
import type { SimMode } from '../../../../test/support/jira-connection-fixtures';
import {
  BUG_EPIC,
  CAMPAIGN_EPIC,
  createKeyResult,
  createObjective,
  epicJql,
  expectOk,
  linkItem,
  percent,
  setUpJiraWorld,
  type JiraWorld,
  type LinkDto,
} from '../../../../test/support/link-fixtures';
import type { PreviewResult } from '../../../contract/links';

type PreviewDto = PreviewResult;

const HOUR_MS = 3_600_000;
/** An instant `days` from today's midnight (UTC) plus `hours`. */
const at = (days: number, hours: number) => new Date(Date.parse(`${dayFromToday(days)}T00:00:00.000Z`) + hours * HOUR_MS).toISOString();

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`Jira metrics, done rules and preview against a ${mode} simulator`, (ctx) => {
    let sim: JiraSim;
    let world: JiraWorld;

    beforeAll(async () => {
      sim = await startJiraSim({ mode, port: 0, scenario: 'demo', control: true });
      world = await setUpJiraWorld(ctx(), sim, mode);
    });
    afterAll(async () => {
      await sim.close();
    });
    beforeEach(() => {
      sim.reset();
    });

    const link = async (body: Record<string, unknown>, objectiveExtra: Record<string, unknown> = {}): Promise<LinkDto> => {
      const id = await createObjective(ctx(), world, `Metric ${JSON.stringify(body).slice(0, 60)}`, objectiveExtra);
      return linkItem(ctx(), world, `/api/v1/objectives/${id}`, body);
    };
    const preview = async (body: Record<string, unknown>): Promise<PreviewDto> => {
      const response = await ctx().request('POST', '/api/v1/integrations/jira/preview', { as: world.member, body: { connectionId: world.connectionId, ...body } });
      expectOk(response);
      return response.json<PreviewDto>();
    };

    test('story points done: 16 of 44 points is 36%; towards a 20-point target 80%; all points with countAll', async () => {
      const share = await link({ jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'points_done' });
      expect(share).toMatchObject({ total: 10, done: 3, measured: 16 });
      expect(percent(share.progress)).toBe(36);
      expect(percent((await link({ jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'points_done', targetValue: 20 })).progress)).toBe(80);
      const all = await link({ jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'points_done', targetValue: 50, countAll: true });
      expect(all.measured).toBe(44);
      expect(percent(all.progress)).toBe(88);
      const issues = await ctx().request('GET', `/api/v1/objectives/${share.objectiveId}/integration/issues`, { as: world.member });
      expect(issues.json<{ items: Array<{ key: string; points: number | null }> }>().items.map((issue) => issue.points)).toEqual([5, 8, 3, 3, 8, 5, 2, 5, 2, 3]);
    });

    test('sum of a numeric field: a custom field by name, and time spent', async () => {
      const value = await link({ jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'field_sum', field: 'Business Value' });
      expect(value.field).toBe('customfield_10200');
      expect(value.measured).toBe(27);
      const valueIssues = await ctx().request('GET', `/api/v1/objectives/${value.objectiveId}/integration/issues`, { as: world.member });
      const valueItems = valueIssues.json<{ items: Array<{ points: number | null; value: number | null }> }>().items;
      expect(valueItems.map((issue) => issue.value)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(valueItems.every((issue) => issue.points === null)).toBe(true);
      expect(percent(value.progress)).toBe(49);
      const spent = await link({ jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'field_sum', field: 'timespent' });
      expect(spent.measured).toBe(54 * 3600);
      expect(percent(spent.progress)).toBe(78);
      const towards = await link({ jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'field_sum', field: 'Business Value', startValue: 0, targetValue: 54 });
      expect(towards.progress).toBe(0.5);

      const unknown = await ctx().request('PUT', `/api/v1/objectives/${value.objectiveId}/integration`, {
        as: world.member,
        body: { type: 'jira', connectionId: world.connectionId, jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'field_sum', field: 'Summary' },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ error: { fields: [{ field: 'field' }] } });
      expect(unknown.json<{ error: { message: string } }>().error.message).toMatch(/Business Value/);
    });

    test('issues done towards a target, counting done issues or all matching ones', async () => {
      expect(percent((await link({ jql: epicJql(mode, BUG_EPIC), metric: 'done_count', targetValue: 20 })).progress)).toBe(95);
      expect(percent((await link({ jql: epicJql(mode, BUG_EPIC), metric: 'done_count', startValue: 10, targetValue: 30 })).progress)).toBe(45);
      const all = await link({ jql: epicJql(mode, BUG_EPIC), metric: 'done_count', targetValue: 30, countAll: true });
      expect(all.measured).toBe(26);
      expect(percent(all.progress)).toBe(87);
      const missingTarget = await ctx().request('PUT', `/api/v1/objectives/${all.objectiveId}/integration`, {
        as: world.member,
        body: { type: 'jira', connectionId: world.connectionId, jql: epicJql(mode, BUG_EPIC), metric: 'done_count' },
      });
      expect(missingTarget.statusCode).toBe(400);
      expect(missingTarget.json()).toMatchObject({ error: { fields: [{ field: 'targetValue' }] } });
    });

    test('done rules: status category (default), resolution set, or a list of statuses', async () => {
      const openBugs = (await link({ jql: `${epicJql(mode, BUG_EPIC)} AND statusCategory != Done ORDER BY key`, metric: 'percent_done' })).total;
      expect(openBugs).toBe(7);
      // AE-920 reaches Done without a resolution; AE-921 stays open but gets one.
      sim.store.transition('AE-920', 'Done', { resolution: null });
      sim.store.update('AE-921', { resolution: 'Fixed', resolutionDate: new Date().toISOString() });

      const doneFlags = async (linked: LinkDto) => {
        const response = await ctx().request('GET', `/api/v1/objectives/${linked.objectiveId}/integration/issues`, { as: world.member });
        return new Map(response.json<{ items: Array<{ key: string; done: boolean }> }>().items.map((issue) => [issue.key, issue.done]));
      };
      const byCategory = await link({ jql: epicJql(mode, BUG_EPIC), metric: 'percent_done' });
      expect(byCategory.done).toBe(20);
      expect(byCategory.doneRule).toEqual({ type: 'status_category' });
      expect(Object.fromEntries([...(await doneFlags(byCategory))].filter(([key]) => key === 'AE-920' || key === 'AE-921'))).toEqual({ 'AE-920': true, 'AE-921': false });

      const byResolution = await link({ jql: epicJql(mode, BUG_EPIC), metric: 'percent_done', doneRule: { type: 'resolution' } });
      expect(byResolution.done).toBe(20);
      expect(Object.fromEntries([...(await doneFlags(byResolution))].filter(([key]) => key === 'AE-920' || key === 'AE-921'))).toEqual({ 'AE-920': false, 'AE-921': true });

      const onlyDone = await link({ jql: epicJql(mode, BUG_EPIC), metric: 'percent_done', doneRule: { type: 'statuses', statuses: ['Done'] } });
      expect(onlyDone.done).toBe(18);
      const doneOrClosed = await link({ jql: epicJql(mode, BUG_EPIC), metric: 'percent_done', doneRule: { type: 'statuses', statuses: ['done', 'Closed'] } });
      expect(doneOrClosed.done).toBe(20);
    });

    test('period scoping counts only issues resolved within the objective\'s period, its last day included', async () => {
      const resolvedAt = [at(-25, 12), at(-20, 0.5), at(-10, 12), at(-5, 23.5), at(-4, 0.5)];
      for (const [i, resolutionDate] of resolvedAt.entries()) {
        sim.store.create({ projectKey: 'AE', summary: `KPI bug ${i}`, issueType: 'Bug', status: 'Done', resolution: 'Fixed', resolutionDate, labels: ['period-kpi'] });
      }
      sim.store.create({ projectKey: 'AE', summary: 'KPI bug still open', issueType: 'Bug', labels: ['period-kpi'] });
      const dates = { startDate: dayFromToday(-20), endDate: dayFromToday(-5) };
      const scoped = await link({ jql: 'labels = period-kpi', metric: 'done_count', targetValue: 10, periodScoped: true }, dates);
      expect(scoped).toMatchObject({ total: 3, done: 3, periodScoped: true, jql: 'labels = period-kpi' });
      expect(percent(scoped.progress)).toBe(30);
      const unscoped = await link({ jql: 'labels = period-kpi', metric: 'done_count', targetValue: 10 }, dates);
      expect(unscoped).toMatchObject({ total: 6, done: 5 });

      const shown = await preview({ jql: 'labels = period-kpi', metric: 'done_count', targetValue: 10, periodScoped: true, objectiveId: scoped.objectiveId });
      expect(shown.jql).toBe(`(labels = period-kpi) AND resolved >= "${dates.startDate}" AND resolved < "${dayFromToday(-4)}"`);
      expect(shown.done).toBe(3);
    });

    test('preview: count, done, progress, status and the first issues, without saving anything', async () => {
      const before = await ctx().db.selectFrom('integration_links').select('id').execute();
      const shown = await preview({ jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done', cycleId: world.cycleId });
      expect(shown).toMatchObject({ valid: true, errors: [], total: 10, done: 3, progress: 0.3, hints: [] });
      expect(shown.status).toEqual(expect.stringMatching(/^(on_track|behind|at_risk)$/));
      expect(shown.issues[0]).toEqual({ key: 'AE-787', summary: 'Design the campaign template gallery', status: 'Done', done: true, url: `${sim.url}/browse/AE-787` });
      expect((await preview({ jql: epicJql(mode, BUG_EPIC), metric: 'percent_done' })).issues).toHaveLength(20);
      expect((await preview({ jql: epicJql(mode, BUG_EPIC), metric: 'percent_done' })).status).toBeNull();
      expect(await ctx().db.selectFrom('integration_links').select('id').execute()).toEqual(before);
    });

    test('preview: Jira\'s message for invalid JQL, and hints for an empty result and for "Epic Link" on Cloud', async () => {
      const invalid = await preview({ jql: 'project = AE AND (status = Done', metric: 'percent_done' });
      expect(invalid).toMatchObject({ valid: false, total: null, progress: null, issues: [] });
      expect(invalid.errors[0]).toMatch(/Error in the JQL Query/);

      const empty = await preview({ jql: 'project = AE AND labels = no-such-label', metric: 'percent_done' });
      expect(empty).toMatchObject({ valid: true, total: 0, progress: null });
      expect(empty.hints.join(' ')).toMatch(/No issues match/);

      const epicLink = await preview({ jql: `"Epic Link" = ${CAMPAIGN_EPIC}`, metric: 'percent_done' });
      if (mode === 'cloud') expect(epicLink.hints.join(' ')).toContain(`parent = ${CAMPAIGN_EPIC}`);
      else expect(epicLink.hints).toEqual([]);
    });

    test('preview of a key result\'s KPI counts along the key result\'s own scale', async () => {
      const objectiveId = await createObjective(ctx(), world, 'KR preview');
      const keyResultId = await createKeyResult(ctx(), world, objectiveId, { title: 'Close 40 bugs', startValue: 0, targetValue: 40 });
      const shown = await preview({ jql: epicJql(mode, BUG_EPIC), metric: 'done_count', keyResultId });
      expect(shown.progress).toBeCloseTo(19 / 40, 12);
    });
  });
}
