/**
 * Webhook registration through the client, against the simulator: the API each deployment takes
 * (Data Center 9 falls back from Jira 10's API), no retry of a create (a retry after a lost answer
 * would leave two webhooks), and the client's URL check before anything is sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiraClient } from './client';
import { JiraError } from './errors';
import { UnsafeJiraUrlError } from './url-safety';
import { DC_10_WEBHOOKS_PATH, LEGACY_WEBHOOKS_PATH } from './webhooks';
import { danaAuth, startSimHarness, type Mode, type SimHarness } from '../../../test/support/jira-sim-harness';

const webhook = { name: 'Pacer (test)', url: 'https://pacer.example/api/v1/webhooks/jira/abc?token=secret', events: ['jira:issue_updated'] };

describe.each<Mode>(['cloud', 'datacenter'])('registering a webhook through the client on the %s simulator', (mode) => {
  let jira: SimHarness;

  beforeAll(async () => {
    jira = await startSimHarness(mode);
  });
  afterAll(() => jira.close());
  beforeEach(async () => {
    jira.sim.reset();
    await jira.settings({ dataCenterVersion: '9.12.15' });
    await jira.clearRequests();
  });

  const paths = async () => (await jira.requests()).map((entry) => `${entry.path} ${entry.status}`);

  it('creates the webhook on the API this deployment has', async () => {
    const result = await jira.client({ deploymentType: mode }).registerWebhook(webhook);
    expect(result).toEqual({ endpoint: LEGACY_WEBHOOKS_PATH });
    expect(await paths()).toEqual(mode === 'cloud' ? [`${LEGACY_WEBHOOKS_PATH} 201`] : [`${DC_10_WEBHOOKS_PATH} 404`, `${LEGACY_WEBHOOKS_PATH} 201`]);
    expect(jira.sim.webhooks.list()).toEqual([expect.objectContaining({ url: webhook.url })]);

    if (mode === 'datacenter') {
      jira.sim.reset();
      await jira.settings({ dataCenterVersion: '10.3.2' });
      await jira.clearRequests();
      expect(await jira.client({ deploymentType: mode }).registerWebhook(webhook)).toEqual({ endpoint: DC_10_WEBHOOKS_PATH });
      expect(await paths()).toEqual([`${DC_10_WEBHOOKS_PATH} 201`]);
    }
  });

  it('does not retry a create that failed: one request, the error carries the status', async () => {
    await jira.setFaults({ failNext: { count: 1, status: 503 } });
    const client = jira.client({ deploymentType: mode, retry: { baseDelayMs: 1 } });
    const error = await client.registerWebhook(webhook).catch((e: unknown) => e);
    await jira.clearFaults();
    expect(error).toBeInstanceOf(JiraError);
    expect((error as JiraError).status).toBe(503);
    expect((await paths()).length).toBe(1);
    expect(jira.sim.webhooks.list()).toEqual([]);
  });
});

describe('the client checks the Jira URL before registering', () => {
  it('refuses a metadata address and sends nothing', async () => {
    let sent = 0;
    const client = createJiraClient({
      baseUrl: 'http://169.254.169.254',
      auth: danaAuth('cloud'),
      deploymentType: 'cloud',
      fetchImpl: () => {
        sent += 1;
        return Promise.reject(new Error('must not be called'));
      },
    });
    await expect(client.registerWebhook(webhook)).rejects.toBeInstanceOf(UnsafeJiraUrlError);
    expect(sent).toBe(0);
  });
});
