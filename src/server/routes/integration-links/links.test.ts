/**
 * The Jira link API against the simulator (Cloud and Data Center) on SQLite and PostgreSQL: the
 * product brief's two examples to the digit, saving, editing, refreshing, unlinking, the run
 * records and the matching issues.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import type { SimMode } from '../../../../test/support/jira-connection-fixtures';
import {
  BUG_EPIC,
  CAMPAIGN_EPIC,
  addBugToEpic,
  addStoryToEpic,
  createKeyResult,
  createObjective,
  epicJql,
  expectOk,
  getItem,
  linkItem,
  percent,
  putLink,
  refresh,
  runsOf,
  setUpJiraWorld,
  type JiraWorld,
  type LinkDto,
} from '../../../../test/support/link-fixtures';

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`Jira links against a ${mode} simulator`, (ctx) => {
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

    test('"Ship feature Email Campaigns": 3 of 10 stories is 30%, an 11th story makes it 27%', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Ship feature Email Campaigns');
      const path = `/api/v1/objectives/${objectiveId}`;
      const link = await linkItem(ctx(), world, path, { jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      expect(link).toMatchObject({ total: 10, done: 3, connectionName: 'Demo Jira', lastError: null, metric: 'percent_done' });
      expect(percent(link.progress)).toBe(30);
      expect(link.lastRun).toMatchObject({ trigger: 'created', outcome: 'ok', total: 10, done: 3, progressBefore: null });
      expect(link.lastRun?.addedKeys).toHaveLength(10);
      expect(link.lastRun?.jiraRequests).toBeGreaterThan(0);

      const objective = await getItem(ctx(), world, path);
      expect(percent(objective.progress)).toBe(30);
      expect(objective.integration).toMatchObject({ type: 'jira', connectionId: world.connectionId, connectionName: 'Demo Jira', total: 10, done: 3, lastError: null });
      expect(objective.integration?.lastSyncedAt).toEqual(expect.any(String));

      const newKey = addStoryToEpic(sim, CAMPAIGN_EPIC, 'Campaign templates in dark mode');
      const refreshed = await refresh(ctx(), world, path);
      expect(percent(refreshed.link.progress)).toBe(27);
      expect(refreshed.run).toMatchObject({ trigger: 'manual', outcome: 'ok', total: 11, done: 3, addedKeys: [newKey], removedKeys: [], newlyDoneKeys: [] });
      expect(percent(refreshed.run?.progressBefore)).toBe(30);
      expect(percent(refreshed.run?.progressAfter)).toBe(27);
      expect(refreshed.run?.note).toMatch(/Refreshed by Dana Member/);
      expect(percent((await getItem(ctx(), world, path)).progress)).toBe(27);

      // Closing a story moves the bar and the run says which one.
      sim.store.transition('AE-790', 'Done');
      const closed = await refresh(ctx(), world, path);
      expect(closed.run).toMatchObject({ done: 4, newlyDoneKeys: ['AE-790'], addedKeys: [] });
      expect(percent(closed.link.progress)).toBe(36);

      const runs = await runsOf(ctx(), world, path);
      expect(runs.map((run) => run.trigger)).toEqual(['manual', 'manual', 'created']);
    });

    test('"Fix 20 bugs this quarter": 19 of 20 is 95%; 20 is 100%, and more bugs filed never go over 100%', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Fix 20 bugs this quarter');
      const path = `/api/v1/objectives/${objectiveId}`;
      const link = await linkItem(ctx(), world, path, { jql: epicJql(mode, BUG_EPIC), metric: 'done_count', startValue: 0, targetValue: 20 });
      expect(link).toMatchObject({ total: 26, done: 19, measured: 19, startValue: 0, targetValue: 20 });
      expect(percent(link.progress)).toBe(95);
      // The row's summary carries the target too, for "26 issues · 19 of 20 done".
      expect((await getItem(ctx(), world, path)).integration).toMatchObject({ total: 26, done: 19, targetValue: 20, countAll: false });

      const open = await ctx().request('GET', `${path}/integration/issues?notDone=true`, { as: world.member });
      expectOk(open);
      const openKeys = open.json<{ items: Array<{ key: string; done: boolean; url: string }> }>().items.map((issue) => issue.key);
      expect(openKeys).toHaveLength(7);
      sim.store.transition(openKeys[0] ?? '', 'Done');
      expect((await refresh(ctx(), world, path)).link.progress).toBe(1);

      for (let i = 0; i < 5; i += 1) addBugToEpic(sim, BUG_EPIC, `Another bug ${i}`);
      sim.store.transition(openKeys[1] ?? '', 'Done');
      const more = await refresh(ctx(), world, path);
      expect(more.link).toMatchObject({ total: 31, done: 21, progress: 1 });
      expect((await getItem(ctx(), world, path)).progress).toBe(1);
    });

    test('the matching issues list every issue with its status and link to Jira, filterable to not done', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Campaign stories');
      const path = `/api/v1/objectives/${objectiveId}`;
      await linkItem(ctx(), world, path, { jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      const all = await ctx().request('GET', `${path}/integration/issues`, { as: world.member });
      expectOk(all);
      const page = all.json<{ items: Array<{ key: string; summary: string; status: string; assignee: string | null; done: boolean; url: string }>; nextCursor: string | null; total: number }>();
      expect(page).toMatchObject({ total: 10, nextCursor: null });
      const issues = page.items;
      expect(issues.map((issue) => issue.key)).toEqual(Array.from({ length: 10 }, (_, i) => `AE-${787 + i}`));
      expect(issues[0]).toMatchObject({ key: 'AE-787', summary: 'Design the campaign template gallery', status: 'Done', done: true, assignee: 'Priya Raman' });
      expect(issues[0]?.url).toBe(`${sim.url}/browse/AE-787`);
      const notDone = await ctx().request('GET', `${path}/integration/issues?notDone=true`, { as: world.member });
      expect(notDone.json<{ items: Array<{ done: boolean }>; total: number }>()).toMatchObject({ total: 7, items: new Array(7).fill(expect.objectContaining({ done: false })) });
    });

    test('invalid JQL is refused with Jira\'s own message on "jql", and nothing is saved', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Broken query');
      const path = `/api/v1/objectives/${objectiveId}`;
      const response = await putLink(ctx(), world, path, { jql: 'project = AE AND (status = Done', metric: 'percent_done' });
      expect(response.statusCode).toBe(400);
      const body = response.json<{ error: { code: string; fields: Array<{ field: string; message: string }> } }>();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.fields[0]?.field).toBe('jql');
      expect(body.error.fields[0]?.message).toMatch(/Error in the JQL Query/);
      expect((await ctx().request('GET', `${path}/integration`, { as: world.member })).statusCode).toBe(404);
      expect((await getItem(ctx(), world, path)).integration).toBeNull();
    });

    test('editing the JQL recalculates at once and the run says what changed', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Edited link');
      const path = `/api/v1/objectives/${objectiveId}`;
      await linkItem(ctx(), world, path, { jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      const edited = await putLink(ctx(), world, path, { jql: `${epicJql(mode, CAMPAIGN_EPIC)} AND component = Templates`, metric: 'percent_done' });
      expectOk(edited);
      const link = edited.json<LinkDto>();
      expect(link).toMatchObject({ total: 4, done: 2, progress: 0.5 });
      expect(link.lastRun).toMatchObject({ trigger: 'edited', note: 'JQL edited by Dana Member', addedKeys: [] });
      expect(link.lastRun?.removedKeys).toEqual(['AE-789', 'AE-791', 'AE-792', 'AE-793', 'AE-794', 'AE-796']);
      expect(percent(link.lastRun?.progressBefore)).toBe(30);
    });

    test('a key result linked to Jira follows the link, and takes no manual check-ins', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Quality');
      const keyResultId = await createKeyResult(ctx(), world, objectiveId, { title: 'Close 20 bugs', startValue: 0, targetValue: 20 });
      const path = `/api/v1/key-results/${keyResultId}`;
      const link = await linkItem(ctx(), world, path, { jql: epicJql(mode, BUG_EPIC), metric: 'done_count' });
      // Without its own start and target, a KPI link counts along the key result's.
      expect(link).toMatchObject({ startValue: 0, targetValue: 20, done: 19 });
      const kr = await getItem(ctx(), world, path);
      expect(kr).toMatchObject({ currentValue: 19, progress: 0.95 });
      expect(kr.integration).toMatchObject({ connectionName: 'Demo Jira', total: 26, done: 19 });
      const objective = await getItem(ctx(), world, `/api/v1/objectives/${objectiveId}`);
      expect(objective.progress).toBe(0.95);
      expect(objective.keyResults?.[0]?.integration?.linkId).toBe(link.id);

      const checkIn = await ctx().request('POST', `${path}/check-ins`, { as: world.member, body: { value: 3 } });
      expect(checkIn.statusCode).toBe(409);
      // Nor can its value be edited by hand.
      expect((await ctx().request('PATCH', path, { as: world.member, body: { currentValue: 3 } })).statusCode).toBe(409);

      // Unlinking keeps the value and hands it back to manual check-ins.
      expect((await ctx().request('DELETE', `${path}/integration`, { as: world.member })).statusCode).toBe(204);
      const unlinked = await getItem(ctx(), world, path);
      expect(unlinked).toMatchObject({ currentValue: 19, progress: 0.95, integration: null });
      expect((await ctx().request('POST', `${path}/check-ins`, { as: world.member, body: { value: 20 } })).statusCode).toBe(201);
    });

    test('unlinking an objective keeps its last progress and returns it to manual', async () => {
      const objectiveId = await createObjective(ctx(), world, 'Unlinked later');
      const path = `/api/v1/objectives/${objectiveId}`;
      await linkItem(ctx(), world, path, { jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      expect((await ctx().request('POST', `${path}/check-ins`, { as: world.member, body: { value: 0.5 } })).statusCode).toBe(409);
      expect((await ctx().request('DELETE', `${path}/integration`, { as: world.member })).statusCode).toBe(204);
      const objective = await getItem(ctx(), world, path);
      expect(objective).toMatchObject({ progressMode: 'manual', progress: 0.3, integration: null });
      const checkIns = await ctx().request('GET', `${path}/check-ins`, { as: world.member });
      expect(checkIns.json<Array<{ value: number; note: string }>>()[0]).toMatchObject({ value: 0.3, note: expect.stringMatching(/Unlinked from Jira/) });
      expect((await ctx().request('DELETE', `${path}/integration`, { as: world.member })).statusCode).toBe(404);
    });

    test('the objectives list carries every link in a fixed number of queries', async () => {
      const ids = await Promise.all([1, 2, 3].map((n) => createObjective(ctx(), world, `Listed ${n}`)));
      for (const id of ids.slice(0, 2)) await linkItem(ctx(), world, `/api/v1/objectives/${id}`, { jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      const list = await ctx().request('GET', `/api/v1/objectives?cycleId=${world.cycleId}`, { as: world.member });
      expectOk(list);
      const byId = new Map(list.json<Array<{ id: string; integration: { total: number } | null }>>().map((o) => [o.id, o]));
      expect(byId.get(ids[0] ?? '')?.integration?.total).toBe(10);
      expect(byId.get(ids[1] ?? '')?.integration?.total).toBe(10);
      expect(byId.get(ids[2] ?? '')?.integration).toBeNull();
    });

    test('deleting the connection keeps the last values, marked disconnected', async () => {
      const credentials = mode === 'cloud' ? { username: 'dana@example.com', secret: 'sim-api-token-dana' } : { username: 'dana', secret: 'dana-password' };
      const second = await ctx().request('POST', '/api/v1/integrations/jira/connections', {
        as: world.admin,
        body: { name: 'Short-lived Jira', url: sim.url, ...credentials },
      });
      expectOk(second, 201);
      const connectionId = second.json<{ id: string }>().id;
      const objectiveId = await createObjective(ctx(), world, 'Disconnected later');
      const path = `/api/v1/objectives/${objectiveId}`;
      await linkItem(ctx(), world, path, { connectionId, jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      const listed = await ctx().request('GET', '/api/v1/integrations/jira/connections', { as: world.admin });
      expect(listed.json<Array<{ id: string; linkedItems: number }>>().find((c) => c.id === connectionId)?.linkedItems).toBe(1);
      const deleted = await ctx().request('DELETE', `/api/v1/integrations/jira/connections/${connectionId}`, { as: world.admin });
      expectOk(deleted);
      expect(deleted.json()).toEqual({ deletedLinks: 1 });
      const objective = await getItem(ctx(), world, path);
      expect(objective.progress).toBe(0.3);
      expect(objective.integration).toMatchObject({ connectionId: null, total: 10, done: 3, lastError: { code: 'disconnected' }, nextSyncAt: null });
      expect((await ctx().request('POST', `${path}/integration/refresh`, { as: world.member })).statusCode).toBe(409);
    });

    test('"Refresh all" syncs every link of a connection, for admins only', async () => {
      const ids = await Promise.all([1, 2].map((n) => createObjective(ctx(), world, `Refresh all ${n}`)));
      for (const id of ids) await linkItem(ctx(), world, `/api/v1/objectives/${id}`, { jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      addStoryToEpic(sim, CAMPAIGN_EPIC, 'One more story');
      const url = `/api/v1/integrations/jira/connections/${world.connectionId}/refresh-all`;
      expect((await ctx().request('POST', url, { as: world.member })).statusCode).toBe(403);
      const response = await ctx().request('POST', url, { as: world.admin });
      expectOk(response);
      expect(response.json()).toMatchObject({ failed: 0, busy: 0 });
      expect(response.json<{ ok: number }>().ok).toBeGreaterThanOrEqual(2);
      for (const id of ids) expect(percent((await getItem(ctx(), world, `/api/v1/objectives/${id}`)).progress)).toBe(27);
    });
  });
}
