/**
 * The admin pages on a phone (390 px, issue 15), in Chromium against the real server and the Jira
 * simulator: no admin page scrolls sideways and axe finds nothing on any of them; the Jira
 * connections are stacked cards (name, URL, deployment, Jira user, health) instead of a six-column
 * table, and every action of a connection's "…" menu is on screen and works from the card. At
 * 1366 px the same page keeps its table. Screenshots in .tmp/screenshots/ (admin-phone-…).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession } from './api-seed';
import { axeViolations } from './axe';
import { logIn } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const connectionName = 'Demo Jira';
const scopedName = 'Operations Jira, scoped to one project';
const ACTIONS = ['Edit', 'Test connection', 'Refresh all linked items', 'Webhook…', 'Delete'];

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;
/** Every admin page the navigation offers, plus the Jira connections page under Integrations. */
let adminPaths: string[];

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  await api.request('PUT', '/integrations/jira', { enabled: true });
  await api.post('/integrations/jira/connections', { name: connectionName, url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  await api.post('/integrations/jira/connections', {
    name: scopedName,
    url: `${sim.url}/`,
    username: 'dana@example.com',
    secret: 'sim-api-token-dana',
    scopeJql: 'project = AE',
    linkAccess: 'admins',
  });
  browser = await launchBrowser(server.baseUrl);
  const { page } = browser;
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('/');
  await logIn(page, admin.email, admin.password);
  await page.getByRole('button', { name: `Account menu for ${admin.name}` }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const hrefs = await nav.getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  adminPaths = [...new Set([...hrefs.filter((href) => href.startsWith('/admin')), '/admin/integrations/jira'])];
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `admin-phone-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

async function showAdminPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  // Skeletons and lazy chunks gone: the page as people read it.
  await page.locator('.mantine-Skeleton-root').first().waitFor({ state: 'detached' }).catch(() => undefined);
  await page.waitForTimeout(300);
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the admin pages at 390 px', () => {
  test('no admin page scrolls sideways, and axe finds nothing on any of them', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    expect(adminPaths.length, `admin pages found in the navigation: ${adminPaths.join(', ')}`).toBeGreaterThanOrEqual(4);
    for (const path of adminPaths) {
      await showAdminPage(page, path);
      await screenshot(page, `admin-phone-390${path.replace(/\W+/g, '-')}`);
      expect.soft(await pageWidth(page), `document width of ${path} at 390 px`).toBeLessThanOrEqual(390);
      expect.soft(await axeViolations(page), `axe on ${path} at 390 px`).toEqual([]);
    }
  });

  test('Jira connections are cards with every column, and every action of their menu is on screen and works', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await showAdminPage(page, '/admin/integrations/jira');
    expect(await page.getByRole('table', { name: 'Jira connections' }).count(), 'no table at 390 px').toBe(0);
    const list = page.getByRole('list', { name: 'Jira connections' });
    const card = list.getByRole('article', { name: scopedName });
    await card.waitFor();
    expect(await list.getByRole('article').count()).toBe(2);
    for (const text of ['Scope: project = AE', 'Admins only', 'Deployment', 'Cloud', 'Jira user', 'Dana Whitfield', 'Health', 'ok']) {
      expect(await card.getByText(text, { exact: true }).count(), `the card shows "${text}"`).toBeGreaterThan(0);
    }
    const box = await card.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390, `the card fits the screen: ${JSON.stringify(box)}`).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);
    await screenshot(page, 'admin-phone-390-jira-cards');

    const menuButton = card.getByRole('button', { name: `Actions for ${scopedName}` });
    await menuButton.click();
    for (const action of ACTIONS) {
      const item = page.getByRole('menuitem', { name: action, exact: true });
      await item.waitFor();
      const itemBox = await item.boundingBox();
      expect(itemBox && itemBox.x >= 0 && itemBox.x + itemBox.width <= 390 && itemBox.y + itemBox.height <= 844, `"${action}" is on screen: ${JSON.stringify(itemBox)}`).toBe(true);
    }
    await screenshot(page, 'admin-phone-390-jira-card-menu');
    await page.getByRole('menuitem', { name: 'Test connection', exact: true }).click();
    await page.getByText(`“${scopedName}” works`).waitFor();

    await card.getByRole('button', { name: `Actions for ${scopedName}` }).click();
    await page.getByRole('menuitem', { name: 'Webhook…', exact: true }).click();
    const webhook = page.getByRole('dialog', { name: `Webhook for “${scopedName}”` });
    await webhook.waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');
    await webhook.waitFor({ state: 'detached' });

    await card.getByRole('button', { name: `Actions for ${scopedName}` }).click();
    await page.getByRole('menuitem', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Jira connection' });
    await edit.waitFor();
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await screenshot(page, 'admin-phone-390-jira-edit');
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });
  });

  test('at 1366 px the Jira connections stay a table', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 900 });
    await showAdminPage(page, '/admin/integrations/jira');
    const table = page.getByRole('table', { name: 'Jira connections' });
    await table.getByRole('row', { name: scopedName, exact: true }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(1366);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-phone-1366-jira-table');
  });
});
