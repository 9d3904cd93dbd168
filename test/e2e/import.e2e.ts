/**
 * Admin > Import (issue 14), in Chromium against the real server: an admin uploads a Viva Goals
 * organisation export (a ZIP of JSON arrays built here, dated around today so its period is the
 * current cycle), reads the dry run's report (counts per kind, a check-in for an unknown OKR left out
 * with its reason), imports, follows the link to the OKRs and finds an imported objective with its
 * check-in history, and the alignment tree (weights) on the objectives' pages. A damaged file gets a
 * readable error saying what to do. axe at 1366 and 390 px.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import {
  buildVivaOrganisationZip,
  vivaCheckin,
  vivaComment,
  vivaObjective,
  vivaPerson,
  vivaTeam,
  vivaTimePeriod,
  vivaUser,
  vivaExportFileName,
} from '../support/viva-export-fixtures';
import { ApiSession } from './api-seed';
import { axeViolations } from './axe';
import { isoDaysFromToday, signedInBrowser } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const periodName = 'Viva quarter';
const parentTitle = 'Grow the platform';
const manualTitle = 'Ship the new checkout';
const kpiTitle = 'Raise weekly active users';
const firstNote = 'Payment provider signed';
const secondNote = 'Checkout live for 55% of traffic';
const commentText = 'Nice progress, <b>keep going</b>';

let server: RunningServer;
let browser: BrowserSession;

/** 'YYYY-MM-DD hh:mm:ss' as Viva writes dates, `offset` days from today. */
const vivaDate = (offset: number, time = '09:00:00') => `${isoDaysFromToday(offset)} ${time}`;

/** An organisation export: a roll-up Big rock, a manual Big rock aligned to it with check-ins, a metric KPI, and a check-in for an OKR not in the file. */
function vivaExport(): Uint8Array {
  const grace = vivaPerson(2, 'Grace Hopper', 'grace@example.com');
  const period = { 'Start Date': vivaDate(-30, '00:00:00'), 'End Date': vivaDate(60, '00:00:00') };
  return buildVivaOrganisationZip({
    timePeriods: [vivaTimePeriod({ ID: 10, 'Time Period Name': periodName, ...period })],
    teams: [vivaTeam()],
    users: [vivaUser(), vivaUser({ ID: 2, Name: 'Grace Hopper', Email: 'grace@example.com' })],
    objectives: [
      vivaObjective({ ID: 100, Title: parentTitle, 'Time Period': { ID: 10, Name: periodName }, ...period }),
      vivaObjective({
        ID: 103,
        Title: manualTitle,
        Owner: [grace],
        'Time Period': { ID: 10, Name: periodName },
        ...period,
        Alignment: [{ ID: 100, Title: parentTitle, Weight: '40.0%' }],
        'Parent IDs': [100],
        'Progress and Status Configuration': { Progress: 'Update Manually', Status: 'Manual', 'Data Source': null },
      }),
      vivaObjective({
        ID: 101,
        Title: kpiTitle,
        Type: 'Kpi',
        'Time Period': { ID: 10, Name: periodName },
        ...period,
        Alignment: [{ ID: 100, Title: parentTitle, Weight: '60.0%' }],
        'Parent IDs': [100],
        Outcome: { 'Outcome Type': 'Metric', 'Metric Name': 'WAU', 'Metric Unit': 'users', Start: 1000, Target: 5000, 'Target Type': 'Increase From' },
        Status: 'Closed',
        Score: 0.6,
      }),
    ],
    checkins: [
      vivaCheckin({ ID: 1000, 'OKR ID': 103, 'CheckIn Date': vivaDate(-20), 'Check In Owner': grace, 'Current Value': 30, 'Check In Note': { 'Check In Note': firstNote, 'Check In Note HTML': `<p>${firstNote}</p>` } }),
      vivaCheckin({ ID: 1001, 'OKR ID': 103, 'CheckIn Date': vivaDate(-5), 'Check In Owner': grace, 'Current Value': 55, 'Check In Note': { 'Check In Note': '', 'Check In Note HTML': `<p>Checkout <b>live</b> for 55% of traffic</p>` } }),
      vivaCheckin({ ID: 1002, 'OKR ID': 101, 'CheckIn Date': vivaDate(-10), 'Current Value': 2500 }),
      vivaCheckin({ ID: 1003, 'OKR ID': 999, 'CheckIn Date': vivaDate(-10) }),
    ],
    comments: [vivaComment({ ID: 5000, 'OKR ID': 103, Comment: commentText, 'Created By': grace, 'Created At': vivaDate(-4) })],
  });
}

const zipFile = () => ({ name: vivaExportFileName('export').replace(/\.json$/, '.zip'), mimeType: 'application/zip', buffer: Buffer.from(vivaExport()) });

beforeAll(async () => {
  server = await startServer();
  await new ApiSession(server.baseUrl).post('/setup', admin);
  browser = await signedInBrowser(server.baseUrl, admin, { width: 1366, height: 900 });
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `import-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The counts table's row for a kind, as [in the file, to create, already in Pacer]. */
async function countsOf(page: Page, kind: string): Promise<string[]> {
  const row = page.getByRole('table', { name: /What the import (will do|did)/ }).getByRole('row', { name: new RegExp(`^${kind}\\b`) });
  return (await row.getByRole('cell').allTextContents()).map((text) => text.trim());
}

async function chooseFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Check file' }).click();
}

describe('Admin > Import', () => {
  test('a damaged file is refused with what was wrong and what to do', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Import and export' }).click();
    await page.getByRole('heading', { name: 'Import and export', level: 1 }).waitFor();
    expect(await page.getByRole('radio', { name: 'Viva Goals export' }).isChecked()).toBe(true);
    await chooseFile(page, { name: 'viva.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\u0003\u0004 this is not really a zip') });
    const alert = page.getByRole('alert').filter({ hasText: 'Pacer could not use this file' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/The file .+/);
    expect(await alert.textContent()).toContain('upload the export as downloaded');
    await screenshot(page, 'import-error-1366');
  });

  test('the dry run reports what a Viva ZIP holds and what is left out, then Import writes it', async () => {
    const { page } = browser;
    await chooseFile(page, zipFile());
    await page.getByRole('heading', { name: /^What importing .+ will do$/ }).waitFor();
    await page.getByText('Read as a Viva Goals organisation export (ZIP of JSON files).').waitFor();
    expect(await countsOf(page, 'Objectives')).toEqual(['2', '2', '0']);
    expect(await countsOf(page, 'Key results')).toEqual(['1', '1', '0']);
    expect(await countsOf(page, 'Cycles')).toEqual(['1', '1', '0']);
    expect(await countsOf(page, 'Check-ins')).toEqual(['3', '3', '0']);
    const leftOut = page.getByRole('table', { name: 'Records left out' });
    const orphan = leftOut.getByRole('row').filter({ hasText: '1003' });
    expect(await orphan.textContent()).toMatch(/Check-in.*1003.*999/);
    await screenshot(page, 'import-dry-run-1366');
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);

    // Nothing is written by the check: the OKR page still has no cycle.
    const before = await page.evaluate(async () => (await fetch('/api/v1/cycles')).json());
    expect(before).toEqual([]);

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();
    // The Import button is gone with the dry run's report: focus is on the result, not back at the page's top.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    expect(await countsOf(page, 'Objectives')).toEqual(['2', '2', '0']);
    // A full-page shot of a scrolled page draws the fixed header mid-page: shoot it from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'import-done-1366');

    // The Export section's link downloads everything as a Pacer export, the imported objectives included.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the Pacer export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^pacer-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { format: string; objectives: Array<{ title: string }> };
    expect(exported.format).toBe('pacer-export');
    expect(exported.objectives.map((objective) => objective.title).sort()).toEqual([parentTitle, manualTitle].sort());
  });

  test('the imported objective is on the OKR page with its check-in history and comment; a closed key result says so with its score', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Open the OKRs' }).click();
    await page.getByRole('heading', { name: periodName, level: 1 }).waitFor();
    await page.getByRole('article', { name: parentTitle }).waitFor();
    await page.getByRole('article', { name: kpiTitle }).waitFor();
    await screenshot(page, 'import-okr-page-1366');
    await page.getByRole('link', { name: manualTitle, exact: true }).click();
    await page.getByRole('heading', { name: manualTitle, level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Activity' }).click();
    const notes = page.getByTestId('activity-note');
    // The comment's HTML came in as text: the import reduces it, the page never renders markup.
    await expect.poll(() => notes.allTextContents()).toEqual(['Nice progress, keep going', secondNote, firstNote]);
    expect(await page.getByTestId('activity-line').first().textContent()).toBe('Grace Hopper commented');
    await screenshot(page, 'import-objective-activity-1366');

    await page.getByRole('link', { name: 'All OKRs' }).click();
    await page.getByRole('link', { name: kpiTitle, exact: true }).click();
    await page.getByRole('heading', { name: kpiTitle, level: 1 }).waitFor();
    await page.getByText(/^Closed \d{1,2} \w{3} \d{4}$/).waitFor();
    await page.getByText('Score 0.6', { exact: true }).waitFor();
    await screenshot(page, 'import-closed-key-result-1366');
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);
  });

  test("the imported alignment shows on the objectives' pages: the parent's tree with weights, the child's parent", async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'All OKRs' }).click();
    await page.getByRole('link', { name: parentTitle, exact: true }).click();
    await page.getByRole('heading', { name: parentTitle, level: 1 }).waitFor();
    const alignment = page.getByRole('region', { name: 'Alignment' });
    await alignment.getByRole('link', { name: manualTitle }).waitFor();
    expect(await alignment.textContent()).toContain(`weight 40% in ${parentTitle}`);
    expect(await alignment.textContent()).toContain('No parent objective');
    // Its progress rolls up the aligned objective too, and the page says so.
    await page.getByText('Progress is the weighted average of its key results and of the objectives aligned under it (see Alignment).').waitFor();
    await screenshot(page, 'import-alignment-parent-1366');
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);

    await alignment.getByRole('link', { name: manualTitle }).click();
    await page.getByRole('heading', { name: manualTitle, level: 1 }).waitFor();
    const childAlignment = page.getByRole('region', { name: 'Alignment' });
    await childAlignment.getByRole('link', { name: parentTitle }).waitFor();
    expect(await childAlignment.textContent()).toContain('weight 40% in its roll-up');
    expect(await childAlignment.textContent()).toContain('No objective is aligned under this one.');
  });

  test('importing the same file again creates nothing', async () => {
    const { page } = browser;
    await page.goto('/admin/import');
    await chooseFile(page, zipFile());
    await page.getByRole('heading', { name: /^What importing .+ will do$/ }).waitFor();
    expect(await countsOf(page, 'Objectives')).toEqual(['2', '0', '2']);
    expect(await countsOf(page, 'Check-ins')).toEqual(['3', '0', '3']);
  });

  test('at 390 px the import page and its report fit the screen, with no axe violation', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/admin/import');
    await page.getByRole('heading', { name: 'Import and export', level: 1 }).waitFor();
    await chooseFile(page, zipFile());
    await page.getByRole('heading', { name: /^What importing .+ will do$/ }).waitFor();
    await screenshot(page, 'import-dry-run-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);

    // The alignment tree on an objective's page at phone width.
    await page.goto('/okrs');
    await page.getByRole('link', { name: parentTitle, exact: true }).click();
    await page.getByRole('region', { name: 'Alignment' }).getByRole('link', { name: manualTitle }).waitFor();
    await screenshot(page, 'import-alignment-parent-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 900 });
  });
});
