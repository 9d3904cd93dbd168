/**
 * Only an OKR's owner and admins change it (issue 13): in Chromium against the real server, a
 * member sees someone else's objective and key result read-only (no Edit, Delete, Check in or Add
 * key result in the row menus, no Edit, Check in or Add an integration on its page), keeps every
 * action on their own objective, and sees the actions again once an admin lets everyone edit
 * every OKR; the admin turns that on and off with the switch on Admin > Settings. axe-core
 * (WCAG 2.1 A/AA) runs on the read-only views and the settings page. Screenshots in .tmp/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { axeViolations } from './axe';
import { isoDaysFromToday, logIn, logOut } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const member = { name: 'Max Member', email: 'max@pacer.test', password: 'max password 1' };
const adminsObjective = 'Company-wide: cut churn';
const adminsKeyResult = 'Churn below 3%';
const membersObjective = 'Max: faster onboarding';

let server: RunningServer;
let browser: BrowserSession;
let adminApi: ApiSession;
let adminsObjectiveId: string;
const shot = (page: Page, name: string) => screenshot(page, `okr-permissions-${name}`);

beforeAll(async () => {
  server = await startServer();
  adminApi = new ApiSession(server.baseUrl);
  await adminApi.post('/setup', admin);
  await adminApi.post('/users', { ...member, role: 'member' });
  const cycle = await adminApi.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(80) });
  adminsObjectiveId = (await adminApi.post<Created>('/objectives', { cycleId: cycle.id, title: adminsObjective })).id;
  await adminApi.post(`/objectives/${adminsObjectiveId}/key-results`, { title: adminsKeyResult, startValue: 5, targetValue: 3, unit: '%' });
  browser = await launchBrowser(server.baseUrl);
  await browser.page.goto('/');
  await logIn(browser.page, member.email, member.password);
  await browser.page.getByRole('button', { name: `Account menu for ${member.name}` }).waitFor();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await shot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The labels of a row's "…" menu, which is then closed again. */
async function menuItems(page: Page, subject: string): Promise<string[]> {
  await page.getByRole('button', { name: `Actions for ${subject}`, exact: true }).click();
  const menu = page.getByRole('menu');
  await menu.waitFor();
  const labels = (await menu.getByRole('menuitem').allTextContents()).map((text) => text.trim());
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  return labels;
}

describe('a member and OKRs they do not own', () => {
  test("someone else's objective and key result offer only Open (and aligning a new objective) in their row menus", async () => {
    const { page } = browser;
    await page.getByRole('article', { name: adminsObjective }).waitFor();
    expect(await menuItems(page, adminsObjective)).toEqual(['Open', 'Add aligned objective']);
    expect(await menuItems(page, adminsKeyResult)).toEqual(['Open']);
    // The page as the member sees it (axe is run with the menus closed: Mantine's open Menu trips
    // aria-required-children by its own focus trap, which is not ours to fix here).
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Actions for ${adminsObjective}`, exact: true }).click();
    await page.getByRole('menu').waitFor();
    await shot(page, '01-read-only-menu');
    await page.keyboard.press('Escape');

    // Creating stays open: the member's own objective offers everything.
    await page.getByRole('button', { name: 'New objective' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New objective' });
    await dialog.getByLabel('Title').fill(membersObjective);
    await dialog.getByRole('button', { name: 'Create objective' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('article', { name: membersObjective }).waitFor();
    expect(await menuItems(page, membersObjective)).toEqual(['Open', 'Edit', 'Add key result', 'Add aligned objective', 'Delete']);
  });

  test("someone else's objective page shows no Edit, Check in or Add an integration, and passes axe", async () => {
    const { page } = browser;
    await page.goto(`/objectives/${adminsObjectiveId}`);
    await page.getByRole('heading', { name: adminsObjective, level: 1 }).waitFor();
    await page.getByText('Its owner or an admin can link it to Jira.').waitFor();
    for (const name of ['Edit', 'Check in', 'Add an integration', 'Refresh from Jira']) {
      await expect(page.getByRole('button', { name, exact: true }).count(), name).resolves.toBe(0);
    }
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '02-read-only-page');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, '03-read-only-page-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('once an admin lets everyone edit every OKR, the member gets the actions back', async () => {
    const { page } = browser;
    await adminApi.request('PATCH', '/settings', { everyoneMayEditOkrs: true });
    await page.goto('/okrs');
    await page.getByRole('article', { name: adminsObjective }).waitFor();
    expect(await menuItems(page, adminsObjective)).toEqual(['Open', 'Edit', 'Add key result', 'Add aligned objective', 'Delete']);
    expect(await menuItems(page, adminsKeyResult)).toEqual(['Open', 'Check in', 'Edit', 'Delete']);
    await adminApi.request('PATCH', '/settings', { everyoneMayEditOkrs: false });
  });

  test('the admin switches "Everyone may edit every OKR" on Admin > Settings', async () => {
    const { page } = browser;
    await logOut(page, member.name);
    await logIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    const toggle = page.getByRole('switch', { name: 'Everyone may edit every OKR' });
    await toggle.waitFor({ state: 'attached' });
    await expect(toggle.isChecked()).resolves.toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    // Mantine's switch input lies over the track and takes the click, as a person's would.
    await toggle.click();
    await page.getByText('Everyone may now edit every OKR.').waitFor();
    await expect(toggle.isChecked()).resolves.toBe(true);
    await expect(adminApi.request<{ everyoneMayEditOkrs: boolean }>('GET', '/settings')).resolves.toMatchObject({ everyoneMayEditOkrs: true });
    await shot(page, '04-settings-switch-on');
    await toggle.click();
    await page.getByText('Only owners and admins may now edit OKRs.').waitFor();
    await expect(adminApi.request<{ everyoneMayEditOkrs: boolean }>('GET', '/settings')).resolves.toMatchObject({ everyoneMayEditOkrs: false });
  });
});
