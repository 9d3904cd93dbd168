/**
 * The product brief's walk-through in headless Chromium, against the real Pacer server and the real
 * Jira simulator (Cloud, demo scenario) in this process: an admin enables Jira and adds a connection
 * (through the API; the connections spec covers that UI); a member creates "Ship feature Email
 * Campaigns", adds a Jira integration with `parent = AE-786`, previews 10 issues / 30% and saves; the
 * row shows 30%, the Jira icon and the status colour; a story is added to the epic in the simulator,
 * Refresh moves the bar to 27%, and the item's activity names the added key.
 * Screenshots land in .tmp/screenshots/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession } from './api-seed';
import { isoDaysFromToday, logIn, logOut, openRowMenu } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const member = { name: 'Dana Member', email: 'dana@pacer.test', password: 'dana password 1' };
const objectiveTitle = 'Ship feature Email Campaigns';

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;
let adminApi: ApiSession;
const shot = (page: Page, name: string) => screenshot(page, `jira-linking-${name}`);

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  server = await startServer();
  adminApi = new ApiSession(server.baseUrl);
  await adminApi.post('/setup', admin);
  await adminApi.post('/users', { ...member, role: 'member' });
  // A cycle around today: 30% done against about 20% expected is on track.
  await adminApi.post('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-4), endDate: isoDaysFromToday(16) });
  browser = await launchBrowser(server.baseUrl);
  await browser.page.goto('/');
  await logIn(browser.page, member.email, member.password);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await shot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

/** Adds an issue in the simulator through its control API, as a person would in Jira; answers its key. */
async function createIssueInJira(fields: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${sim.url}/_sim/issues`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fields),
  });
  const body = (await response.json()) as { key?: string };
  if (response.status !== 201 || !body.key) throw new Error(`The simulator did not create the issue: ${JSON.stringify(body)}`);
  return body.key;
}

/** SegmentedControl hides its radio inputs behind their labels, so a person (and this) clicks the label. */
async function chooseSegment(page: Page, name: string): Promise<void> {
  const id = await page.getByRole('radio', { name, exact: true }).getAttribute('id');
  if (!id) throw new Error(`The "${name}" option has no id to find its label by`);
  await page.locator(`label[for="${id}"]`).click();
  await expect(page.getByRole('radio', { name, exact: true }).isChecked()).resolves.toBe(true);
}

function objectiveRow(page: Page): Locator {
  return page.getByRole('article', { name: objectiveTitle });
}

describe('linking an objective to Jira', () => {
  test('Jira is offered only once an admin has enabled it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Add an objective' }).click();
    const dialog = page.getByRole('dialog', { name: 'New objective' });
    // Jira is the only integration, so while it is off "Add an integration" is disabled and says why.
    await dialog.getByText('Jira is disabled by an admin, so nothing can be linked to it now. Ask an admin to enable Jira under Admin › Integrations.').waitFor();
    await expect(dialog.getByRole('button', { name: 'Add an integration' }).isDisabled()).resolves.toBe(true);
    await shot(page, '01-jira-not-enabled');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The admin turns Jira on and adds the connection (the connections spec clicks through this UI).
    await adminApi.request('PUT', '/integrations/jira', { enabled: true });
    await adminApi.post('/integrations/jira/connections', { name: 'Demo Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  });

  test('a member links a new objective with a previewed JQL query, and Refresh follows a new story', async () => {
    const { page } = browser;
    await page.reload();
    await page.getByRole('button', { name: 'Add an objective' }).click();
    const dialog = page.getByRole('dialog', { name: 'New objective' });
    await dialog.getByLabel('Title').fill(objectiveTitle);
    await dialog.getByRole('button', { name: 'Add an integration' }).click();
    await dialog.getByRole('button', { name: /^Jira/ }).click();
    // Only one connection: nothing to choose, it is named.
    await dialog.getByText('Asks the Jira connection').waitFor();
    await expect(dialog.getByText('Demo Jira').count()).resolves.toBe(1);

    const save = dialog.getByRole('button', { name: 'Create objective' });
    const jql = dialog.getByRole('textbox', { name: 'JQL' });
    await jql.fill('"Epic Link" = AE-786');
    await expect(save.isDisabled()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    // On Cloud the old epic field gets a hint towards parent.
    const hint = dialog.getByText('Jira Cloud replaced the "Epic Link" field with "parent"', { exact: false });
    await hint.scrollIntoViewIfNeeded();
    await shot(page, '02-epic-link-hint');

    // An empty result says so instead of showing 0%.
    await jql.fill('parent = AE-787'); // a story, so nothing has it as parent
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const empty = dialog.getByRole('region', { name: 'Preview' }).getByTestId('preview-summary');
    await empty.filter({ hasText: 'No issues match this query · progress unknown' }).waitFor();
    await dialog.getByText('progress would be unknown (not 0%)', { exact: false }).waitFor();

    // Jira's own message for invalid JQL shows under the field, and Save stays off.
    await jql.fill('parent = ');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const jqlError = dialog.locator('.mantine-InputWrapper-error');
    await jqlError.first().waitFor();
    const message = (await jqlError.first().textContent()) ?? '';
    expect(message.length).toBeGreaterThan(10);
    await expect(save.isDisabled()).resolves.toBe(true);
    await shot(page, '03-invalid-jql');

    await jql.fill('parent = AE-786');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByRole('region', { name: 'Preview' });
    await expect(preview.getByTestId('preview-summary').textContent()).resolves.toBe('10 issues match · 3 done · progress 30% · on track');
    await preview.getByRole('link', { name: /^AE-\d+$/ }).first().waitFor();
    await expect(save.isEnabled()).resolves.toBe(true);
    await save.scrollIntoViewIfNeeded();
    await shot(page, '04-preview');

    // Changing the text makes the preview stale until it is run again.
    await jql.fill('parent = AE-786 ');
    await jql.fill('parent = AE-786 AND type = Story');
    await expect(save.isDisabled()).resolves.toBe(true);
    await jql.fill('parent = AE-786');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(preview.getByTestId('preview-summary').textContent()).resolves.toBe('10 issues match · 3 done · progress 30% · on track');
    await save.click();
    await dialog.waitFor({ state: 'detached' });

    const row = objectiveRow(page);
    const bar = row.getByRole('progressbar', { name: `${objectiveTitle}: progress 30%` }).first();
    await bar.waitFor({ state: 'attached' });
    await expect(bar.getAttribute('data-status')).resolves.toBe('on_track');
    await expect(bar.getAttribute('style')).resolves.toContain('--mantine-color-green');
    await row.getByRole('img', { name: 'Linked to Jira' }).first().waitFor();
    await row.getByText('10 issues · 3 done · synced just now').waitFor();
    // Progress follows Jira, so there is no check-in for it.
    await row.getByRole('button', { name: `Actions for ${objectiveTitle}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).waitFor();
    await expect(page.getByRole('menuitem', { name: 'Check in' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await shot(page, '05-linked-row');

    // An 11th story lands in the epic; Refresh takes the bar from 30% to 27%.
    const added = await createIssueInJira({ projectKey: 'AE', issueType: 'Story', summary: 'Send a test campaign to yourself', parentKey: 'AE-786' });
    await row.getByRole('button', { name: 'Refresh from Jira' }).first().click();
    await row.getByRole('progressbar', { name: `${objectiveTitle}: progress 27%` }).first().waitFor({ state: 'attached' });
    await expect(row.getByTestId('percent').first().textContent()).resolves.toBe('27%');
    await row.getByText('11 issues · 3 done').waitFor();
    await shot(page, '06-after-refresh');

    // The item's page: its activity says what moved the bar.
    await row.getByRole('link', { name: objectiveTitle }).click();
    await page.getByRole('heading', { name: objectiveTitle, level: 1 }).waitFor();
    await page.getByText('parent = AE-786').first().waitFor();
    await shot(page, '07-detail-overview');
    await page.getByRole('tab', { name: /^Activity/ }).click();
    const lines = page.getByTestId('activity-line');
    await expect(lines.first().textContent()).resolves.toBe(`${added} added — 30% → 27%`);
    await expect(lines.nth(1).textContent()).resolves.toBe(`Linked to Jira by ${member.name} — 30%`);
    await shot(page, '08-detail-activity');

    await page.getByRole('tab', { name: /^Issues/ }).click();
    await page.getByRole('link', { name: added }).waitFor();
    await expect(page.getByRole('link', { name: added }).getAttribute('href')).resolves.toBe(`${sim.url}/browse/${added}`);
    await chooseSegment(page, 'Not done');
    // AE-787 is done, so it leaves the list.
    await page.getByRole('link', { name: 'AE-787' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: added }).waitFor();
    await expect(page.getByRole('row').count()).resolves.toBe(1 + 8);
    await shot(page, '09-detail-issues-not-done');

    await page.getByRole('tab', { name: 'History' }).click();
    // A linked item's history is the burn-up (jira-insight walks it in full).
    await page.getByRole('img', { name: /^Burn-up from .+: 11 issues in scope, 3 issues done on / }).waitFor();
    await shot(page, '10-detail-history');

    // Editing the query recalculates at once, and the activity says who changed what.
    await page.getByRole('tab', { name: 'Overview' }).click();
    // "Edit link" opens the link editor itself, on the saved query (not the whole objective dialog).
    await page.getByRole('button', { name: 'Edit link' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit the Jira link' });
    const editJql = edit.getByRole('textbox', { name: 'JQL' });
    await expect.poll(() => editJql.inputValue()).toBe('parent = AE-786');
    await shot(page, '10a-edit-link-dialog');
    await editJql.fill('parent = AE-786 AND status != "In Review"');
    const saveEdit = edit.getByRole('button', { name: 'Save link' });
    await expect(saveEdit.isDisabled()).resolves.toBe(true);
    await edit.getByRole('button', { name: 'Preview' }).click();
    const editPreview = edit.getByRole('region', { name: 'Preview' });
    await expect(editPreview.getByTestId('preview-summary').textContent()).resolves.toMatch(/^9 issues match · 3 done · progress 33% · /);
    await saveEdit.click();
    await edit.waitFor({ state: 'detached' });
    await page.getByTestId('big-percent').filter({ hasText: '33%' }).waitFor();
    await page.getByRole('tab', { name: /^Activity/ }).click();
    // The tab shows what it had while it refetches; wait for the new run to arrive.
    await lines.filter({ hasText: 'JQL edited' }).waitFor();
    await expect(lines.first().textContent()).resolves.toBe('JQL edited by Dana Member, AE-792 and AE-793 removed — 27% → 33%');
    await shot(page, '10b-detail-activity-after-edit');
  });

  test('a key result counts bugs towards its target, and keeps its value when unlinked', async () => {
    const { page } = browser;
    const krTitle = 'Close 20 bugs in the Email epic';
    await page.getByRole('link', { name: 'All OKRs' }).click();
    await page.getByRole('button', { name: `Actions for ${objectiveTitle}` }).click();
    await page.getByRole('menuitem', { name: 'Add key result' }).click();
    const dialog = page.getByRole('dialog', { name: 'New key result' });
    await dialog.getByLabel('Title').fill(krTitle);
    await dialog.getByRole('textbox', { name: 'Start value' }).fill('0');
    await dialog.getByRole('textbox', { name: 'Target value' }).fill('20');
    await dialog.getByLabel('Unit').fill('bugs');
    await dialog.getByRole('button', { name: 'Add an integration' }).click();
    await dialog.getByRole('button', { name: /^Jira/ }).click();
    await dialog.getByRole('textbox', { name: 'JQL' }).fill('parent = AE-900');
    await dialog.getByRole('combobox', { name: 'Metric' }).click();
    await page.getByRole('option', { name: 'Issues done towards a target' }).click();
    // The key result's own start and target are where the count starts and ends.
    await expect(dialog.getByRole('textbox', { name: 'Start (issues)' }).inputValue()).resolves.toBe('0');
    await expect(dialog.getByRole('textbox', { name: 'Target (issues)' }).inputValue()).resolves.toBe('20');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByRole('region', { name: 'Preview' });
    await expect(preview.getByTestId('preview-summary').textContent()).resolves.toMatch(/^26 issues match · 19 done · progress 95% · /);
    await preview.scrollIntoViewIfNeeded();
    await shot(page, '11-key-result-kpi-preview');
    await dialog.getByRole('button', { name: 'Create key result' }).click();
    await dialog.waitFor({ state: 'detached' });

    const krRow = page.getByRole('article', { name: krTitle });
    await krRow.getByRole('progressbar', { name: `${krTitle}: progress 95%` }).waitFor({ state: 'attached' });
    await krRow.getByRole('img', { name: 'Linked to Jira' }).waitFor();
    await krRow.getByText('19 of 20 bugs · synced just now').waitFor();
    await shot(page, '12-key-result-linked');

    // Unlinking keeps 95% and gives the key result back to check-ins.
    await krRow.getByRole('link', { name: krTitle }).click();
    await page.getByRole('heading', { name: krTitle, level: 1 }).waitFor();
    await page.getByText('Measures the objective').waitFor();
    await shot(page, '12b-key-result-detail');
    await page.getByRole('button', { name: 'Unlink' }).click();
    const confirm = page.getByRole('dialog', { name: 'Unlink from Jira?' });
    await confirm.getByText('Its progress stays at 95%', { exact: false }).waitFor();
    await confirm.getByText('Its Jira syncs stay in its activity and history', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Unlink' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Check in' }).waitFor();
    await expect(page.getByTestId('big-percent').textContent()).resolves.toBe('95%');
    await expect(page.getByRole('img', { name: 'Linked to Jira' }).count()).resolves.toBe(0);
    await page.getByRole('tab', { name: 'Activity' }).click();
    await page.getByText('Unlinked from Jira by Dana Member; kept the last synced value').waitFor();
    // The Jira period stays in the activity after unlinking.
    await page.getByTestId('activity-line').filter({ hasText: /^Linked to Jira by Dana Member — 95%$/ }).waitFor();
    await shot(page, '13-key-result-unlinked');
  });

  test('a failed sync shows Jira’s reason in red and keeps the last good progress', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'All OKRs' }).click();
    const row = objectiveRow(page);
    await row.getByTestId('percent').filter({ hasText: '33%' }).first().waitFor();
    // Jira turns the credentials down (no retry helps with that).
    sim.faults.set({ failNext: { count: 20, status: 401 } });
    try {
      await row.getByRole('button', { name: 'Refresh from Jira' }).first().click();
      const error = row.getByTestId('sync-error').first();
      await error.waitFor();
      expect(await error.textContent()).toMatch(/Sync failed: .{10,}/);
      await expect(row.getByTestId('percent').first().textContent()).resolves.toBe('33%');
      await shot(page, '14-sync-failed');
    } finally {
      sim.faults.clear();
    }
    await row.getByRole('button', { name: 'Refresh from Jira' }).first().click();
    await row.getByTestId('sync-error').first().waitFor({ state: 'detached' });
    await expect(row.getByTestId('percent').first().textContent()).resolves.toBe('33%');
  });

  test('an admin refreshes every item linked through a connection from its row menu', async () => {
    const { page } = browser;
    // A 10th matching story: 3 of 10 done is 30% once synced.
    await createIssueInJira({ projectKey: 'AE', issueType: 'Story', summary: 'Unsubscribe link in every campaign', parentKey: 'AE-786' });
    await logOut(page, member.name);
    await logIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Integrations' }).click();
    await page.getByRole('region', { name: 'Jira' }).getByRole('link', { name: 'Manage' }).click();
    await page.getByRole('row', { name: 'Demo Jira' }).waitFor();
    await openRowMenu(page, 'Demo Jira', 'Refresh all linked items');
    await page.getByText('Refreshed 1 of 1 linked item from “Demo Jira”').waitFor();
    await shot(page, '15-refresh-all');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'OKRs' }).click();
    const row = objectiveRow(page);
    await row.getByRole('progressbar', { name: `${objectiveTitle}: progress 30%` }).first().waitFor({ state: 'attached' });
    await row.getByText('10 issues · 3 done').waitFor();
  });
});
