/**
 * The numbers column of a key result's Issues tab (issue 11, item 2), against the real server and
 * the Jira simulator: a key result measured by story points done shows a Points column with each
 * issue's points ("—" for an unestimated one), and one measured by the sum of a numeric field
 * shows a Value column with that field's value per issue (and no Points). A person walks there
 * from the objective's page. Screenshots at desktop width and at 390 px land in .tmp/screenshots/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { axeViolations } from './axe';
import { isoDaysFromToday, logIn } from './helpers';

const member = { name: 'Dana Member', email: 'dana@pacer.test', password: 'dana password 1' };
const objectiveTitle = 'Launch the billing portal';
const pointsTitle = 'Deliver 30 story points of the portal';
const valueTitle = 'Ship 40 business value of invoicing';
const BUSINESS_VALUE = 'customfield_10200';

/** Story points per story ("null" is an unestimated story), and which stories are done. */
const STORIES: Array<{ summary: string; points: number | null; done: boolean }> = [
  { summary: 'Portal sign-in page', points: 3, done: true },
  { summary: 'Invoice list with filters', points: 8, done: false },
  { summary: 'Download an invoice as PDF', points: 5, done: true },
  { summary: 'Spike: payment provider options', points: null, done: false },
  { summary: 'Change the billing address', points: 13, done: false },
];
/** Business Value per invoicing story. */
const INVOICING: Array<{ summary: string; value: number; done: boolean }> = [
  { summary: 'Send invoices by email', value: 21, done: true },
  { summary: 'Reminders for late invoices', value: 8, done: false },
  { summary: 'Credit notes', value: 1.5, done: false },
];

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;
let objectiveId: string;
const storyKeys: string[] = [];
const invoicingKeys: string[] = [];
const shot = (page: Page, name: string) => screenshot(page, `jira-issue-numbers-${name}`);

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  const portal = sim.store.create({ projectKey: 'AE', summary: 'Billing portal', issueType: 'Epic' });
  for (const story of STORIES) {
    const created = sim.store.create({ projectKey: 'AE', issueType: 'Story', parentKey: portal.key, summary: story.summary, status: story.done ? 'Done' : 'In Progress', storyPoints: story.points });
    storyKeys.push(created.key);
  }
  const invoicing = sim.store.create({ projectKey: 'AE', summary: 'Invoicing', issueType: 'Epic' });
  for (const story of INVOICING) {
    const created = sim.store.create({
      projectKey: 'AE',
      issueType: 'Story',
      parentKey: invoicing.key,
      summary: story.summary,
      status: story.done ? 'Done' : 'To Do',
      customNumbers: { [BUSINESS_VALUE]: story.value },
    });
    invoicingKeys.push(created.key);
  }
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  await api.post('/setup', { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' });
  await api.post('/users', { ...member, role: 'member' });
  const cycle = await api.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(30) });
  await api.request('PUT', '/integrations/jira', { enabled: true });
  const connection = await api.post<Created>('/integrations/jira/connections', { name: 'Demo Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  objectiveId = (await api.post<Created>('/objectives', { cycleId: cycle.id, title: objectiveTitle })).id;
  // The linking dialog has its own spec (jira-linking); here the links are made the way a script would.
  const points = await api.post<Created>(`/objectives/${objectiveId}/key-results`, { title: pointsTitle, startValue: 0, targetValue: 30, unit: 'points' });
  await api.request('PUT', `/key-results/${points.id}/integration`, { type: 'jira', connectionId: connection.id, jql: `parent = ${portal.key}`, metric: 'points_done', targetValue: 30 });
  const value = await api.post<Created>(`/objectives/${objectiveId}/key-results`, { title: valueTitle, startValue: 0, targetValue: 40, unit: 'value' });
  await api.request('PUT', `/key-results/${value.id}/integration`, {
    type: 'jira',
    connectionId: connection.id,
    jql: `parent = ${invoicing.key}`,
    metric: 'field_sum',
    field: 'Business Value',
    targetValue: 40,
  });
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

/** The key result's Issues tab, from the objective's page and the key result's link, as a person goes there. */
async function openIssuesOf(page: Page, keyResultTitle: string): Promise<Locator> {
  await page.goto(`/objectives/${objectiveId}`);
  await page.getByRole('heading', { name: objectiveTitle, level: 1 }).waitFor();
  const link = page.getByRole('link', { name: keyResultTitle }).first();
  // The whole title is there to read and tap, at any width (it once got squeezed to nothing at 390 px).
  const box = await link.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(100);
  if ((page.viewportSize()?.width ?? 0) < 500) await shot(page, '00-objective-key-results-mobile');
  await link.click();
  await page.getByRole('heading', { name: keyResultTitle, level: 1 }).waitFor();
  await page.getByRole('tab', { name: /^Issues/ }).click();
  const panel = page.getByTestId('issues-panel');
  await panel.getByRole('table').waitFor();
  return panel;
}

/** Each row's key and the text of one column, by the column's header. */
async function column(panel: Locator, header: string): Promise<Array<[string, string]>> {
  const headers = await panel.getByRole('columnheader').allTextContents();
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`No "${header}" column; the columns are ${headers.join(', ')}`);
  const rows = await panel.getByRole('row').all();
  const cells: Array<[string, string]> = [];
  for (const row of rows.slice(1)) {
    const texts = await row.getByRole('cell').allTextContents();
    cells.push([texts[0] ?? '', (texts[index] ?? '').trim()]);
  }
  return cells;
}

describe("a key result's Issues tab shows the numbers its link adds up", () => {
  test('story points done: a Points column with each issue’s story points, — for an unestimated one', async () => {
    const { page } = browser;
    const panel = await openIssuesOf(page, pointsTitle);
    await panel.getByText('5 matching issues, 2 done, at the last sync.').waitFor();
    expect(await panel.getByRole('columnheader').allTextContents()).toEqual(['Key', 'Summary', 'Status', 'Assignee', 'Done', 'Points']);
    expect(await column(panel, 'Points')).toEqual(storyKeys.map((key, i) => [key, STORIES[i]?.points === null ? '—' : String(STORIES[i]?.points)]));
    expect(await panel.getByRole('columnheader', { name: 'Value' }).count()).toBe(0);
    expect(await axeViolations(page, '[data-testid="issues-panel"]')).toEqual([]);
    await shot(page, '01-points-desktop');
  });

  test('sum of a numeric field: a Value column with the field’s value per issue, and no Points', async () => {
    const { page } = browser;
    const panel = await openIssuesOf(page, valueTitle);
    await panel.getByText('3 matching issues, 1 done, at the last sync.').waitFor();
    expect(await panel.getByRole('columnheader').allTextContents()).toEqual(['Key', 'Summary', 'Status', 'Assignee', 'Done', 'Value']);
    expect(await column(panel, 'Value')).toEqual(invoicingKeys.map((key, i) => [key, (INVOICING[i]?.value ?? 0).toLocaleString('en-GB')]));
    expect(await axeViolations(page, '[data-testid="issues-panel"]')).toEqual([]);
    await shot(page, '02-value-desktop');
  });

  test('at 390 px the numbers stay reachable: the table scrolls sideways, the page does not', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [title, header, name] of [
        [pointsTitle, 'Points', '03-points-mobile'],
        [valueTitle, 'Value', '04-value-mobile'],
      ] as const) {
        const panel = await openIssuesOf(page, title);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        const numbers = panel.getByRole('columnheader', { name: header });
        await numbers.scrollIntoViewIfNeeded();
        const box = await numbers.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
        expect(await axeViolations(page, '[data-testid="issues-panel"]')).toEqual([]);
        await shot(page, name);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
