/**
 * The webhook of a Jira connection in headless Chromium, against the real Pacer server and the Jira
 * simulator (Cloud, demo scenario) in this process: an admin opens "Webhook…" from the connection's
 * row menu, copies nothing by hand but presses "Register in Jira"; the simulator then delivers a
 * change, the linked objective's progress follows without a refresh, and the connections table
 * shows the connection as Live. A connection whose Jira user is no administrator gets the steps to
 * register it by hand. Screenshots land in .tmp/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { isoDaysFromToday, logIn, openRowMenu } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;
let api: ApiSession;
let objectiveId: string;
const shot = (page: Page, name: string) => screenshot(page, `jira-webhooks-${name}`);

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  server = await startServer();
  api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  await api.request('PUT', '/integrations/jira', { enabled: true });
  const connection = await api.post<Created>('/integrations/jira/connections', {
    name: 'Demo Jira',
    url: sim.url,
    username: 'dana@example.com',
    secret: 'sim-api-token-dana',
  });
  await api.post('/integrations/jira/connections', { name: "Priya's Jira", url: sim.url, username: 'priya@example.com', secret: 'sim-api-token-priya' });
  const cycle = await api.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-4), endDate: isoDaysFromToday(16) });
  objectiveId = (await api.post<Created>('/objectives', { cycleId: cycle.id, title: 'Ship feature Email Campaigns' })).id;
  await api.request('PUT', `/objectives/${objectiveId}/integration`, { type: 'jira', connectionId: connection.id, jql: 'parent = AE-786', metric: 'percent_done' });
  browser = await launchBrowser(server.baseUrl);
  await browser.page.goto('/');
  await logIn(browser.page, admin.email, admin.password);
  await browser.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await shot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

async function openConnections(page: Page): Promise<void> {
  await page.goto('/admin/integrations/jira');
  await page.getByRole('table', { name: 'Jira connections' }).waitFor();
}

test('an admin registers the webhook from the row menu; a change in Jira moves progress and the connection is Live', async () => {
  const { page } = browser;
  await openConnections(page);
  const row = page.getByRole('row', { name: 'Demo Jira', exact: true });
  await expect(row.getByTestId('live-badge').count()).resolves.toBe(0);
  await openRowMenu(page, 'Demo Jira', 'Webhook…');
  const dialog = page.getByRole('dialog', { name: 'Webhook for “Demo Jira”' });
  const url = await dialog.getByTestId('webhook-url').inputValue();
  expect(url).toMatch(new RegExp(`^${server.baseUrl}/api/v1/webhooks/jira/[0-9a-f-]+\\?token=`));
  await dialog.getByText('Not live: Jira has not delivered an event yet').waitFor();
  await shot(page, '01-dialog');

  await dialog.getByRole('button', { name: 'Register in Jira' }).click();
  await dialog.getByText('Registered in Jira').waitFor();
  expect(sim.webhooks.list().map((webhook) => webhook.url)).toEqual([url]);
  await shot(page, '02-registered');

  // A story joins the epic in Jira: 3 of 11 done.
  sim.store.create({ projectKey: 'AE', summary: 'Filed in Jira', issueType: 'Story', parentKey: 'AE-786' });
  const deadline = Date.now() + 10_000;
  let progress: number | null = null;
  while (Date.now() < deadline && progress !== 0.2727) {
    progress = Math.round(((await api.request<{ progress: number | null }>('GET', `/objectives/${objectiveId}`)).progress ?? 0) * 10_000) / 10_000;
    if (progress !== 0.2727) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(progress).toBe(0.2727);
  await dialog.getByRole('button', { name: 'Close' }).click().catch(() => page.keyboard.press('Escape'));
  await dialog.waitFor({ state: 'detached' });

  await openConnections(page);
  await row.getByTestId('live-badge').waitFor();
  await shot(page, '03-live');
});

test("a connection whose Jira user is no administrator gets the steps to register it by hand", async () => {
  const { page } = browser;
  await openConnections(page);
  await openRowMenu(page, "Priya's Jira", 'Webhook…');
  const dialog = page.getByRole('dialog', { name: "Webhook for “Priya's Jira”" });
  await dialog.getByRole('button', { name: 'Register in Jira' }).click();
  const result = dialog.getByTestId('webhook-result');
  await result.getByText('Register it in Jira by hand').waitFor();
  await result.getByText(/that takes a Jira administrator/).waitFor();
  await result.getByText(/Settings \(the cog\) > System > WebHooks/).waitFor();
  await shot(page, '04-instructions');
});
