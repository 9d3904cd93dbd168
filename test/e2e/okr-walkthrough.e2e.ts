/**
 * The walk-through a new team does on day one, in headless Chromium against the real server and
 * the built web app: set up, log in, create a cycle, an objective and a key result, check in, and
 * watch the bar's percentage, colour and status word change.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { isoDaysFromToday, logIn, logOut, openRowMenu, pickDate } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const member = { name: 'Max Member', email: 'max@example.com', password: 'member password 1' };
const objectiveTitle = 'Grow the beta';
const keyResultTitle = 'Onboard beta customers';

let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser(server.baseUrl);
});

// A failed step leaves a picture of what the browser showed, next to the walk-through's own screenshots.
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('OKR walk-through', () => {
  test('an admin sets up Pacer, creates a cycle, objective and key result, checks in and sees the bar move', async () => {
    const { page } = browser;
    await page.goto('/');

    // First run: the set-up page creates the first admin and signs them in.
    await page.getByRole('heading', { name: 'Set up Pacer' }).waitFor();
    await screenshot(page, '01-setup');
    await page.getByLabel('Name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByRole('heading', { name: 'Create your first cycle' }).waitFor();

    await logOut(page, admin.name);
    await screenshot(page, '02-login');
    await logIn(page, admin.email, admin.password);

    // Admins see the admin part of the navigation.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Users' }).waitFor();
    await nav.getByRole('link', { name: 'Settings' }).waitFor();
    await screenshot(page, '03-no-cycle');

    // A cycle around today: two days ago to 17 days ahead, so about 10-15% is expected by now.
    await page.getByRole('button', { name: 'Create your first cycle' }).click();
    const cycleDialog = page.getByRole('dialog', { name: 'New cycle' });
    await cycleDialog.getByLabel('Name').fill('Walk-through cycle');
    await pickDate(page, cycleDialog, 'Start date', isoDaysFromToday(-2));
    await pickDate(page, cycleDialog, 'End date', isoDaysFromToday(17));
    await cycleDialog.getByRole('button', { name: 'Create cycle' }).click();
    await page.getByRole('heading', { name: 'Walk-through cycle', level: 1 }).waitFor();
    await expect(page.getByRole('combobox', { name: 'Cycle' }).inputValue()).resolves.toBe('Walk-through cycle');

    await page.getByRole('button', { name: 'Add an objective' }).click();
    const objectiveDialog = page.getByRole('dialog', { name: 'New objective' });
    await objectiveDialog.getByLabel('Title').fill(objectiveTitle);
    await objectiveDialog.getByLabel('Description').fill('Prove the product with real customers.');
    await objectiveDialog.getByRole('button', { name: 'Create objective' }).click();
    await objectiveDialog.waitFor({ state: 'detached' });

    const objectiveRow = page.getByRole('article', { name: objectiveTitle });
    const objectiveBar = objectiveRow.getByRole('progressbar', { name: `${objectiveTitle}: no progress yet` });
    await expect(objectiveBar.getAttribute('data-status')).resolves.toBe('not_started');

    await openRowMenu(page, objectiveTitle, 'Add key result');
    const krDialog = page.getByRole('dialog', { name: 'New key result' });
    await krDialog.getByLabel('Title').fill(keyResultTitle);
    await krDialog.getByLabel('Start value').fill('0');
    await krDialog.getByLabel('Target value').fill('10');
    await krDialog.getByLabel('Unit').fill('customers');
    await krDialog.getByRole('button', { name: 'Create key result' }).click();
    await krDialog.waitFor({ state: 'detached' });

    const krRow = page.getByRole('article', { name: keyResultTitle });
    const barBefore = krRow.getByRole('progressbar', { name: `${keyResultTitle}: no progress yet` });
    await barBefore.waitFor({ state: 'attached' });
    // No check-in yet: not started, in grey, and the word says so (not "Behind" before anyone reported).
    await expect(barBefore.getAttribute('data-status')).resolves.toBe('not_started');
    await expect(barBefore.getAttribute('style')).resolves.toContain('--mantine-color-gray');
    await expect(krRow.getByTestId('status-word').textContent()).resolves.toBe('Not started');
    await screenshot(page, '04-key-result-created');

    await openRowMenu(page, keyResultTitle, 'Check in');
    const checkInDialog = page.getByRole('dialog', { name: 'Check in' });
    await checkInDialog.getByLabel('New value').fill('3');
    await checkInDialog.getByLabel('Note').fill('Three customers signed the beta agreement.');
    await screenshot(page, '05-check-in-dialog');
    await checkInDialog.getByRole('button', { name: 'Save check-in' }).click();
    await checkInDialog.waitFor({ state: 'detached' });

    // 3 of 10 is 30%, ahead of the 10-15% expected: on track, green, and written out.
    const barAfter = krRow.getByRole('progressbar', { name: `${keyResultTitle}: progress 30%` });
    await barAfter.waitFor({ state: 'attached' });
    await expect(barAfter.getAttribute('data-status')).resolves.toBe('on_track');
    await expect(barAfter.getAttribute('style')).resolves.toContain('--mantine-color-green');
    await expect(krRow.getByTestId('status-word').textContent()).resolves.toBe('On track');
    await expect(krRow.getByTestId('percent').textContent()).resolves.toBe('30%');
    // The objective rolls up from its only key result.
    const objectiveBarAfter = objectiveRow.getByRole('progressbar', { name: `${objectiveTitle}: progress 30%` }).first();
    await expect(objectiveBarAfter.getAttribute('data-status')).resolves.toBe('on_track');
    await screenshot(page, '06-after-check-in');

    // The history keeps the check-in with its note and author.
    await openRowMenu(page, keyResultTitle, 'Check in');
    const history = page.getByRole('dialog', { name: 'Check in' });
    await history.getByText('Three customers signed the beta agreement.').waitFor();
    await history.getByText(`${admin.name} ·`).waitFor();
    await screenshot(page, '07-check-in-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
  });

  test('a member does not see the Admin navigation entries', async () => {
    const { page } = browser;
    // The admin (signed in from the walk-through) adds a member on Admin > Users.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Name').fill(member.name);
    await dialog.getByLabel('Email').fill(member.email);
    await dialog.getByLabel('Initial password').fill(member.password);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: member.email }).waitFor();
    await screenshot(page, '08-users');

    await logOut(page, admin.name);
    await logIn(page, member.email, member.password);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'OKRs' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Settings' }).count()).resolves.toBe(0);
    await expect(nav.getByText('Admin', { exact: true }).count()).resolves.toBe(0);
    // The member still sees the team's OKRs.
    await page.getByRole('article', { name: objectiveTitle }).waitFor();
    await screenshot(page, '09-member-view');
  });
});
