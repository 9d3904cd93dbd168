/**
 * The OKR page on a phone (390 px, issue 15), in Chromium against the real server: each objective and
 * key result is a card with its whole title (wrapped, not cut), its status, its progress and, when
 * linked, the Jira mark; nothing scrolls sideways; a tap on a title, or anywhere else on the card,
 * opens the item, while the card's own buttons still do their own thing. Taps are real touch events
 * (the DevTools protocol's touch input with touch emulation on), not mouse clicks.
 */
import type { CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { isoDaysFromToday, logIn } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const longTitle = 'Make onboarding effortless for every new team, from the first sign-up to the first shipped goal';
const keyResultTitle = 'Time to first objective below ten minutes for nine teams in ten';
const linkedTitle = 'Ship feature Email Campaigns';

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;
let cdp: CDPSession;
let objectiveId: string;
let keyResultId: string;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  const cycle = await api.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(80) });
  objectiveId = (await api.post<Created>('/objectives', { cycleId: cycle.id, title: longTitle })).id;
  keyResultId = (await api.post<Created>(`/objectives/${objectiveId}/key-results`, { title: keyResultTitle, startValue: 0, targetValue: 10, unit: 'teams' })).id;
  await api.request('PUT', '/integrations/jira', { enabled: true });
  const connection = await api.post<Created>('/integrations/jira/connections', { name: 'Demo Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  const linked = await api.post<Created>('/objectives', { cycleId: cycle.id, title: linkedTitle });
  await api.request('PUT', `/objectives/${linked.id}/integration`, { type: 'jira', connectionId: connection.id, jql: 'parent = AE-786', metric: 'percent_done' });
  browser = await launchBrowser(server.baseUrl);
  await browser.page.setViewportSize({ width: 390, height: 844 });
  cdp = await browser.context.newCDPSession(browser.page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await browser.page.goto('/');
  await logIn(browser.page, admin.email, admin.password);
  await browser.page.getByRole('button', { name: `Account menu for ${admin.name}` }).waitFor();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `phone-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

/** A finger's tap at a point of `target` (its centre, or `at` from its top-left corner). */
async function tap(target: Locator, at?: { x: number; y: number }): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to tap: the element is not on screen');
  const point = { x: box.x + (at?.x ?? box.width / 2), y: box.y + (at?.y ?? box.height / 2) };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function openOkrPage(page: Page): Promise<void> {
  await page.goto('/okrs');
  await page.getByRole('article', { name: longTitle }).waitFor();
}

describe('the OKR page at 390 px', () => {
  test('shows each item as a card with its whole title, status, progress and Jira mark, without sideways scrolling', async () => {
    const { page } = browser;
    await openOkrPage(page);
    await screenshot(page, 'phone-okr-page');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const title of [longTitle, keyResultTitle, linkedTitle]) {
      const card = page.getByRole('article', { name: title });
      const link = card.getByRole('link', { name: title });
      // Whole: the text is not clipped (no ellipsis), so it fits the box it is drawn in.
      const clipped = await link.evaluate((element) => {
        const box = element.closest('h2') ?? element;
        return box.scrollWidth > box.clientWidth + 1;
      });
      expect(clipped, `title of "${title}" is cut`).toBe(false);
      await expect(card.getByTestId('status-word').isVisible()).resolves.toBe(true);
      // The bar's track (a 0% bar's filled part has no width to be seen).
      await expect(card.locator('.mantine-Progress-root').isVisible()).resolves.toBe(true);
      await expect(card.getByTestId('percent').isVisible()).resolves.toBe(true);
      const cardBox = await card.boundingBox();
      expect(cardBox && cardBox.x >= 0 && cardBox.x + cardBox.width <= 390, `card of "${title}" fits the screen`).toBe(true);
    }
    // The long title wraps over several lines instead.
    const titleHeight = (await page.getByRole('article', { name: longTitle }).getByRole('heading').boundingBox())?.height ?? 0;
    expect(titleHeight).toBeGreaterThan(30);
    await expect(page.getByRole('article', { name: linkedTitle }).getByRole('img', { name: 'Linked to Jira' }).isVisible()).resolves.toBe(true);
  });

  test('a tap on an objective’s title opens the objective', async () => {
    const { page } = browser;
    await openOkrPage(page);
    await tap(page.getByRole('article', { name: longTitle }).getByRole('link', { name: longTitle }));
    await page.waitForURL(`**/objectives/${objectiveId}`);
    await page.getByRole('heading', { name: longTitle, level: 1 }).waitFor();
    await screenshot(page, 'phone-objective-page');
  });

  test('a tap elsewhere on a card (its progress) opens the item, and the card’s menu button still opens its menu', async () => {
    const { page } = browser;
    await openOkrPage(page);
    const card = page.getByRole('article', { name: keyResultTitle });
    await tap(card.getByRole('button', { name: `Actions for ${keyResultTitle}` }));
    await page.getByRole('menuitem', { name: 'Open' }).waitFor();
    expect(page.url()).toMatch(/\/okrs/);
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await tap(card.getByTestId('percent'));
    await page.waitForURL(`**/key-results/${keyResultId}`);
  });
});
