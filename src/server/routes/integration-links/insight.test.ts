/**
 * The Jira insight against the Cloud simulator on SQLite and PostgreSQL (issue 12, acceptance 2):
 * a link made today on an epic whose issues were created and resolved over the last six weeks
 * shows the backfilled series day by day, the forecast and the scope change exactly as the issue's
 * formulas say. The expectations are worked out here from the dataset, with integer arithmetic,
 * not with src/core. Also: 404 without a link, who may read it, reopened keys in a run, the stored
 * forecast on the link and the "status uses the forecast" setting.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { dayFromToday } from '../../../../test/support/okr-fixtures';
import { createKeyResult, expectOk, getItem, linkItem, refresh, runsOf, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';
import { refreshLinkForecasts } from '../../services/insight/forecast-refresh';
import { normaliseOptions } from '../../services/sync/link-options';
import { addDays, diffDays, DATASET, expectedInsight, type DatasetIssue } from '../../../../test/support/insight-fixtures';
import type { JiraInsight } from '../../../contract/links';

type InsightDto = JiraInsight;

describeEachDatabase('Jira insight of a link made today on six weeks of Jira history', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let today: string;
  let issues: DatasetIssue[];
  let objectivePath: string;
  let keyResultPath: string;
  let cycleId: string;
  const period = { startDate: '', endDate: '' };

  const insightOf = async (path: string): Promise<InsightDto> => {
    const response = await ctx().request('GET', `${path}/integration/insight`, { as: world.member });
    expectOk(response);
    return response.json<InsightDto>();
  };

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
    today = dayFromToday(0);
    // Six weeks up to today (42 days, today included) and a month to go.
    period.startDate = addDays(today, -41);
    period.endDate = addDays(today, 30);
    const cycle = await ctx().request('POST', '/api/v1/cycles', { as: world.admin, body: { name: 'Six weeks in', ...period } });
    expectOk(cycle, 201);
    cycleId = cycle.json<{ id: string }>().id;

    const epic = sim.store.create({ projectKey: 'AE', summary: 'Insight epic', issueType: 'Epic', status: 'In Progress', created: `${addDays(today, -70)}T09:00:00.000Z` });
    issues = DATASET.map((spec, i) => {
      const created = addDays(today, spec.created);
      const resolved = spec.resolved === null ? null : addDays(today, spec.resolved);
      const issue = sim.store.create({
        projectKey: 'AE',
        summary: `Insight story ${i + 1}`,
        issueType: 'Story',
        parentKey: epic.key,
        storyPoints: spec.points,
        created: `${created}T10:00:00.000Z`,
        ...(resolved === null
          ? { status: 'In Progress', updated: `${created}T11:00:00.000Z` }
          : { status: 'Done', resolution: 'Done', resolutionDate: `${resolved}T15:00:00.000Z`, updated: `${resolved}T15:00:00.000Z` }),
      });
      return { key: issue.key, created, resolved, points: spec.points };
    });

    const objective = await ctx().request('POST', '/api/v1/objectives', { as: world.member, body: { cycleId, title: 'Ship the insight epic' } });
    expectOk(objective, 201);
    const objectiveId = objective.json<{ id: string }>().id;
    objectivePath = `/api/v1/objectives/${objectiveId}`;
    keyResultPath = `/api/v1/key-results/${await createKeyResult(ctx(), world, objectiveId, { title: 'Deliver the points', startValue: 0, targetValue: 100 })}`;
    await linkItem(ctx(), world, objectivePath, { jql: `parent = ${epic.key}`, metric: 'percent_done' });
    await linkItem(ctx(), world, keyResultPath, { jql: `parent = ${epic.key}`, metric: 'points_done' });
  });
  afterAll(async () => {
    await sim.close();
  });

  test('the series day by day, the forecast and the scope change of a percent_done link, as the formulas say', async () => {
    const insight = await insightOf(objectivePath);
    const expected = expectedInsight({ issues, today, period, amount: () => 1 });
    expect(insight.asOf).toBe(today);
    expect(insight.period).toEqual(period);
    expect(insight.metric).toBe('percent_done');
    // 42 days; every day before today from the issues' dates, today from the sync made today.
    expect(insight.series).toHaveLength(42);
    expect(insight.series).toEqual(expected.series);
    expect(insight.series.at(-1)).toMatchObject({ date: today, source: 'recorded', scope: 36, done: 28 });
    expect(insight.series.slice(0, -1).every((point) => point.source === 'backfill')).toBe(true);

    // The dataset was made so the pace finishes after the period end, with one slow week.
    expect(insight.forecast).toEqual({
      ...expected.forecast,
      donePerDay: expect.closeTo(expected.forecast.donePerDay, 8),
      scopePerDay: expect.closeTo(expected.forecast.scopePerDay, 8),
    });
    expect(insight.forecast).toMatchObject({ reason: 'ok', windowDays: 28, remaining: 8, finishesBeforeEnd: false, finishDate: addDays(today, 75), optimisticDate: addDays(today, 56), pessimisticDate: null });

    expect(insight.scopeChange).toEqual(expected.scopeChange);
    // The link was made today: its only run has no progress before it, so no last change yet.
    expect(insight.lastChange).toBeNull();
  });

  test('a points_done key result: the same days in story points', async () => {
    const insight = await insightOf(keyResultPath);
    const expected = expectedInsight({ issues, today, period, amount: (issue) => issue.points });
    expect(insight.metric).toBe('points_done');
    expect(insight.series).toEqual(expected.series);
    expect(insight.forecast).toEqual({
      ...expected.forecast,
      donePerDay: expect.closeTo(expected.forecast.donePerDay, 8),
      scopePerDay: expect.closeTo(expected.forecast.scopePerDay, 8),
    });
    expect(insight.scopeChange).toEqual(expected.scopeChange);
  });

  test('the link carries the forecast of its sync; "status uses the forecast" makes the on-track item Behind', async () => {
    const insight = await insightOf(objectivePath);
    const objective = await getItem(ctx(), world, objectivePath);
    expect(objective.integration).toMatchObject({ forecast: { reason: 'ok', finishDate: insight.forecast.finishDate, finishesBeforeEnd: false, at: expect.any(String) } });
    // 78% done where about 58% is expected: on track by progress alone.
    expect(objective.status).toBe('on_track');

    expectOk(await ctx().request('PATCH', '/api/v1/settings', { as: world.admin, body: { statusUsesForecast: true } }));
    try {
      expect((await getItem(ctx(), world, objectivePath)).status).toBe('behind');
      const list = await ctx().request('GET', `/api/v1/objectives?cycleId=${cycleId}`, { as: world.member });
      expectOk(list);
      const listed = list.json<Array<{ id: string; status: string; keyResults: Array<{ id: string; status: string; integration: { forecast: { reason: string } | null } | null }> }>>();
      const row = listed.find((item) => item.id === objective.id);
      expect(row?.status).toBe('behind');
      const keyResult = row?.keyResults[0];
      const keyResultForecast = (await insightOf(keyResultPath)).forecast;
      expect(keyResult?.integration?.forecast).toMatchObject({ reason: keyResultForecast.reason, finishDate: keyResultForecast.finishDate });
    } finally {
      expectOk(await ctx().request('PATCH', '/api/v1/settings', { as: world.admin, body: { statusUsesForecast: false } }));
    }
    expect((await getItem(ctx(), world, objectivePath)).status).toBe('on_track');
  });

  test('404 for an item without a Jira link or an unknown item; any signed-in member may read it, nobody signed out', async () => {
    const unlinked = await ctx().request('POST', '/api/v1/objectives', { as: world.member, body: { cycleId: world.cycleId, title: 'Not linked' } });
    expectOk(unlinked, 201);
    const missing = await ctx().request('GET', `/api/v1/objectives/${unlinked.json<{ id: string }>().id}/integration/insight`, { as: world.member });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('has no Jira link') } });
    const unknown = await ctx().request('GET', `/api/v1/key-results/${crypto.randomUUID()}/integration/insight`, { as: world.member });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });

    const other = await ctx().createMember({ name: 'Olu Other' });
    expect((await ctx().request('GET', `${objectivePath}/integration/insight`, { as: other })).statusCode).toBe(200);
    expect((await ctx().request('GET', `${keyResultPath}/integration/insight`, { as: other })).statusCode).toBe(200);
    expect((await ctx().request('GET', `${objectivePath}/integration/insight`)).statusCode).toBe(401);
  });

  test('a link whose finish lies past the horizon stores no date, and the other links of its query get theirs', async () => {
    const objective = await getItem(ctx(), world, objectivePath);
    const linkId = objective.integration?.linkId ?? '';
    const { synced_query_hash: queryHash } = await ctx().db.selectFrom('integration_links').select('synced_query_hash').where('id', '=', linkId).executeTakeFirstOrThrow();
    await ctx().db.updateTable('integration_links').set({ forecast_reason: null, forecast_at: null }).where('id', '=', linkId).execute();
    // A KPI so far off at this pace that its finish date would be past any calendar (more than 275,000 years).
    const farOff = { id: (await getItem(ctx(), world, keyResultPath)).integration?.linkId ?? '', metric: 'done_count' as const, options: normaliseOptions({ targetValue: 1e15 }), queryHash: queryHash ?? '' };
    const ok = { id: linkId, metric: 'percent_done' as const, options: normaliseOptions({}), queryHash: queryHash ?? '' };
    await refreshLinkForecasts({ db: ctx().db }, [farOff, ok]);
    expect((await getItem(ctx(), world, objectivePath)).integration).toMatchObject({ forecast: { reason: 'ok', finishDate: addDays(today, 75) } });
    // Past the forecast's horizon: no date, but it finishes after the end (so it can make the item Behind).
    expect((await getItem(ctx(), world, keyResultPath)).integration).toMatchObject({ forecast: { reason: 'ok', finishDate: null, finishesBeforeEnd: false } });
  });

  test('the OpenAPI document describes both routes and the shapes', async () => {
    const response = await ctx().request('GET', '/api/v1/openapi.json');
    expectOk(response);
    const document = response.json<{ paths: Record<string, { get?: { responses?: Record<string, unknown> } }>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>();
    for (const route of ['/api/v1/objectives/{id}/integration/insight', '/api/v1/key-results/{id}/integration/insight']) expect(document.paths[route]?.get?.responses).toHaveProperty('200');
    expect(Object.keys(document.components.schemas.JiraInsight?.properties ?? {}).sort()).toEqual(['asOf', 'forecast', 'lastChange', 'metric', 'period', 'scopeChange', 'series']);
    expect(document.components.schemas.IntegrationSummary?.properties).toHaveProperty('forecast');
    expect(document.components.schemas.SyncRun?.properties).toHaveProperty('reopenedKeys');
  });

  test('a sync that reopens an issue and finds a new one records both; the last change and the scope change say so', async () => {
    const before = await insightOf(objectivePath);
    // The issue resolved yesterday is reopened; a new story arrives today.
    const reopened = issues.find((issue) => issue.resolved !== null && diffDays(today, issue.resolved) === -1);
    if (!reopened) throw new Error('The dataset has no issue resolved yesterday.');
    sim.store.transition(reopened.key, 'In Progress');
    const epicKey = sim.store.get(reopened.key)?.parentKey ?? '';
    const added = sim.store.create({ projectKey: 'AE', summary: 'Arrived today', issueType: 'Story', parentKey: epicKey, storyPoints: 2 });

    const { run } = await refresh(ctx(), world, objectivePath);
    expect(run).toMatchObject({ trigger: 'manual', outcome: 'ok', total: 37, done: 27, addedKeys: [added.key], removedKeys: [], newlyDoneKeys: [], reopenedKeys: [reopened.key] });
    expect((await runsOf(ctx(), world, objectivePath))[0]).toMatchObject({ reopenedKeys: [reopened.key] });

    const after = await insightOf(objectivePath);
    const now = [...issues.map((issue) => (issue.key === reopened.key ? { ...issue, resolved: null } : issue)), { key: added.key, created: today, resolved: null, points: 2 }];
    const expected = expectedInsight({ issues: now, today, period, amount: () => 1 });
    // Days before today follow the mirror as it is now; today is the last run of the day.
    expect(after.series.slice(0, -1)).toEqual(expected.series.slice(0, -1));
    expect(after.series.at(-1)).toEqual({ date: today, scope: 37, done: 27, progress: 27 / 37, source: 'recorded' });
    expect(after.lastChange).toMatchObject({ progressBefore: 28 / 36, progressAfter: 27 / 37, added: 1, removed: 0, completed: 0, reopened: 1 });
    // The new story is created in the period and recorded as added: counted once.
    expect(after.scopeChange).toEqual({ ...expected.scopeChange, reopened: 1 });
    expect(after.scopeChange.added).toBe(before.scopeChange.added + 1);
    expect(after.scopeChange.completed).toBe(before.scopeChange.completed - 1);
  });
});
