/**
 * axe-core (WCAG 2.1 A and AA, and axe's best practices) finds nothing on any page or dialog of Pacer (issue 15), at a laptop's
 * width (1366 px) and a phone's (390 px): the OKR page (filled and empty), an objective's page with
 * each of its tabs, every admin page, the account page, and every dialog they open. Against the real
 * server and the Jira simulator; one objective is linked to Jira so its icon, issues and link dialogs
 * are there to check. Screenshots of each page land in .tmp/screenshots/ (accessibility-<width>-…).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { axeViolations } from './axe';
import { isoDaysFromToday, logIn } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const member = { name: 'Max Member', email: 'max@pacer.test', password: 'max password 1' };
const linkedObjective = 'Ship feature Email Campaigns';
const measuredObjective = 'Keep customers longer with a much better onboarding for every new team';
const keyResultTitle = 'Churn below 3%';
const manualObjective = 'Hire two engineers';

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;
let linkedObjectiveId: string;
let emptyCycleId: string;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  await api.post('/users', { ...member, role: 'member' });
  const cycle = await api.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(80) });
  emptyCycleId = (await api.post<Created>('/cycles', { name: 'Next quarter', startDate: isoDaysFromToday(81), endDate: isoDaysFromToday(170) })).id;
  await api.request('PUT', '/integrations/jira', { enabled: true });
  const connection = await api.post<Created>('/integrations/jira/connections', { name: 'Demo Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  linkedObjectiveId = (await api.post<Created>('/objectives', { cycleId: cycle.id, title: linkedObjective })).id;
  await api.request('PUT', `/objectives/${linkedObjectiveId}/integration`, { type: 'jira', connectionId: connection.id, jql: 'parent = AE-786', metric: 'percent_done' });
  const measured = await api.post<Created>('/objectives', { cycleId: cycle.id, title: measuredObjective, parentId: linkedObjectiveId });
  await api.post(`/objectives/${measured.id}/key-results`, { title: keyResultTitle, startValue: 5, targetValue: 3, unit: '%' });
  await api.post('/objectives', { cycleId: cycle.id, title: manualObjective, progressMode: 'manual' });
  browser = await launchBrowser(server.baseUrl);
  await browser.page.goto('/');
  await logIn(browser.page, admin.email, admin.password);
  await browser.page.getByRole('button', { name: `Account menu for ${admin.name}` }).waitFor();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `accessibility-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

/** Mantine's transitions fade content in; axe judges colours as drawn, so it waits for them to end. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 350)));
}

async function expectNoViolations(page: Page, where: string): Promise<void> {
  await settle(page);
  // Soft: one run lists every page's findings, not just the first.
  expect.soft(await axeViolations(page, undefined, { bestPractices: true }), where).toEqual([]);
}

/** Opens a dialog with `open`, checks it (and the page under it), then closes it with Escape. */
async function checkDialog(page: Page, where: string, open: () => Promise<void>, inside?: (page: Page) => Promise<void>): Promise<void> {
  await open();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await expectNoViolations(page, where);
  if (inside) await inside(page);
  await page.keyboard.press('Escape');
  // A dialog with edits may ask before discarding them (issue 15): confirm, then it is gone.
  const discard = page.getByRole('button', { name: /^Discard/ });
  if (await discard.isVisible().catch(() => false)) await discard.click();
  await dialog.waitFor({ state: 'detached' });
}

async function rowMenu(page: Page, subject: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${subject}`, exact: true }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

describe.each([
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
])('axe finds nothing at $width px', ({ width, height }) => {
  const shot = (page: Page, name: string) => screenshot(page, `accessibility-${width}-${name}`);

  beforeAll(async () => {
    await browser.page.setViewportSize({ width, height });
  });

  test('the OKR page and its dialogs', async () => {
    const { page } = browser;
    await page.goto('/okrs');
    await page.getByRole('article', { name: measuredObjective }).waitFor();
    await expectNoViolations(page, 'OKR page');
    await shot(page, 'okr-page');

    const newObjective = page.getByRole('button', { name: 'New objective' });
    await checkDialog(page, 'new objective dialog', () => newObjective.click());
    await checkDialog(page, 'new objective dialog, linking to Jira', () => newObjective.click(), async () => {
      await page.getByRole('button', { name: 'Add an integration' }).click();
      await settle(page);
      await shot(page, 'new-objective-integration');
      expect.soft(await axeViolations(page, undefined, { bestPractices: true }), 'choosing an integration').toEqual([]);
    });
    await checkDialog(page, 'edit linked objective dialog', () => rowMenu(page, linkedObjective, 'Edit'));
    await checkDialog(page, 'add key result dialog', () => rowMenu(page, measuredObjective, 'Add key result'));
    await checkDialog(page, 'objective check-in dialog', () => rowMenu(page, manualObjective, 'Check in'));
    await checkDialog(page, 'delete objective dialog', () => rowMenu(page, manualObjective, 'Delete'));
    await checkDialog(page, 'key result check-in dialog', () => rowMenu(page, keyResultTitle, 'Check in'));
    await checkDialog(page, 'edit key result dialog', () => rowMenu(page, keyResultTitle, 'Edit'));
    await checkDialog(page, 'delete key result dialog', () => rowMenu(page, keyResultTitle, 'Delete'));
    const cycleMenu = async (item: string) => {
      await page.getByRole('button', { name: 'Cycle settings' }).click();
      await page.getByRole('menuitem', { name: item }).click();
    };
    await checkDialog(page, 'new cycle dialog', () => cycleMenu('New cycle'));
    await checkDialog(page, 'edit cycle dialog', () => cycleMenu('Edit cycle'));
    await checkDialog(page, 'delete cycle dialog', () => cycleMenu('Delete cycle'));
  });

  test('the OKR page of a cycle without objectives', async () => {
    const { page } = browser;
    await page.goto(`/okrs?cycle=${emptyCycleId}`);
    await page.getByRole('heading', { name: 'Add an objective' }).waitFor();
    await expectNoViolations(page, 'empty OKR page');
    await shot(page, 'okr-page-empty');
  });

  test("an objective's page, each tab, and its dialogs", async () => {
    const { page } = browser;
    await page.goto(`/objectives/${linkedObjectiveId}`);
    await page.getByRole('heading', { name: linkedObjective }).waitFor();
    for (const tab of ['Overview', /^Issues/, 'Activity', 'History']) {
      await page.getByRole('tab', { name: tab }).click();
      await expectNoViolations(page, `objective page, ${String(tab)} tab`);
      await shot(page, `objective-${String(tab).replace(/\W+/g, '')}`);
    }
    await page.getByRole('tab', { name: 'Overview' }).click();
    await checkDialog(page, 'edit link dialog', () => page.getByRole('button', { name: 'Edit link' }).click());
    await checkDialog(page, 'unlink dialog', () => page.getByRole('button', { name: 'Unlink' }).click());
    await checkDialog(page, 'edit objective dialog from its page', () => page.getByRole('button', { name: 'Edit', exact: true }).click());
  });

  test('every admin page, the account page and their dialogs', async () => {
    const { page } = browser;
    await page.goto('/admin/users');
    await page.getByRole('button', { name: /Add user/ }).waitFor();
    await expectNoViolations(page, 'Admin > Users');
    await shot(page, 'admin-users');
    await checkDialog(page, 'add user dialog', () => page.getByRole('button', { name: /Add user/ }).click());
    await checkDialog(page, 'API tokens dialog', () => page.getByRole('button', { name: `API tokens of ${member.name}` }).click());

    await page.goto('/admin/settings');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('.mantine-Skeleton-root').first().waitFor({ state: 'detached' }).catch(() => undefined);
    await expectNoViolations(page, 'Admin > Settings');
    await shot(page, 'admin-settings');

    await page.goto('/admin/integrations');
    await page.getByRole('link', { name: 'Manage' }).waitFor();
    await expectNoViolations(page, 'Admin > Integrations');
    await shot(page, 'admin-integrations');
    await checkDialog(page, 'disable integration dialog', () => page.getByRole('button', { name: 'Disable integration' }).click());

    await page.goto('/admin/integrations/jira');
    await page.getByRole('button', { name: 'Actions for Demo Jira' }).waitFor();
    await expectNoViolations(page, 'Admin > Integrations > Jira');
    await shot(page, 'admin-jira');
    await checkDialog(page, 'new connection dialog', () => page.getByRole('button', { name: /New connection/i }).click());
    await checkDialog(page, 'edit connection dialog', () => rowMenu(page, 'Demo Jira', 'Edit'));
    await checkDialog(page, 'webhook dialog', () => rowMenu(page, 'Demo Jira', 'Webhook…'));
    await checkDialog(page, 'delete connection dialog', () => rowMenu(page, 'Demo Jira', 'Delete'));

    await page.goto('/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await expectNoViolations(page, 'account page');
    await shot(page, 'account');
  });
});
