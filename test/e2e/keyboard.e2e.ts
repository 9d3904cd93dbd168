/**
 * Pacer by keyboard alone (issue 15), in Chromium against the real server and the Jira simulator: the
 * first Tab offers "Skip to content"; a member creates an objective, checks in on it and links it to
 * Jira with a previewed JQL query, using only Tab, arrows, Enter, Escape and typing; after every menu
 * and dialog closes (saved, cancelled or escaped), focus is back on the control that opened it, and
 * the Jira mark's tooltip shows on focus.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession } from './api-seed';
import { isoDaysFromToday, signedInBrowser } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const member = { name: 'Kim Keys', email: 'kim@pacer.test', password: 'kim password 1' };
const title = 'Reach every screen reader user';

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  await api.post('/users', { ...member, role: 'member' });
  await api.post('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-4), endDate: isoDaysFromToday(16) });
  await api.request('PUT', '/integrations/jira', { enabled: true });
  await api.post('/integrations/jira/connections', { name: 'Demo Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  browser = await signedInBrowser(server.baseUrl, member, { width: 1366, height: 900 });
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `keyboard-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

/** What a screen reader would call the focused element, near enough: its aria-label, its label, or its text. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '<body>';
    const labelled = element.getAttribute('aria-labelledby');
    const byId = labelled ? document.getElementById(labelled)?.textContent : null;
    const label = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element.labels?.[0]?.textContent : null;
    return (element.getAttribute('aria-label') ?? byId ?? label ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

/** Presses `key` until the focused element's name matches `name` (at most `max` times); fails naming where focus went. */
async function pressUntilFocused(page: Page, key: string, name: string | RegExp, max = 60): Promise<void> {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  const seen: string[] = [];
  for (let step = 0; step < max; step++) {
    await page.keyboard.press(key);
    const now = await focusedName(page);
    if (matches(now)) return;
    seen.push(now);
  }
  throw new Error(`${key} never reached "${String(name)}"; focus went through: ${seen.join(' → ')}`);
}

async function expectFocusOn(page: Page, name: string, when: string): Promise<void> {
  // Focus comes back a moment after the dialog or menu has gone (after Mantine's own 10 ms return).
  await page.waitForFunction(() => document.activeElement !== document.body, undefined, { timeout: 2_000 }).catch(() => undefined);
  expect(await focusedName(page), `focus ${when}`).toBe(name);
}

/**
 * Opens the focused menu button with Enter and waits until focus is inside the menu, as a person
 * would see it before the next key: Mantine moves focus into the dropdown a moment after it mounts,
 * and a key pressed before that goes to the button (an early Escape then leaves the menu open).
 */
async function openMenuFromFocusedButton(page: Page): Promise<void> {
  await page.keyboard.press('Enter');
  await page.getByRole('menu').waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('[role="menu"]') != null, undefined, { timeout: 5_000 });
}

/** Opens a row's "…" menu from its focused button and picks `item` with the arrow keys. */
async function chooseFromRowMenu(page: Page, item: string): Promise<void> {
  await openMenuFromFocusedButton(page);
  if ((await focusedName(page)) !== item) await pressUntilFocused(page, 'ArrowDown', item, 10);
  await page.keyboard.press('Enter');
}

describe('keyboard only', () => {
  test('the first Tab offers "Skip to content", which moves focus into the page', async () => {
    const { page } = browser;
    await page.goto('/okrs');
    await page.getByRole('heading', { name: 'Add an objective' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Skip to content');
    await expect(page.getByRole('link', { name: 'Skip to content' }).isVisible()).resolves.toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Add an objective');
  });

  test('creates an objective, checks in and links it to Jira, focus returning to the opener each time', async () => {
    const { page } = browser;
    await page.goto('/okrs');
    await page.getByRole('heading', { name: 'Add an objective' }).waitFor();

    // Create: the header's "New objective", a title, progress by check-ins, Create.
    await pressUntilFocused(page, 'Tab', 'New objective');
    await page.keyboard.press('Enter');
    const create = page.getByRole('dialog', { name: 'New objective' });
    await create.waitFor();
    // Labels of required fields end in Mantine's " *".
    expect(await focusedName(page)).toMatch(/^Title\b/);
    await page.keyboard.type(title);
    await pressUntilFocused(page, 'Tab', 'Its key results (weighted average)');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Manual check-ins on the objective itself');
    await pressUntilFocused(page, 'Tab', 'Create objective');
    await page.keyboard.press('Enter');
    await create.waitFor({ state: 'detached' });
    await page.getByRole('article', { name: title }).waitFor();
    await expectFocusOn(page, 'New objective', 'after creating the objective');

    // A menu closed with Escape gives focus back to its button.
    const actions = `Actions for ${title}`;
    await pressUntilFocused(page, 'Tab', actions);
    await openMenuFromFocusedButton(page);
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expectFocusOn(page, actions, 'after Escape in the row menu');

    // Check in: the dialog's value field has focus; saved with Enter.
    await chooseFromRowMenu(page, 'Check in');
    const checkIn = page.getByRole('dialog', { name: 'Check in' });
    await checkIn.waitFor();
    await page.keyboard.type('40');
    await pressUntilFocused(page, 'Tab', /^Note\b/);
    await page.keyboard.type('Audit of the main pages done');
    await pressUntilFocused(page, 'Tab', 'Save check-in');
    await page.keyboard.press('Enter');
    await checkIn.waitFor({ state: 'detached' });
    await page.getByRole('article', { name: title }).getByText('40%').waitFor();
    await expectFocusOn(page, actions, 'after saving the check-in');

    // A dialog closed with Escape gives focus back to the menu's button too.
    await chooseFromRowMenu(page, 'Edit');
    const edit = page.getByRole('dialog', { name: 'Edit objective' });
    await edit.waitFor();
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });
    await expectFocusOn(page, actions, 'after Escape in the edit dialog');

    // Link to Jira: Edit, Add an integration, Jira, a JQL query, Preview, Save.
    await chooseFromRowMenu(page, 'Edit');
    await edit.waitFor();
    await pressUntilFocused(page, 'Tab', 'Add an integration');
    await page.keyboard.press('Enter');
    await pressUntilFocused(page, 'Tab', /^Jira/);
    await page.keyboard.press('Enter');
    await pressUntilFocused(page, 'Tab', /^JQL\b/);
    await page.keyboard.type('parent = AE-786');
    await pressUntilFocused(page, 'Tab', 'Preview');
    await page.keyboard.press('Enter');
    const summary = edit.getByRole('region', { name: 'Preview' }).getByTestId('preview-summary');
    await summary.filter({ hasText: /^10 issues match/ }).waitFor();
    await pressUntilFocused(page, 'Tab', 'Save objective');
    await page.keyboard.press('Enter');
    await edit.waitFor({ state: 'detached' });
    const row = page.getByRole('article', { name: title });
    await row.getByRole('img', { name: 'Linked to Jira' }).waitFor();
    await expectFocusOn(page, actions, 'after linking to Jira');

    // The Jira mark is a Tab stop, and its tooltip names the connection on focus (not only on hover).
    await pressUntilFocused(page, 'Shift+Tab', 'Linked to Jira', 10);
    await page.getByRole('tooltip').filter({ hasText: 'Demo Jira' }).waitFor();
    await screenshot(page, 'keyboard-jira-tooltip-on-focus');
  });
});
