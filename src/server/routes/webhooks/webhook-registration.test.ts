/**
 * Registering a connection's webhook through Jira's API, on SQLite and PostgreSQL, against a Cloud
 * and a Data Center simulator: an administrator's connection registers it (Data Center 9 falls back
 * from the Jira 10 API to the old one; Data Center 10 uses the new one) and Jira then delivers to
 * Pacer; a connection whose user is no Jira administrator gets the steps to do it by hand.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { CAMPAIGN_EPIC, createObjective, epicJql, expectOk, linkItem, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';
import type { SimMode } from '../../../../test/support/jira-connection-fixtures';
import { getWebhook, listen, waitFor, webhookPath, type RegistrationDto } from '../../../../test/support/webhook-fixtures';

const LEGACY = '/rest/webhooks/1.0/webhook';
const DC_10 = '/rest/jira-webhook/1.0/webhooks';

/** Demo user "priya" is no Jira administrator (jira-sim/src/scenarios/demo.ts). */
function priyaCredentials(mode: SimMode): { username: string; secret: string } {
  return mode === 'cloud' ? { username: 'priya@example.com', secret: 'sim-api-token-priya' } : { username: 'priya', secret: 'priya-password' };
}

for (const mode of ['cloud', 'datacenter'] as const satisfies readonly SimMode[]) {
  describeEachDatabase(`registering the webhook in a ${mode} simulator`, (ctx) => {
    let sim: JiraSim;
    let world: JiraWorld;
    let origin: string;

    beforeAll(async () => {
      sim = await startJiraSim({ mode, port: 0, scenario: 'demo', control: true });
      origin = await listen(ctx());
      world = await setUpJiraWorld(ctx(), sim, mode);
    });
    afterAll(async () => {
      await ctx().app.jobs.idle();
      await sim.close();
    });
    beforeEach(() => {
      sim.reset();
    });

    const register = async (connectionId: string) => {
      const response = await ctx().request('POST', `${webhookPath(connectionId)}/register`, {
        as: world.admin,
        headers: { host: new URL(origin).host, origin },
      });
      expectOk(response);
      return response.json<RegistrationDto>();
    };
    const registrationRequests = () => sim.requestLog.entries().filter((entry) => entry.path === LEGACY || entry.path === DC_10).map((e) => `${e.path} ${e.status}`);

    test("an administrator's connection registers the webhook, and Jira then delivers to Pacer", async () => {
      const objectiveId = await createObjective(ctx(), world, 'Campaign');
      await linkItem(ctx(), world, `/api/v1/objectives/${objectiveId}`, { jql: epicJql(mode, CAMPAIGN_EPIC), metric: 'percent_done' });
      const expectedUrl = (await getWebhook(ctx(), world, origin)).url;

      const result = await register(world.connectionId);
      expect(result).toMatchObject({ registered: true, reason: null, instructions: null, webhook: { url: expectedUrl, registered: true, registeredAt: expect.any(String) } });
      expect(result.message).toMatch(/Jira accepted the webhook/);
      // Data Center 9 has no Jira 10 API: Pacer falls back to the old one.
      expect(registrationRequests()).toEqual(mode === 'cloud' ? [`${LEGACY} 201`] : [`${DC_10} 404`, `${LEGACY} 201`]);
      expect(sim.webhooks.list()).toEqual([expect.objectContaining({ url: expectedUrl, name: 'Pacer (Demo Jira)' })]);
      expect((await getWebhook(ctx(), world, origin)).registered).toBe(true);

      sim.store.update('AE-790', { summary: 'Edited after registering' });
      await sim.webhooks.idle();
      expect(sim.webhooks.deliveries().map((delivery) => delivery.status)).toEqual([202]);
      await waitFor('the webhook sync', async () => {
        const runs = await ctx().db.selectFrom('sync_runs').select('id').where('trigger', '=', 'webhook').execute();
        return runs.length === 1;
      }, ctx().config.webhookDebounceMs + 5_000);
    });

    if (mode === 'datacenter') {
      test('Data Center 10 registers through /rest/jira-webhook/1.0/webhooks', async () => {
        sim.updateSettings({ dataCenterVersion: '10.3.2' });
        const result = await register(world.connectionId);
        expect(result.registered).toBe(true);
        expect(registrationRequests()).toEqual([`${DC_10} 201`]);
        expect(sim.webhooks.list()).toHaveLength(1);
      });
    }

    test('a connection whose Jira user is no administrator gets instructions instead', async () => {
      const credentials = priyaCredentials(mode);
      const created = await ctx().request('POST', '/api/v1/integrations/jira/connections', {
        as: world.admin,
        body: { name: `Priya's Jira ${crypto.randomUUID().slice(0, 6)}`, url: sim.url, username: credentials.username, secret: credentials.secret },
      });
      expectOk(created, 201);
      const result = await register(created.json<{ id: string }>().id);
      expect(result).toMatchObject({ registered: false, reason: 'forbidden', webhook: { registered: false } });
      expect(result.message).toMatch(/may not create webhooks in Jira \(HTTP 403\): that takes a Jira administrator/);
      expect(result.instructions).toMatch(/WebHooks.*Paste the webhook URL/);
      expect(registrationRequests()).toEqual(mode === 'cloud' ? [`${LEGACY} 403`] : [`${DC_10} 404`, `${LEGACY} 403`]);
      expect(sim.webhooks.list()).toEqual([]);
    });

    test('only admins may see, rotate or register a webhook', async () => {
      for (const [method, suffix] of [['GET', ''], ['POST', '/rotate'], ['POST', '/register']] as const) {
        const response = await ctx().request(method, `${webhookPath(world.connectionId)}${suffix}`, { as: world.member });
        expect(response.statusCode).toBe(403);
      }
      expect((await ctx().request('GET', webhookPath(crypto.randomUUID()), { as: world.admin })).statusCode).toBe(404);
    });
  });
}
