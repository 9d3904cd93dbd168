/**
 * Dialogs ask before throwing edits away (issue 15), in Chromium against the real server and the Jira
 * simulator: the check-in dialogs (key result and manual objective), the cycle dialogs and the Jira
 * connection dialog. Unedited, Esc closes at once; edited, Esc, the close button, a click outside
 * and Cancel each ask "Discard changes?"; "Keep editing" keeps what was typed, "Discard" closes, and
 * focus is back on the control that opened the dialog. Screenshots in .tmp/screenshots/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { axeViolations } from './axe';
import { isoDaysFromToday, signedInBrowser } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const measuredObjective = 'Keep customers longer';
const keyResultTitle = 'Churn below 3%';
const manualObjective = 'Hire two engineers';
const connectionName = 'Demo Jira';

let sim: JiraSim;
let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  const cycle = await api.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(80) });
  const measured = await api.post<Created>('/objectives', { cycleId: cycle.id, title: measuredObjective });
  await api.post(`/objectives/${measured.id}/key-results`, { title: keyResultTitle, startValue: 5, targetValue: 3, unit: '%' });
  await api.post('/objectives', { cycleId: cycle.id, title: manualObjective, progressMode: 'manual' });
  await api.request('PUT', '/integrations/jira', { enabled: true });
  await api.post('/integrations/jira/connections', { name: connectionName, url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  browser = await signedInBrowser(server.baseUrl, admin, { width: 1366, height: 900 });
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `discard-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

/** The focused element's accessible name, near enough: aria-label, else its text. */
async function focusedName(page: Page): Promise<string> {
  await page.waitForFunction(() => document.activeElement !== document.body, undefined, { timeout: 2_000 }).catch(() => undefined);
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '<body>';
    return (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

type Closer = 'Escape' | 'close button' | 'click outside' | 'Cancel';

async function tryToClose(page: Page, dialog: Locator, how: Closer): Promise<void> {
  if (how === 'Escape') await page.keyboard.press('Escape');
  else if (how === 'close button') await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  else if (how === 'Cancel') await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  // The overlay's top-left corner is outside every dialog Pacer opens.
  else await page.mouse.click(8, 8);
}

const question = (page: Page) => page.getByRole('dialog', { name: 'Discard changes?' });

/**
 * With `field` edited to `edited`: each way of closing asks; "Keep editing" keeps the edit (checked
 * after each), then the last way is answered "Discard", which closes the dialog.
 */
async function expectAskBeforeDiscarding(page: Page, dialog: Locator, field: Locator, edited: string, ways: Closer[], shotName: string): Promise<void> {
  for (const [index, how] of ways.entries()) {
    await tryToClose(page, dialog, how);
    await question(page).waitFor();
    expect(await dialog.isVisible(), `the dialog stays open behind the question (${how})`).toBe(true);
    if (index === 0) {
      expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
      await screenshot(page, `discard-${shotName}`);
    }
    if (index < ways.length - 1) {
      await question(page).getByRole('button', { name: 'Keep editing' }).click();
      await question(page).waitFor({ state: 'detached' });
      expect(await field.inputValue(), `the edit is kept after "Keep editing" (${how})`).toBe(edited);
    } else {
      await question(page).getByRole('button', { name: 'Discard', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    }
  }
}

async function showOkrPage(page: Page): Promise<void> {
  await page.goto('/okrs');
  await page.getByRole('article', { name: keyResultTitle }).waitFor();
}

async function openRowMenuItem(page: Page, subject: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${subject}`, exact: true }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

describe('dialogs ask before discarding edits', () => {
  test('the key result check-in dialog: unedited Esc closes at once; edited, every way of closing asks', async () => {
    const { page } = browser;
    await showOkrPage(page);
    const dialog = page.getByRole('dialog', { name: 'Check in' });

    await openRowMenuItem(page, keyResultTitle, 'Check in');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await question(page).count()).toBe(0);

    await openRowMenuItem(page, keyResultTitle, 'Check in');
    const value = dialog.getByRole('textbox', { name: 'New value' });
    await value.fill('4.2');
    await dialog.getByRole('textbox', { name: 'Note' }).fill('Fewer cancellations after the new onboarding');
    await expectAskBeforeDiscarding(page, dialog, value, '4.2', ['Escape', 'close button', 'click outside', 'Cancel'], 'key-result-check-in');
    expect(await focusedName(page), 'focus after discarding').toBe(`Actions for ${keyResultTitle}`);
    // Nothing was saved.
    await openRowMenuItem(page, keyResultTitle, 'Check in');
    await dialog.getByText('No check-ins yet.', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  test('the objective check-in dialog asks too', async () => {
    const { page } = browser;
    await showOkrPage(page);
    const dialog = page.getByRole('dialog', { name: 'Check in' });
    await openRowMenuItem(page, manualObjective, 'Check in');
    const note = dialog.getByRole('textbox', { name: 'Note' });
    await note.fill('Two offers out');
    await expectAskBeforeDiscarding(page, dialog, note, 'Two offers out', ['Escape', 'Cancel'], 'objective-check-in');
    expect(await focusedName(page), 'focus after discarding').toBe(`Actions for ${manualObjective}`);
  });

  test('the new and edit cycle dialogs: unedited Esc closes at once; edited, Esc, a click outside and Cancel ask', async () => {
    const { page } = browser;
    await showOkrPage(page);
    const cycleMenu = async (item: string) => {
      await page.getByRole('button', { name: 'Cycle settings' }).click();
      await page.getByRole('menuitem', { name: item }).click();
    };
    const newCycle = page.getByRole('dialog', { name: 'New cycle' });
    await cycleMenu('New cycle');
    await newCycle.waitFor();
    await page.keyboard.press('Escape');
    await newCycle.waitFor({ state: 'detached' });
    expect(await question(page).count()).toBe(0);

    await cycleMenu('New cycle');
    const name = newCycle.getByRole('textbox', { name: 'Name' });
    await name.fill('Hiring sprint');
    await expectAskBeforeDiscarding(page, newCycle, name, 'Hiring sprint', ['Escape', 'click outside', 'Cancel'], 'new-cycle');
    expect(await focusedName(page), 'focus after discarding').toBe('Cycle settings');

    const editCycle = page.getByRole('dialog', { name: 'Edit cycle' });
    await cycleMenu('Edit cycle');
    const editName = editCycle.getByRole('textbox', { name: 'Name' });
    await editName.fill('This quarter, renamed');
    await expectAskBeforeDiscarding(page, editCycle, editName, 'This quarter, renamed', ['Escape', 'close button'], 'edit-cycle');
    // Discarded: the cycle keeps its name.
    await page.getByRole('button', { name: 'Cycle settings' }).waitFor();
    expect(await page.getByText('This quarter, renamed').count()).toBe(0);
  });

  test('the Jira connection dialog, new and edit: unedited Esc closes at once; edited, every way of closing asks', async () => {
    const { page } = browser;
    await page.goto('/admin/integrations/jira');
    await page.getByRole('button', { name: `Actions for ${connectionName}` }).waitFor();
    const newConnection = page.getByRole('dialog', { name: 'New Jira connection' });
    const newButton = page.getByRole('button', { name: 'New Connection' });

    await newButton.click();
    await newConnection.waitFor();
    await page.keyboard.press('Escape');
    await newConnection.waitFor({ state: 'detached' });
    expect(await question(page).count()).toBe(0);

    await newButton.click();
    const url = newConnection.getByRole('textbox', { name: 'Jira URL' });
    await url.fill('https://example.atlassian.net');
    await expectAskBeforeDiscarding(page, newConnection, url, 'https://example.atlassian.net', ['Escape', 'close button', 'click outside', 'Cancel'], 'new-jira-connection');
    expect(await focusedName(page), 'focus after discarding').toBe('New Connection');

    const editConnection = page.getByRole('dialog', { name: 'Edit Jira connection' });
    await openRowMenuItem(page, connectionName, 'Edit');
    const scope = editConnection.getByRole('textbox', { name: 'Scope JQL' });
    await scope.fill('project = AE');
    await expectAskBeforeDiscarding(page, editConnection, scope, 'project = AE', ['Escape', 'Cancel'], 'edit-jira-connection');
    expect(await focusedName(page), 'focus after discarding').toBe(`Actions for ${connectionName}`);
    expect(await page.getByTestId('scope').count(), 'the discarded scope was not saved').toBe(0);
  });
});
