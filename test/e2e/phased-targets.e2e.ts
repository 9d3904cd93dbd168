/**
 * Issue 14, phased targets: a key result with dated milestones shows, on its History tab, the
 * expected line bending at each milestone ("Expected (milestones)"), and its status is judged on
 * that line. A key result without milestones keeps the even-pace line. Screenshots at 1366 px and
 * 390 px land in /tmp/shots-phased/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { axeViolations } from './axe';
import { signedInBrowser } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const DAY_MS = 86_400_000;
const todayMs = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const day = (offset: number) => new Date(todayMs + offset * DAY_MS).toISOString().slice(0, 10);
const SHOTS = '/tmp/shots-phased';

let server: RunningServer;
let browser: BrowserSession;
let api: ApiSession;
let phasedId: string;
let evenId: string;

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  // Half-way through the cycle: an even pace expects 50; the milestones expect only 10 by now
  // (a slow start, most of the work planned for the second half).
  const cycleId = (await api.post<Created>('/cycles', { name: 'This quarter', startDate: day(-45), endDate: day(44) })).id;
  const objective = await api.post<Created>('/objectives', { cycleId, title: 'Grow the community' });
  phasedId = (
    await api.post<Created>(`/objectives/${objective.id}/key-results`, {
      title: 'Reach 100 members',
      startValue: 0,
      targetValue: 100,
      milestones: [
        { date: day(0), value: 10 },
        { date: day(30), value: 60 },
      ],
    })
  ).id;
  evenId = (await api.post<Created>(`/objectives/${objective.id}/key-results`, { title: 'Run 100 meetups', startValue: 0, targetValue: 100 })).id;
  await api.post(`/key-results/${phasedId}/check-ins`, { value: 12 });
  await api.post(`/key-results/${evenId}/check-ins`, { value: 12 });
  browser = await signedInBrowser(server.baseUrl, admin, { width: 1366, height: 900 });
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `phased-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openHistory(page: Page, id: string, title: string): Promise<void> {
  await page.goto(`/key-results/${id}`);
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'History' }).click();
}

describe('phased targets on the History tab', () => {
  test('milestones bend the expected line, and the status follows it', async () => {
    const { page } = browser;
    await openHistory(page, phasedId, 'Reach 100 members');
    await page.getByText('Expected (milestones)').waitFor();
    // 12 of 100 against about 10 expected by the milestones: on track (the even pace would expect ~50).
    const chart = page.getByRole('img', { name: /Progress over the period/ });
    await expect(chart.getAttribute('aria-label')).resolves.toMatch(/12% now against (9|10|11)% expected/);
    await expect(page.getByTestId('status-word').first().textContent()).resolves.toBe('On track');
    expect(await axeViolations(page)).toEqual([]);
    await shots(page, 'phased-history');
  });

  test('without milestones the line keeps an even pace, and the same value is behind', async () => {
    const { page } = browser;
    await openHistory(page, evenId, 'Run 100 meetups');
    await page.getByText('Expected (even pace)').waitFor();
    const chart = page.getByRole('img', { name: /Progress over the period/ });
    await expect(chart.getAttribute('aria-label')).resolves.toMatch(/12% now against (49|50|51)% expected/);
    await expect(page.getByTestId('status-word').first().textContent()).resolves.toBe('At risk');
  });

  test('a person adds phased targets in the key result dialog, by keyboard-reachable controls, and the chart follows', async () => {
    const { page } = browser;
    await openHistory(page, evenId, 'Run 100 meetups');
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit key result' });
    await dialog.getByRole('button', { name: 'Add milestone' }).click();
    // Saving with an empty row names what is missing instead of sending it.
    await dialog.getByRole('button', { name: 'Save key result' }).click();
    await dialog.getByText('Pick the date of this milestone').waitFor();
    await dialog.getByText('Enter the value expected by that date').waitFor();

    await dialog.getByRole('button', { name: 'Milestone 1 date' }).click();
    // Today's cell in the open calendar (the picker names days by their full date).
    const today = new Date(todayMs);
    const dayLabel = today.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    await page.getByRole('button', { name: dayLabel, exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Value (milestone 1)' }).fill('10');
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await shots(page, 'phased-dialog');
    await dialog.getByRole('button', { name: 'Save key result' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByText('Expected (milestones)').waitFor();
    await expect(page.getByTestId('status-word').first().textContent()).resolves.toBe('On track');
    await expect(api.request<{ milestones: unknown[] }>('GET', `/key-results/${evenId}`)).resolves.toMatchObject({ milestones: [{ date: day(0), value: 10 }] });
  });
});
