/**
 * The OKR page with a realistic cycle (seeded through the API): every status shows its own colour
 * AND its word, an aligned objective sits under its parent, a manual objective takes check-ins in
 * percent, and the dialogs open with their fields. Screenshots land in .tmp/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { isoDaysFromToday, logIn, openRowMenu } from './helpers';

const admin = { name: 'Dana Lead', email: 'dana@example.com', password: 'dana password 1' };

let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  const omar = await api.post<Created>('/users', { name: 'Omar Reyes', email: 'omar@example.com', password: 'omar password 1' });
  // 20 days with 10 behind us: about half the cycle is expected to be done by now.
  const cycle = await api.post<Created>('/cycles', { name: 'Q4 2026', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(9) });
  const email = await api.post<Created>('/objectives', { cycleId: cycle.id, title: 'Ship Email Campaigns', ownerId: omar.id });
  await api.post(`/objectives/${email.id}/key-results`, { title: 'Launch beta to 10 customers', startValue: 0, targetValue: 10, currentValue: 7, unit: 'customers' });
  await api.post(`/objectives/${email.id}/key-results`, { title: 'Close 100 bugs in the Email epic', startValue: 0, targetValue: 100, currentValue: 40, unit: 'bugs' });
  const churn = await api.post<Created>('/objectives', { cycleId: cycle.id, title: 'Keep customers longer', parentId: email.id });
  await api.post(`/objectives/${churn.id}/key-results`, { title: 'Cut monthly churn from 8% to 5%', startValue: 8, targetValue: 5, currentValue: 7.5, unit: '%' });
  const manual = await api.post<Created>('/objectives', { cycleId: cycle.id, title: 'Hire a design lead', progressMode: 'manual' });
  await api.post(`/objectives/${manual.id}/check-ins`, { value: 0.5, note: 'Two finalists.' });
  await api.post('/objectives', { cycleId: cycle.id, title: 'Improve onboarding' });

  browser = await launchBrowser(server.baseUrl);
  await browser.page.goto('/');
  await logIn(browser.page, admin.email, admin.password);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function barOf(title: string) {
  const bar = browser.page.getByRole('article', { name: title, exact: true }).getByRole('progressbar').first();
  await bar.waitFor({ state: 'attached' });
  return { label: await bar.getAttribute('aria-label'), status: await bar.getAttribute('data-status'), style: await bar.getAttribute('style') };
}

describe('OKR page states', () => {
  test('each status has its colour and its word; aligned objectives nest under their parent', async () => {
    const { page } = browser;
    await page.getByRole('heading', { name: 'Q4 2026', level: 1 }).waitFor();

    const onTrack = await barOf('Launch beta to 10 customers');
    expect(onTrack).toMatchObject({ label: 'Launch beta to 10 customers: progress 70%', status: 'on_track' });
    expect(onTrack.style).toContain('--mantine-color-green');

    const behind = await barOf('Close 100 bugs in the Email epic');
    expect(behind).toMatchObject({ label: 'Close 100 bugs in the Email epic: progress 40%', status: 'behind' });
    expect(behind.style).toContain('--mantine-color-orange');

    // Target below start: 8% → 7.5% of a way to 5% is one sixth, 17%.
    const atRisk = await barOf('Cut monthly churn from 8% to 5%');
    expect(atRisk).toMatchObject({ label: 'Cut monthly churn from 8% to 5%: progress 17%', status: 'at_risk' });
    expect(atRisk.style).toContain('--mantine-color-red');
    const churnRow = page.getByRole('article', { name: 'Cut monthly churn from 8% to 5%' });
    await expect(churnRow.getByTestId('status-word').textContent()).resolves.toBe('At risk');

    const notStarted = await barOf('Improve onboarding');
    expect(notStarted.status).toBe('not_started');

    // The aligned objective follows its parent, indented under it (the list is flat so only the
    // lines in view are drawn, issue 15).
    const parent = page.getByRole('article', { name: 'Ship Email Campaigns', exact: true });
    const child = page.getByRole('article', { name: 'Keep customers longer' });
    await expect(child.count()).resolves.toBe(1);
    const titleX = async (row: typeof parent) => (await row.getByRole('heading').boundingBox())?.x ?? 0;
    expect(await titleX(child)).toBeGreaterThan(await titleX(parent));
    await screenshot(page, '10-okr-page-states');

    // Collapsing hides the key results and aligned objectives.
    await page.getByRole('button', { name: 'Collapse Ship Email Campaigns' }).click();
    await expect(child.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Expand Ship Email Campaigns' }).click();
    await child.waitFor();
  });

  test('a manual objective takes check-ins in percent', async () => {
    const { page } = browser;
    expect((await barOf('Hire a design lead')).label).toBe('Hire a design lead: progress 50%');
    await openRowMenu(page, 'Hire a design lead', 'Check in');
    const dialog = page.getByRole('dialog', { name: 'Check in' });
    await dialog.getByText('Two finalists.').waitFor();
    await dialog.getByLabel('Progress (%)').fill('80');
    await dialog.getByRole('button', { name: 'Save check-in' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('progressbar', { name: 'Hire a design lead: progress 80%' }).waitFor({ state: 'attached' });
    expect((await barOf('Hire a design lead')).status).toBe('on_track');
  });

  test('editing a key result shows its current value and points to Check in, so the history keeps every value', async () => {
    const { page } = browser;
    const title = 'Launch beta to 10 customers';
    await openRowMenu(page, title, 'Edit');
    const dialog = page.getByRole('dialog', { name: 'Edit key result' });
    await expect(dialog.getByTestId('current-value').textContent()).resolves.toBe('7 customers');
    await dialog.getByText('Change it with Check in, so each value stays in the history.').waitFor();
    await expect(dialog.getByRole('textbox', { name: 'Current value' }).count()).resolves.toBe(0);
    await dialog.getByRole('textbox', { name: 'Target value' }).fill('14');
    await dialog.getByRole('button', { name: 'Save key result' }).click();
    await dialog.waitFor({ state: 'detached' });
    // 7 of 14: the value stayed, the target moved.
    await page.getByRole('progressbar', { name: `${title}: progress 50%` }).waitFor({ state: 'attached' });
    await openRowMenu(page, title, 'Check in');
    const checkIn = page.getByRole('dialog', { name: 'Check in' });
    await checkIn.getByText('No check-ins yet', { exact: false }).waitFor();
    await checkIn.getByRole('button', { name: 'Cancel' }).click();
    await checkIn.waitFor({ state: 'detached' });
    // The "saved" toast sits over the dialogs' buttons in the next test until it closes by itself.
    await page.getByText(`Key result “${title}” saved.`).waitFor({ state: 'detached' });
  });

  test('the objective dialog edits and a server-side validation error shows under the field', async () => {
    const { page } = browser;
    await openRowMenu(page, 'Improve onboarding', 'Edit');
    const dialog = page.getByRole('dialog', { name: 'Edit objective' });
    await dialog.getByLabel('Parent objective').waitFor();
    await screenshot(page, '11-objective-dialog');
    await dialog.getByLabel('Title').fill('   ');
    await dialog.getByRole('button', { name: 'Save objective' }).click();
    // The server names the field; the dialog shows it there and stays open.
    await dialog.locator('.mantine-InputWrapper-error').first().waitFor();
    await screenshot(page, '12-objective-validation');
    await dialog.getByLabel('Title').fill('Make onboarding effortless');
    await dialog.getByRole('button', { name: 'Save objective' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('article', { name: 'Make onboarding effortless' }).waitFor();
  });

  test('a page whose code cannot be downloaded (e.g. after a redeploy) offers Reload instead of a blank screen', async () => {
    const { page } = browser;
    // The item page is a lazily loaded chunk; make its download fail the way a removed file does.
    const itemPageChunk = '**/assets/ItemDetailPage-*.js';
    await page.route(itemPageChunk, (route) => route.abort('failed'));
    try {
      await page.getByRole('link', { name: 'Hire a design lead', exact: true }).click();
      await page.getByRole('heading', { name: 'Something went wrong loading this page' }).waitFor();
      await screenshot(page, '13a-page-failed-to-load');
    } finally {
      await page.unroute(itemPageChunk);
    }
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('heading', { name: 'Hire a design lead', level: 1 }).waitFor();
    await page.goto('/okrs');
    await page.getByRole('heading', { name: 'Q4 2026', level: 1 }).waitFor();
  });

  test('settings show the thresholds in percentage points', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    const behind = page.getByLabel('Behind threshold (points)');
    await expect(behind.inputValue()).resolves.toBe('0 pts');
    await expect(page.getByLabel('At-risk threshold (points)').inputValue()).resolves.toBe('25 pts');
    await screenshot(page, '13-settings');
  });
});
