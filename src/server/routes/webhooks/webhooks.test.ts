/**
 * Jira webhooks end to end, on SQLite and PostgreSQL, against a Cloud and a Data Center simulator
 * that delivers to the app over HTTP: a change reaches the affected objective within seconds with
 * no refresh, duplicates and a burst of 1,000 events become one sync per affected link (counted in
 * the run records and the simulator's request log), other links are left to the scheduled round,
 * and a wrong token is refused without changing anything.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import {
  BUG_EPIC,
  CAMPAIGN_EPIC,
  addStoryToEpic,
  createObjective,
  epicJql,
  getItem,
  linkItem,
  percent,
  runsOf,
  setUpJiraWorld,
  type JiraWorld,
} from '../../../../test/support/link-fixtures';
import type { ConnectionDto, SimMode } from '../../../../test/support/jira-connection-fixtures';
import { countRuns, deliver, getWebhook, issueEvent, listen, receiverPath, waitFor, webhookPath, type WebhookDto } from '../../../../test/support/webhook-fixtures';

const searchPath = (mode: SimMode) => (mode === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search');

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`Jira webhooks from a ${mode} simulator`, (ctx) => {
    let sim: JiraSim;
    let world: JiraWorld;
    let origin: string;
    let hook: WebhookDto;
    const debounceMs = () => ctx().config.webhookDebounceMs;

    beforeAll(async () => {
      sim = await startJiraSim({ mode, port: 0, scenario: 'demo', control: true });
      origin = await listen(ctx());
      world = await setUpJiraWorld(ctx(), sim, mode);
    });
    afterAll(async () => {
      await sim.close();
    });
    beforeEach(async () => {
      sim.reset();
      await ctx().db.deleteFrom('integration_links').execute();
      hook = await getWebhook(ctx(), world, origin);
    });
    afterEach(async () => {
      await sim.webhooks.idle();
      await ctx().app.jobs.idle();
    });

    const linkObjective = async (title: string, jql: string): Promise<{ path: string; linkId: string }> => {
      const id = await createObjective(ctx(), world, title);
      const link = await linkItem(ctx(), world, `/api/v1/objectives/${id}`, { jql, metric: 'percent_done' });
      return { path: `/api/v1/objectives/${id}`, linkId: link.id };
    };
    const progressOf = async (path: string) => percent((await getItem(ctx(), world, path)).progress);
    const triggersOf = async (path: string) => (await runsOf(ctx(), world, path)).map((run) => run.trigger);

    test('the webhook URL points at this Pacer and carries a random token only admins see', async () => {
      expect(hook.url).toMatch(new RegExp(`^${origin}/api/v1/webhooks/jira/${world.connectionId}\\?token=[A-Za-z0-9_-]{32}$`));
      expect(hook).toMatchObject({ registered: false, warning: expect.stringMatching(/PACER_PUBLIC_URL/) });
      expect((await getWebhook(ctx(), world, origin)).url).toBe(hook.url);
      expect((await ctx().request('GET', webhookPath(world.connectionId), { as: world.member })).statusCode).toBe(403);
    });

    test('a change in Jira reaches the affected objective within seconds, with no refresh; other links wait', async () => {
      const campaign = await linkObjective('Campaign', epicJql(mode, CAMPAIGN_EPIC));
      const bugs = await linkObjective('Bugs', epicJql(mode, BUG_EPIC));
      const ops = await linkObjective('Operations', 'project = OPS');
      expect(await progressOf(campaign.path)).toBe(30);
      sim.webhooks.register({ url: hook.url });

      // A new story joins the epic: it is in no matching set yet, the JQL names its epic.
      let started = Date.now();
      const story = addStoryToEpic(sim, CAMPAIGN_EPIC, 'Filed in Jira');
      await waitFor('the new story to count', async () => (await progressOf(campaign.path)) === 27, debounceMs() + 5_000);
      let elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(debounceMs() - 100);
      expect(elapsed).toBeLessThan(debounceMs() + 2_000);

      // The story is done: now it is in the link's matching set.
      started = Date.now();
      sim.store.transition(story, 'Done');
      await waitFor('the story to count as done', async () => (await progressOf(campaign.path)) === 36, debounceMs() + 5_000);
      elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(debounceMs() + 2_000);

      await ctx().app.jobs.idle();
      expect(await triggersOf(campaign.path)).toEqual(['webhook', 'webhook', 'created']);
      const [latest] = await runsOf(ctx(), world, campaign.path);
      expect(latest).toMatchObject({ outcome: 'ok', newlyDoneKeys: [story], note: 'Jira reported a change' });
      expect(await triggersOf(bugs.path)).toEqual(['created']);
      expect(await triggersOf(ops.path)).toEqual(['created']);

      const connections = (await ctx().request('GET', '/api/v1/integrations/jira/connections', { as: world.admin })).json<Array<ConnectionDto & { webhook: { live: boolean; lastDeliveryAt: string | null } }>>();
      expect(connections.find((c) => c.id === world.connectionId)?.webhook).toMatchObject({ live: true, lastDeliveryAt: expect.any(String) });
      expect((await getWebhook(ctx(), world, origin)).live).toBe(true);
    });

    test('duplicate deliveries and a burst of 1,000 events on one epic become one sync per affected link', async () => {
      const story = addStoryToEpic(sim, CAMPAIGN_EPIC, 'Busy story');
      const first = await linkObjective('Campaign A', epicJql(mode, CAMPAIGN_EPIC));
      const second = await linkObjective('Campaign B', epicJql(mode, CAMPAIGN_EPIC));
      const bugs = await linkObjective('Bugs', epicJql(mode, BUG_EPIC));
      sim.webhooks.register({ url: hook.url, duplicateDeliveries: 1 });
      sim.requestLog.clear();
      const burstStart = new Date().toISOString();

      // 1,000 edits back to back. The simulator sends every delivery at once; Jira sends a few at a
      // time, so the edits go in groups of 100 (200 deliveries in flight), with no pause between groups.
      for (let group = 0; group < 10; group++) {
        for (let i = 0; i < 100; i++) sim.store.update(story, { summary: `Busy story, edit ${group * 100 + i}` });
        await sim.webhooks.idle();
      }
      await ctx().app.jobs.idle();

      // Every event was delivered twice with one identifier: one copy of each was accepted, the other ignored.
      const deliveries = sim.webhooks.deliveries();
      const identifiers = new Set(deliveries.map((delivery) => delivery.identifier));
      expect(identifiers.size).toBe(1_000);
      const accepted = deliveries.filter((delivery) => delivery.status === 202);
      expect(accepted).toHaveLength(1_000);
      expect(new Set(accepted.map((delivery) => delivery.identifier)).size).toBe(1_000);
      expect(deliveries.filter((delivery) => delivery.status === 200)).toHaveLength(1_000);
      const remembered = await ctx().db.selectFrom('webhook_deliveries').select('delivery_id').where('received_at', '>=', burstStart).execute();
      expect(remembered).toHaveLength(1_000);

      const runs = await countRuns(ctx(), 'webhook');
      expect(runs.get(first.linkId)).toBe(1);
      expect(runs.get(second.linkId)).toBe(1);
      expect(runs.get(bugs.linkId)).toBeUndefined();
      // The two campaign links share their query: one search for the whole burst.
      expect(sim.requestLog.count({ path: searchPath(mode) })).toBe(1);
      expect(sim.requestLog.count()).toBe(1);
      expect(await progressOf(first.path)).toBe(27);
      // 2,000 real HTTP deliveries: tens of seconds on a busy two-core machine.
    }, 150_000);

    test('a wrong, missing or foreign token gets 401 and changes nothing', async () => {
      const campaign = await linkObjective('Campaign', epicJql(mode, CAMPAIGN_EPIC));
      const before = await ctx().db.selectFrom('jira_connections').select('webhook_last_delivery_at').where('id', '=', world.connectionId).executeTakeFirstOrThrow();
      const good = receiverPath(hook.url);
      const event = issueEvent(`${CAMPAIGN_EPIC.split('-')[0]}-790`, { fields: { parent: { key: CAMPAIGN_EPIC } } });
      const sentIds: string[] = [];
      const attempts = [
        good.replace(/token=[^&]+/, 'token=not-the-token'),
        good.replace(/\?.*$/, ''),
        good.replace(world.connectionId, crypto.randomUUID()),
      ];
      for (const path of attempts) {
        sentIds.push(crypto.randomUUID());
        const response = await deliver(ctx(), path, event, sentIds.at(-1));
        expect(response.statusCode).toBe(401);
        expect(response.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringMatching(/webhook URL again/) } });
      }
      // idle() waits for anything queued to be synced: a refused delivery must have queued nothing.
      await ctx().app.jobs.idle();
      expect(await triggersOf(campaign.path)).toEqual(['created']);
      const after = await ctx().db.selectFrom('jira_connections').select('webhook_last_delivery_at').where('id', '=', world.connectionId).executeTakeFirstOrThrow();
      expect(after.webhook_last_delivery_at).toBe(before.webhook_last_delivery_at);
      const remembered = await ctx().db.selectFrom('webhook_deliveries').select('delivery_id').where('delivery_id', 'in', sentIds).execute();
      expect(remembered).toEqual([]);
    });

    test('rotating the token retires the old URL at once', async () => {
      const rotated = await ctx().request('POST', `${webhookPath(world.connectionId)}/rotate`, { as: world.admin, headers: { host: new URL(origin).host, origin } });
      expect(rotated.statusCode).toBe(200);
      const fresh = rotated.json<WebhookDto>();
      expect(fresh.url).not.toBe(hook.url);
      expect(fresh.registered).toBe(false);
      const event = issueEvent('OPS-1');
      expect((await deliver(ctx(), receiverPath(hook.url), event, crypto.randomUUID())).statusCode).toBe(401);
      expect((await deliver(ctx(), receiverPath(fresh.url), event, crypto.randomUUID())).statusCode).toBe(202);
    });

    test('Jira gets its answer within 100 ms (median of 20); other events are ignored and a body that is no event is refused', async () => {
      await linkObjective('Campaign', epicJql(mode, CAMPAIGN_EPIC));
      const timings: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = performance.now();
        const response = await fetch(hook.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Atlassian-Webhook-Identifier': crypto.randomUUID() },
          body: JSON.stringify(issueEvent('AE-790', { fields: { parent: { key: CAMPAIGN_EPIC }, description: 'NUL \u0000 and half an emoji \ud83d' } })),
        });
        timings.push(performance.now() - started);
        expect(response.status).toBe(202);
        expect(await response.json()).toEqual({ result: 'accepted', links: 1 });
      }
      // The median: this machine also runs other suites; bench/webhooks measures the spread.
      timings.sort((a, b) => a - b);
      expect(timings[Math.floor(timings.length / 2)]).toBeLessThan(100);

      const comment = await deliver(ctx(), receiverPath(hook.url), { ...issueEvent('AE-790'), webhookEvent: 'comment_created' }, crypto.randomUUID());
      expect(comment.statusCode).toBe(200);
      expect(comment.json()).toMatchObject({ result: 'ignored' });
      const noEvent = await deliver(ctx(), receiverPath(hook.url), { hello: 'world' }, crypto.randomUUID());
      expect(noEvent.statusCode).toBe(400);
      expect(noEvent.json()).toMatchObject({ error: { code: 'validation_failed' } });
      // With a valid token, a broken body is a 400 naming the body (without one, 401 comes first).
      const brokenJson = await deliver(ctx(), receiverPath(hook.url), '{"webhookEvent": "jira:issue_upd', crypto.randomUUID());
      expect(brokenJson.statusCode).toBe(400);
      expect(brokenJson.json()).toMatchObject({ error: { code: 'validation_failed', fields: [{ field: 'body' }] } });

      // The logs name the route, never the token in the URL or anything from the payload.
      const token = new URL(hook.url).searchParams.get('token') ?? '';
      expect(ctx().logLines.some((line) => line.includes('/api/v1/webhooks/jira/'))).toBe(true);
      expect(ctx().logLines.filter((line) => line.includes(token) || line.includes('half an emoji'))).toEqual([]);
    });
  });
}
