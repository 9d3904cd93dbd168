/**
 * The OKR page's filters (issue 14), in Chromium against the real server: a team picked in the team
 * selector and "My OKRs" (owned by me, or by a team I belong to) narrow the list through the API's
 * teamId= and mine=true, land in the address so the link can be shared (opening it shows the same
 * filtered list), and work by keyboard, at 1366 and 390 px, with no axe violation. Admin > Teams adds
 * and deletes the teams the selector offers.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { axeViolations } from './axe';
import { isoDaysFromToday, logIn } from './helpers';

const admin = { name: 'Dana Lead', email: 'dana@example.com', password: 'dana password 1' };
const growthTitle = 'Grow weekly active teams';
const platformTitle = 'Make the platform boring';
const danasOwnTitle = 'Hire a design lead';
const unassignedTitle = 'Tidy the backlog';

let server: RunningServer;
let browser: BrowserSession;
let growthTeamId: string;

beforeAll(async () => {
  server = await startServer();
  const api = new ApiSession(server.baseUrl);
  const dana = (await api.post<{ user: Created }>('/setup', admin)).user;
  const omar = await api.post<Created>('/users', { name: 'Omar Reyes', email: 'omar@example.com', password: 'omar password 1' });
  const cycle = await api.post<Created>('/cycles', { name: 'Q4 2026', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(80) });
  // Dana is a member of Growth, not of Platform; Omar owns every objective but her own.
  growthTeamId = (await api.post<Created>('/teams', { name: 'Growth', memberIds: [dana.id] })).id;
  const platform = await api.post<Created>('/teams', { name: 'Platform', ownerIds: [omar.id] });
  await api.post('/objectives', { cycleId: cycle.id, title: growthTitle, ownerId: omar.id, teamIds: [growthTeamId] });
  await api.post('/objectives', { cycleId: cycle.id, title: platformTitle, ownerId: omar.id, teamIds: [platform.id] });
  await api.post('/objectives', { cycleId: cycle.id, title: danasOwnTitle, ownerId: dana.id });
  await api.post('/objectives', { cycleId: cycle.id, title: unassignedTitle, ownerId: omar.id });
  browser = await launchBrowser(server.baseUrl);
  await browser.page.goto('/');
  await logIn(browser.page, admin.email, admin.password);
  await browser.page.getByRole('heading', { name: 'Q4 2026', level: 1 }).waitFor();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, `okr-filters-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The objective titles the list shows, in order. */
async function shownObjectives(page: Page): Promise<string[]> {
  const titles = await page
    .getByRole('article')
    .evaluateAll((articles) => articles.map((a) => document.getElementById(a.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? ''));
  return titles.filter((title) => [growthTitle, platformTitle, danasOwnTitle, unassignedTitle].includes(title)).sort();
}

async function expectShown(page: Page, titles: string[]): Promise<void> {
  await expect.poll(() => shownObjectives(page), { timeout: 10_000 }).toEqual([...titles].sort());
}

describe('OKR page filters', () => {
  test('a team picked in the team selector keeps that team\'s objectives and is kept in the address', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 900 });
    await expectShown(page, [growthTitle, platformTitle, danasOwnTitle, unassignedTitle]);
    await page.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Platform' }).click();
    await expectShown(page, [platformTitle]);
    expect(new URL(page.url()).searchParams.get('team')).not.toBeNull();
    await screenshot(page, 'okr-filters-team-1366');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('"My OKRs" keeps what I own and what my teams hold, and a shared link opens the same list', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'All teams' }).click();
    await expectShown(page, [growthTitle, platformTitle, danasOwnTitle, unassignedTitle]);
    await page.getByText('My OKRs', { exact: true }).click();
    await expectShown(page, [growthTitle, danasOwnTitle]);
    const url = new URL(page.url());
    expect(url.searchParams.get('mine')).toBe('1');
    expect(url.searchParams.get('cycle')).toBeNull();

    // The address alone brings the filter back: a colleague opening the link sees the same list.
    await page.goto(`/okrs?mine=1&team=${growthTeamId}`);
    await expectShown(page, [growthTitle]);
    await expect.poll(() => page.getByRole('combobox', { name: 'Team' }).inputValue()).toBe('Growth');
    expect(await page.getByRole('radio', { name: 'My OKRs' }).isChecked()).toBe(true);
  });

  test('a filter that matches nothing says so and offers the whole list', async () => {
    const { page } = browser;
    await page.goto(`/okrs?mine=1`);
    await page.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Platform' }).click();
    await page.getByText("None of Platform's objectives in this cycle are yours or your teams'.").waitFor();
    await page.getByRole('button', { name: 'Show all OKRs' }).click();
    await expectShown(page, [growthTitle, platformTitle, danasOwnTitle, unassignedTitle]);
    expect(new URL(page.url()).search).toBe('');
  });

  test('keyboard only: the switch and the team selector are reached by Tab and changed with arrows and Enter', async () => {
    const { page } = browser;
    await page.goto('/okrs');
    await expectShown(page, [growthTitle, platformTitle, danasOwnTitle, unassignedTitle]);
    await page.getByRole('radio', { name: 'All OKRs' }).focus();
    await page.keyboard.press('ArrowRight');
    await expectShown(page, [growthTitle, danasOwnTitle]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Team');
    // The list opens on "All teams"; one step down is Growth.
    await page.keyboard.press('ArrowDown');
    await page.getByRole('listbox').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('combobox', { name: 'Team' }).inputValue()).toBe('Growth');
    await expectShown(page, [growthTitle]);
  });

  test('at 390 px the filters fit beside the list without sideways scrolling, with no axe violation', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/okrs?team=${growthTeamId}`);
    await expectShown(page, [growthTitle]);
    await screenshot(page, 'okr-filters-team-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  test('Admin > Teams lists the teams; a team added there with a parent and a member is offered by the OKR page', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Teams', exact: true }).click();
    const table = page.getByRole('table', { name: 'Teams' });
    await table.waitFor();
    expect(await table.getByRole('row', { name: /^Growth/ }).textContent()).toContain('Dana Lead');
    expect(await table.getByRole('row', { name: /^Platform/ }).textContent()).toContain('Omar Reyes');

    await page.getByRole('button', { name: 'Add team' }).click();
    const dialog = page.getByRole('dialog', { name: 'New team' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Design');
    await dialog.getByRole('combobox', { name: 'Parent team' }).click();
    await page.getByRole('option', { name: 'Growth' }).click();
    await dialog.getByRole('combobox', { name: 'Members' }).fill('Omar');
    await page.getByRole('option', { name: 'Omar Reyes' }).click();
    await page.keyboard.press('Escape'); // closes the people list, not the dialog
    await screenshot(page, 'teams-dialog-1366');
    expect(await axeViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.waitFor({ state: 'detached' });
    const design = table.getByRole('row', { name: /^Design/ });
    await design.waitFor();
    expect((await design.getByRole('cell').allTextContents()).slice(0, 4)).toEqual(['Design', 'Growth', '—', 'Omar Reyes']);
    await screenshot(page, 'teams-page-1366');
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    // Loaded at this width (a resize leaves the navigation sliding away mid-animation in the shot).
    await page.goto('/admin/teams');
    const designCard = page.getByRole('article', { name: 'Design' });
    await designCard.waitFor();
    expect(await designCard.textContent()).toContain('Parent team: Growth');
    await designCard.getByRole('button', { name: 'Edit team Design' }).waitFor();
    await screenshot(page, 'teams-page-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page, undefined, { bestPractices: true })).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 900 });

    await page.goto('/okrs');
    await page.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Design' }).waitFor();
    await page.keyboard.press('Escape');
  });

  test('deleting a team on Admin > Teams keeps its objectives and takes it out of the team selector', async () => {
    const { page } = browser;
    await page.goto('/admin/teams');
    await page.getByRole('button', { name: 'Delete team Platform' }).click();
    await page.getByRole('dialog', { name: 'Delete team Platform?' }).getByRole('button', { name: 'Delete team' }).click();
    await page.getByRole('table', { name: 'Teams' }).getByRole('row', { name: /^Platform/ }).waitFor({ state: 'detached' });
    await page.goto('/okrs');
    await expectShown(page, [growthTitle, platformTitle, danasOwnTitle, unassignedTitle]);
    await page.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Growth' }).waitFor();
    expect(await page.getByRole('option', { name: 'Platform' }).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  test('an objective created with a team in the objective dialog is shown when that team is picked', async () => {
    const { page } = browser;
    const title = 'Redesign the settings pages';
    await page.goto('/okrs');
    await page.getByRole('button', { name: 'New objective' }).click();
    const dialog = page.getByRole('dialog', { name: 'New objective' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill(title);
    await dialog.getByRole('combobox', { name: 'Teams' }).fill('Des');
    await page.getByRole('option', { name: 'Design' }).click();
    await page.keyboard.press('Escape'); // closes the team list, not the dialog
    await dialog.getByRole('button', { name: 'Create objective' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Design' }).click();
    await expect.poll(() => page.getByRole('article').evaluateAll((articles) => articles.length), { timeout: 10_000 }).toBe(1);
    await page.getByRole('article', { name: title }).waitFor();
  });
});
