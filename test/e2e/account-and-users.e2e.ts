/**
 * Cutting people off, in headless Chromium against the real server (issue 13): a member changes
 * their password and manages their own API tokens from the account menu; an admin reviews and
 * revokes a member's tokens and deactivates them in Admin > Users, after which the member's script
 * and browser are refused and sign-in says why. Each screen is checked with axe-core, at desktop
 * width and at 390 px. Screenshots land in .tmp/screenshots/.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession } from './api-seed';
import { axeViolations } from './axe';
import { logIn, logOut } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };
const member = { name: 'Max Member', email: 'max@pacer.test', password: 'max password 1' };
const newMemberPassword = 'max changed this 2';

const shot = (page: Page, name: string) => screenshot(page, `account-${name}`);

async function expectAccessible(page: Page, where: string, selector?: string): Promise<void> {
  expect(await axeViolations(page, selector), where).toEqual([]);
}

/** What a script holding the token gets from GET /me. */
async function scriptCall(baseUrl: string, token: string): Promise<{ status: number; message: string }> {
  const response = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { error?: { message?: string } };
  return { status: response.status, message: body.error?.message ?? '' };
}

describe('own password and tokens; admin tokens and deactivation', () => {
  let server: RunningServer;
  let browser: BrowserSession;

  beforeAll(async () => {
    server = await startServer();
    const api = new ApiSession(server.baseUrl);
    await api.post('/setup', admin);
    await api.post('/users', { ...member, role: 'member' });
    browser = await launchBrowser(server.baseUrl);
    await browser.page.goto('/');
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await shot(browser.page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a member creates a token, changes their password (tokens revoked) and revokes a token', async () => {
    const { page } = browser;
    await logIn(page, member.email, member.password);
    await page.getByRole('button', { name: `Account menu for ${member.name}` }).click();
    await page.getByRole('menuitem', { name: 'Password and API tokens' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.getByText('No API tokens.').waitFor();
    await expectAccessible(page, 'account page, empty');

    await page.getByRole('textbox', { name: 'Token name' }).fill('Weekly report');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent()) ?? '';
    expect(token).toMatch(/^pacer_/);
    await page.getByRole('table', { name: 'Your API tokens' }).getByRole('row', { name: /Weekly report/ }).waitFor();
    expect((await scriptCall(server.baseUrl, token)).status).toBe(200);
    await expectAccessible(page, 'account page with a new token');
    await shot(page, '01-member-token-created');

    // A wrong current password is named under its field and changes nothing.
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel(/^New password/).fill(newMemberPassword);
    await page.getByLabel('Repeat the new password').fill(newMemberPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('is not your current password').waitFor();
    // The message is tied to the field, so a screen reader reads it with the field.
    const describedBy = (await page.getByLabel('Current password').getAttribute('aria-describedby')) ?? '';
    await expect(page.locator(`[id="${describedBy.split(' ').find((id) => id.endsWith('-error')) ?? 'none'}"]`).textContent()).resolves.toMatch(/not your current password/);
    await expectAccessible(page, 'password form with an error');
    await shot(page, '02-member-wrong-current-password');
    expect((await scriptCall(server.baseUrl, token)).status).toBe(200);

    await page.getByLabel('Current password').fill(member.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    // The session that made the change stays; the token is gone.
    await page.getByText('No API tokens.').waitFor();
    expect((await scriptCall(server.baseUrl, token)).status).toBe(401);
    await expect(page.getByLabel('Current password').inputValue()).resolves.toBe('');

    await page.getByRole('textbox', { name: 'Token name' }).fill('Dashboard');
    await page.getByRole('button', { name: 'Create token' }).click();
    const second = (await page.getByTestId('new-token').textContent()) ?? '';
    await page.getByRole('button', { name: 'Revoke token Dashboard' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “Dashboard”?' });
    await expectAccessible(page, 'revoke confirmation');
    await shot(page, '03-member-revoke-confirm');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('No API tokens.').waitFor();
    expect((await scriptCall(server.baseUrl, second)).status).toBe(401);

    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByRole('textbox', { name: 'Token name' }).fill('Phone script');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByTestId('new-token').waitFor();
      await expectAccessible(page, 'account page at 390 px');
      await shot(page, '04-member-account-390px');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    await logOut(page, member.name);
  });

  test("an admin revokes a member's token and deactivates them; the member is refused, then reactivated", async () => {
    const { page } = browser;
    const memberApi = new ApiSession(server.baseUrl);
    await memberApi.post('/auth/login', { email: member.email, password: newMemberPassword });
    const ci = await memberApi.post<{ id: string; token: string }>('/tokens', { name: 'CI pipeline' });

    await logIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    const users = page.getByRole('table', { name: 'Users' });
    const maxRow = users.getByRole('row', { name: new RegExp(member.name) });
    await maxRow.waitFor();
    await expect(users.getByRole('switch', { name: `Active: ${admin.name}` }).isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'users page');

    await maxRow.getByRole('button', { name: `API tokens of ${member.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `API tokens of ${member.name}` });
    await dialog.getByRole('row', { name: /CI pipeline/ }).waitFor();
    await dialog.getByRole('row', { name: /Phone script/ }).waitFor();
    await expectAccessible(page, 'user tokens dialog');
    await shot(page, '05-admin-user-tokens');
    await dialog.getByRole('button', { name: 'Revoke token CI pipeline' }).click();
    const confirmRevoke = page.getByRole('dialog', { name: 'Revoke “CI pipeline”?' });
    await confirmRevoke.getByRole('button', { name: 'Revoke token' }).click();
    await confirmRevoke.waitFor({ state: 'detached' });
    await dialog.getByRole('row', { name: /CI pipeline/ }).waitFor({ state: 'detached' });
    expect((await scriptCall(server.baseUrl, ci.token)).status).toBe(401);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const phone = await memberApi.post<{ token: string }>('/tokens', { name: 'Still running' });
    await maxRow.getByRole('switch', { name: `Active: ${member.name}` }).click({ force: true });
    const confirmDeactivate = page.getByRole('dialog', { name: `Deactivate ${member.name}?` });
    await expectAccessible(page, 'deactivate confirmation');
    await shot(page, '06-admin-deactivate-confirm');
    await confirmDeactivate.getByRole('button', { name: 'Deactivate' }).click();
    await confirmDeactivate.waitFor({ state: 'detached' });
    await maxRow.getByText('Deactivated').waitFor();
    await expect(maxRow.getByRole('switch', { name: `Active: ${member.name}` }).isChecked()).resolves.toBe(false);
    await expectAccessible(page, 'users page with a deactivated user');
    await shot(page, '07-admin-user-deactivated');

    const refused = await scriptCall(server.baseUrl, phone.token);
    expect(refused.status).toBe(401);
    expect(refused.message).toMatch(/deactivated/);

    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await maxRow.getByText('Deactivated').waitFor();
      await expectAccessible(page, 'users page at 390 px');
      await shot(page, '08-admin-users-390px');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    await logOut(page, admin.name);
    await logIn(page, member.email, newMemberPassword);
    await page.getByText(/deactivated by an admin/).waitFor();
    await shot(page, '09-deactivated-sign-in');

    await logIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users' }).click();
    await maxRow.getByRole('switch', { name: `Active: ${member.name}` }).click({ force: true });
    await maxRow.getByText('Deactivated').waitFor({ state: 'detached' });
    // Reactivated: they sign in again, but nothing from before works.
    expect((await scriptCall(server.baseUrl, phone.token)).status).toBe(401);
    const again = new ApiSession(server.baseUrl);
    await again.post('/auth/login', { email: member.email, password: newMemberPassword });
  });
});
