/**
 * The item page's Issues tab over a link of 120 stories (against the real server and the Jira
 * simulator): it pages by 50 with Next and Previous, shows the range and total, searches keys and
 * summaries, filters to the open issues, and shows the Points column of a points_done link.
 * Screenshots at desktop width and at 390 px land in .tmp/screenshots/.
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
const member = { name: 'Dana Member', email: 'dana@pacer.test', password: 'dana password 1' };
const objectiveTitle = 'Ship the reporting suite';
const STORIES = 120;

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;
let objectiveId: string;
const storyKeys: string[] = [];
const shot = (page: Page, name: string) => screenshot(page, `jira-issue-list-${name}`);

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  const epic = sim.store.create({ projectKey: 'AE', summary: 'Reporting suite', issueType: 'Epic' });
  for (let i = 1; i <= STORIES; i++) {
    const story = sim.store.create({
      projectKey: 'AE',
      issueType: 'Story',
      parentKey: epic.key,
      summary: i % 10 === 0 ? `Export report ${i} to CSV` : `Report widget ${i}`,
      status: i % 4 === 0 ? 'Done' : 'In Progress',
      storyPoints: (i % 5) + 1,
    });
    storyKeys.push(story.key);
  }
  server = await startServer();
  const adminApi = new ApiSession(server.baseUrl);
  await adminApi.post('/setup', admin);
  await adminApi.post('/users', { ...member, role: 'member' });
  const cycle = await adminApi.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-4), endDate: isoDaysFromToday(16) });
  await adminApi.request('PUT', '/integrations/jira', { enabled: true });
  const connection = await adminApi.post<Created>('/integrations/jira/connections', { name: 'Demo Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  // The linking dialog has its own spec (jira-linking); here the link is made the way a script would.
  objectiveId = (await adminApi.post<Created>('/objectives', { cycleId: cycle.id, title: objectiveTitle })).id;
  await adminApi.request('PUT', `/objectives/${objectiveId}/integration`, { type: 'jira', connectionId: connection.id, jql: `parent = ${epic.key}`, metric: 'points_done' });
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
  await sim?.close();
});

/** SegmentedControl hides its radio inputs behind their labels, so a person (and this) clicks the label. */
async function chooseSegment(page: Page, name: string): Promise<void> {
  const id = await page.getByRole('radio', { name, exact: true }).getAttribute('id');
  if (!id) throw new Error(`The "${name}" option has no id to find its label by`);
  await page.locator(`label[for="${id}"]`).click();
}

async function issueKeysShown(page: Page): Promise<string[]> {
  return page.getByRole('table').getByRole('link').allTextContents();
}

async function waitForRange(page: Page, text: string): Promise<void> {
  await page.getByTestId('issues-range').filter({ hasText: text }).waitFor();
  // The previous page stays on screen (dimmed) until the new one arrives.
  await page.locator('[aria-busy="false"]').filter({ has: page.getByRole('table') }).waitFor();
}

describe('the Issues tab of a linked objective', () => {
  test('pages through 120 issues by 50, in Jira order, with Next and Previous', async () => {
    const { page } = browser;
    await page.goto(`/objectives/${objectiveId}`);
    await page.getByRole('heading', { name: objectiveTitle, level: 1 }).waitFor();
    await page.getByRole('tab', { name: /^Issues/ }).click();
    await page.getByText(`${STORIES} matching issues, 30 done, at the last sync.`).waitFor();
    await waitForRange(page, `Issues 1–50 of ${STORIES}`);
    await page.getByRole('columnheader', { name: 'Points' }).waitFor();
    expect(await issueKeysShown(page)).toEqual(storyKeys.slice(0, 50));
    // Story 1 has 2 points, story 4 is done.
    const firstRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: storyKeys[0], exact: true }) });
    await expect(firstRow.getByRole('cell').last().textContent()).resolves.toBe('2');
    const previous = page.getByRole('button', { name: 'Previous' });
    const next = page.getByRole('button', { name: 'Next' });
    await expect(previous.isDisabled()).resolves.toBe(true);
    expect(await axeViolations(page, '[data-testid="issues-panel"]')).toEqual([]);
    await shot(page, '01-first-page');

    await next.click();
    await waitForRange(page, `Issues 51–100 of ${STORIES}`);
    expect(await issueKeysShown(page)).toEqual(storyKeys.slice(50, 100));
    await shot(page, '02-second-page');
    await next.click();
    await waitForRange(page, `Issues 101–120 of ${STORIES}`);
    expect(await issueKeysShown(page)).toEqual(storyKeys.slice(100));
    await expect(next.isDisabled()).resolves.toBe(true);
    await previous.click();
    await waitForRange(page, `Issues 51–100 of ${STORIES}`);
    expect(await issueKeysShown(page)).toEqual(storyKeys.slice(50, 100));
  });

  test('search narrows to matching keys or summaries and starts again from page one; Not done keeps the open ones', async () => {
    const { page } = browser;
    const search = page.getByRole('textbox', { name: 'Search issues by key or summary' });
    await search.fill('csv');
    await waitForRange(page, 'Issues 1–12 of 12');
    const csvKeys = storyKeys.filter((_, i) => (i + 1) % 10 === 0);
    expect(await issueKeysShown(page)).toEqual(csvKeys);
    await expect(page.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);
    expect(await axeViolations(page, '[data-testid="issues-panel"]')).toEqual([]);
    await shot(page, '03-search');

    await chooseSegment(page, 'Not done');
    // Stories 20, 40, … are done: 6 of the 12 CSV stories stay.
    await waitForRange(page, 'Issues 1–6 of 6');
    expect(await issueKeysShown(page)).toEqual(csvKeys.filter((_, i) => (i + 1) % 2 === 1));

    await search.fill(storyKeys[6] ?? '');
    await waitForRange(page, 'Issues 1–1 of 1');
    await search.fill('no such story');
    await page.getByText('No open issue has “no such story” in its key or summary.').waitFor();

    await search.fill('');
    await waitForRange(page, 'Issues 1–50 of 90');
    await chooseSegment(page, 'All');
    await waitForRange(page, `Issues 1–50 of ${STORIES}`);
  });

  test('at 390 px the controls stack and the table scrolls sideways', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.reload();
      await page.getByRole('tab', { name: /^Issues/ }).click();
      await waitForRange(page, `Issues 1–50 of ${STORIES}`);
      const box = await page.getByRole('textbox', { name: 'Search issues by key or summary' }).boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      // Nothing but the table's own scroll area is wider than the screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await axeViolations(page, '[data-testid="issues-panel"]')).toEqual([]);
      await shot(page, '04-mobile-first-page');
      await page.getByRole('button', { name: 'Next' }).click();
      await waitForRange(page, `Issues 51–100 of ${STORIES}`);
      await page.getByRole('button', { name: 'Next' }).scrollIntoViewIfNeeded();
      await shot(page, '05-mobile-second-page');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
