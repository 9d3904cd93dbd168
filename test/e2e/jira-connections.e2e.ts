/**
 * Admin > Integrations in headless Chromium, against the real Pacer server and the real Jira
 * simulator (in this process), once with a Jira Cloud and once with a Jira Data Center simulator:
 * enable Jira, add a connection that Jira accepts, see Jira's reason when it does not (with what was
 * typed kept), add a second one, test, edit (with a scope JQL Jira checks) and delete from the row menu, disable without losing
 * anything, and make sure members never see the admin part. Screenshots land in .tmp/screenshots/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type DeploymentMode, type JiraSim } from '../../jira-sim/src/index';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession } from './api-seed';
import { logIn, logOut, openRowMenu } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const member = { name: 'Max Member', email: 'max@pacer.test', password: 'max password 1' };

interface Credentials {
  authType: 'Password or API token' | 'Personal access token';
  username: string;
  secret: string;
}

/** The demo scenario's people (jira-sim/src/scenarios/demo.ts, common.ts makeUser). */
const MODES: Array<{
  mode: DeploymentMode;
  label: string;
  first: Credentials;
  wrong: Credentials;
  second: Credentials;
  secondUser: string;
}> = [
  {
    mode: 'cloud',
    label: 'Cloud',
    first: { authType: 'Password or API token', username: 'dana@example.com', secret: 'sim-api-token-dana' },
    wrong: { authType: 'Password or API token', username: 'priya@example.com', secret: 'not-the-api-token' },
    second: { authType: 'Password or API token', username: 'priya@example.com', secret: 'sim-api-token-priya' },
    secondUser: 'Priya Raman',
  },
  {
    mode: 'datacenter',
    label: 'Data Center',
    first: { authType: 'Password or API token', username: 'dana', secret: 'dana-password' },
    wrong: { authType: 'Personal access token', username: '', secret: 'not-a-personal-access-token' },
    // A personal access token needs no username.
    second: { authType: 'Personal access token', username: '', secret: 'sim-pat-priya' },
    secondUser: 'Priya Raman',
  },
];

function textbox(scope: Locator, name: string): Locator {
  return scope.getByRole('textbox', { name, exact: true });
}

/** SegmentedControl hides its radio inputs behind their labels, so a person (and this) clicks the label. */
async function chooseSegment(scope: Locator, name: string): Promise<void> {
  const radio = scope.getByRole('radio', { name, exact: true });
  if (await radio.isChecked()) return;
  const id = await radio.getAttribute('id');
  if (!id) throw new Error(`The "${name}" option has no id to find its label by`);
  await scope.locator(`label[for="${id}"]`).click();
  await expect(radio.isChecked()).resolves.toBe(true);
}

async function fillConnection(dialog: Locator, name: string, url: string, credentials: Credentials): Promise<void> {
  await textbox(dialog, 'Name').fill(name);
  await textbox(dialog, 'Jira URL').fill(url);
  await chooseSegment(dialog, credentials.authType);
  await textbox(dialog, 'Username').fill(credentials.username);
  await textbox(dialog, credentials.authType).fill(credentials.secret);
}

function row(page: Page, name: string): Locator {
  return page.getByRole('table', { name: 'Jira connections' }).getByRole('row', { name, exact: true });
}

describe.each(MODES)('Jira connections against a $label simulator', ({ mode, label, first, wrong, second, secondUser }) => {
  let sim: JiraSim;
  let server: RunningServer;
  let browser: BrowserSession;
  const shot = (page: Page, name: string) => screenshot(page, `jira-${mode}-${name}`);

  beforeAll(async () => {
    sim = await startJiraSim({ mode, port: 0, scenario: 'demo', control: true });
    server = await startServer();
    const api = new ApiSession(server.baseUrl);
    await api.post('/setup', admin);
    await api.post('/users', { ...member, role: 'member' });
    browser = await launchBrowser(server.baseUrl);
    await browser.page.goto('/');
    await logIn(browser.page, admin.email, admin.password);
  });

  afterEach(async (context) => {
    sim.faults.clear();
    if (context.task.result?.state === 'fail') await shot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.close();
  });

  test('an admin enables Jira, adds a connection and sees it healthy with the deployment and Jira user', async () => {
    const { page } = browser;
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Integrations' }).click();
    const card = page.getByRole('region', { name: 'Jira' });
    await card.getByRole('button', { name: 'Enable' }).waitFor();
    await shot(page, '01-integrations-off');

    await card.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('heading', { name: 'Connect Pacer to Jira' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/integrations/jira');
    await shot(page, '02-no-connections');

    await page.getByRole('button', { name: 'New Connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Jira connection' });
    await fillConnection(dialog, 'Company Jira', sim.url, first);
    // A slow Jira, so the spinner is there long enough to be seen (and photographed).
    sim.faults.set({ latencyMs: 700 });
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('Asking Jira…').waitFor();
    await shot(page, '03-asking-jira');

    await dialog.getByText(`Connected to Jira ${label} as Dana Whitfield`).waitFor();
    await shot(page, '04-connected');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    const company = row(page, 'Company Jira');
    await expect(company.getByTestId('deployment').textContent()).resolves.toBe(label);
    await company.getByText('Dana Whitfield').waitFor();
    await expect(company.getByTestId('health').textContent()).resolves.toBe('ok');
    await company.getByText('checked just now').waitFor();
    await expect(company.getByRole('link', { name: sim.url }).getAttribute('href')).resolves.toBe(sim.url);
    await shot(page, '05-one-connection');
  });

  test("a wrong secret shows Jira's reason and keeps what was typed; a second connection can be added", async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'New Connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Jira connection' });
    await fillConnection(dialog, 'Team Jira', sim.url, wrong);
    await dialog.getByRole('button', { name: 'Next' }).click();

    const reason = dialog.getByRole('alert');
    await reason.getByText('Pacer could not connect to Jira').waitFor();
    await expect(reason.textContent()).resolves.toMatch(/rejected/i);
    await expect(reason.textContent()).resolves.toContain('Nothing was saved');
    await shot(page, '06-wrong-secret');
    // Everything typed is still there to correct.
    await expect(textbox(dialog, 'Name').inputValue()).resolves.toBe('Team Jira');
    await expect(textbox(dialog, 'Jira URL').inputValue()).resolves.toBe(sim.url);
    await expect(textbox(dialog, 'Username').inputValue()).resolves.toBe(wrong.username);
    await expect(textbox(dialog, wrong.authType).inputValue()).resolves.toBe(wrong.secret);

    await fillConnection(dialog, 'Team Jira', sim.url, second);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText(`Connected to Jira ${label} as ${secondUser}`).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    const team = row(page, 'Team Jira');
    await team.getByText(secondUser).waitFor();
    await expect(team.getByTestId('health').textContent()).resolves.toBe('ok');
    await row(page, 'Company Jira').waitFor();
    await shot(page, '07-two-connections');
  });

  test('a second connection with a name already in use is refused under the name field', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'New Connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New Jira connection' });
    await fillConnection(dialog, 'company jira', sim.url, first);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('alert').getByText('A Jira connection named "company jira" already exists; choose another name.').waitFor();
    await expect(textbox(dialog, 'Name').getAttribute('aria-invalid')).resolves.toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // What was typed is not saved: Cancel asks before throwing it away.
    await page.getByRole('dialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('Test shows a Jira outage and the recovery; Edit renames and keeps the secret; Delete says what it affects', async () => {
    const { page } = browser;
    const company = row(page, 'Company Jira');

    sim.faults.set({ dropConnection: { probability: 1 } });
    await openRowMenu(page, 'Company Jira', 'Test connection');
    await page.getByText('“Company Jira” is failing').waitFor();
    await expect(company.getByTestId('health').getAttribute('data-status')).resolves.toBe('failing');
    await expect(company.getByTestId('health').textContent()).resolves.toBe('failing: Jira unreachable');
    await page.getByTestId('health-message').getByText(/cut off before Jira answered/).waitFor();
    await shot(page, '08-failing');

    sim.faults.clear();
    await openRowMenu(page, 'Company Jira', 'Test connection');
    await page.getByText('“Company Jira” works').waitFor();
    await expect(company.getByTestId('health').textContent()).resolves.toBe('ok');
    await expect(page.getByTestId('health-message').count()).resolves.toBe(0);

    await openRowMenu(page, 'Company Jira', 'Edit');
    const edit = page.getByRole('dialog', { name: 'Edit Jira connection' });
    await expect(textbox(edit, 'Name').inputValue()).resolves.toBe('Company Jira');
    await expect(textbox(edit, 'Username').inputValue()).resolves.toBe(first.username);
    // The stored secret never comes back; a blank field keeps it.
    await expect(textbox(edit, first.authType).inputValue()).resolves.toBe('');
    await edit.getByText('Leave blank to keep the current secret.').waitFor();
    await shot(page, '09-edit');
    // A new username (or address) would send the stored secret somewhere new: the form asks for it again.
    await textbox(edit, 'Username').fill('someone-else');
    await edit.getByText(/again: Pacer never sends the stored one/).waitFor();
    await textbox(edit, 'Username').fill(first.username);
    await edit.getByText('Leave blank to keep the current secret.').waitFor();
    await textbox(edit, 'Name').fill('Company Jira (main)');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await row(page, 'Company Jira (main)').getByText('Dana Whitfield').waitFor();

    await openRowMenu(page, 'Team Jira', 'Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete “Team Jira”?' });
    await confirm.getByText('No objectives or key results use this connection.', { exact: false }).waitFor();
    await shot(page, '10-delete');
    await confirm.getByRole('button', { name: 'Delete connection' }).click();
    await confirm.waitFor({ state: 'detached' });
    await row(page, 'Team Jira').waitFor({ state: 'detached' });
    await row(page, 'Company Jira (main)').waitFor();
  });

  test('Edit sets a scope JQL: Jira checks it first, a query it rejects says so, and the saved scope reads back', async () => {
    const { page } = browser;
    await openRowMenu(page, 'Company Jira (main)', 'Edit');
    const edit = page.getByRole('dialog', { name: 'Edit Jira connection' });
    await edit.getByText(/people only see issues inside it/).waitFor();
    await textbox(edit, 'Scope JQL').fill('project = = OPS');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByRole('alert').getByText('Jira rejected the scope JQL', { exact: true }).waitFor();
    await shot(page, '10a-scope-rejected');
    await textbox(edit, 'Scope JQL').fill('project in (AE, OPS)');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect(row(page, 'Company Jira (main)').getByTestId('scope').textContent()).resolves.toBe('Scope: project in (AE, OPS)');

    await openRowMenu(page, 'Company Jira (main)', 'Edit');
    const again = page.getByRole('dialog', { name: 'Edit Jira connection' });
    await expect(textbox(again, 'Scope JQL').inputValue()).resolves.toBe('project in (AE, OPS)');
    await shot(page, '10b-scope-saved');
    await again.getByRole('button', { name: 'Cancel' }).click();
    await again.waitFor({ state: 'detached' });
  });

  test('disabling Jira deletes nothing, and enabling it again brings the connections back', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Integrations', exact: true }).first().click();
    const card = page.getByRole('region', { name: 'Jira' });
    await card.getByText('1 connection').waitFor();
    await shot(page, '11-integrations-on');

    await card.getByRole('button', { name: 'Disable integration' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable the Jira integration?' });
    await confirm.getByText(/Nothing is deleted.*Syncing pauses/).waitFor();
    await shot(page, '12-disable');
    await confirm.getByRole('button', { name: 'Disable integration' }).click();
    await confirm.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Enable' }).click();
    await row(page, 'Company Jira (main)').waitFor();
  });

  test('a member sees no Admin entry and is told the page is for admins', async () => {
    const { page } = browser;
    await logOut(page, admin.name);
    await logIn(page, member.email, member.password);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'OKRs' }).waitFor();
    await expect(nav.getByText('Admin', { exact: true }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Integrations' }).count()).resolves.toBe(0);

    await page.goto('/admin/integrations/jira');
    await page.getByText('This page is for Pacer admins.', { exact: false }).waitFor();
    await expect(page.getByText('Company Jira (main)').count()).resolves.toBe(0);
    await shot(page, '13-member');
  });
});
