/** Small Playwright helpers for driving Pacer's Mantine widgets the way a person would. */
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from '../support/browser';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 'YYYY-MM-DD' for a date `offsetDays` from today, in local time (as the browser sees it). */
export function isoDaysFromToday(offsetDays: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Opens the DatePickerInput labelled `label`, pages to the right month and clicks the day. */
export async function pickDate(page: Page, dialog: Locator, label: string, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  await dialog.getByLabel(label).click();
  const dayButton = page.getByRole('button', { name: `${day} ${MONTHS[month - 1]} ${year}`, exact: true });
  for (let step = 0; step < 24; step++) {
    if (await dayButton.first().isVisible()) {
      await dayButton.first().click();
      // Wait until the calendar has closed, so the next picker's controls are the only ones on the page.
      await page.getByRole('button', { name: 'Choose month' }).waitFor({ state: 'detached' });
      return;
    }
    // The month/year the calendar shows, e.g. "November 2025", decides which way to page.
    const shown = (await page.getByRole('button', { name: 'Choose month' }).textContent()) ?? '';
    const [shownMonthName, shownYear] = shown.trim().split(/\s+/);
    const shownIndex = Number(shownYear) * 12 + MONTHS.indexOf(shownMonthName ?? '');
    const targetIndex = year * 12 + (month - 1);
    if (targetIndex === shownIndex) {
      // The right month, still opening (the dropdown animates in): wait for the day instead of paging
      // away from it — paging back past a picker's minimum date waits on a disabled button forever.
      await dayButton.first().waitFor({ state: 'visible' });
      continue;
    }
    await page.getByRole('button', { name: targetIndex > shownIndex ? 'Next month' : 'Previous month' }).click();
  }
  throw new Error(`Could not find ${isoDate} in the date picker labelled "${label}"`);
}

export async function openRowMenu(page: Page, subject: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for ${subject}`, exact: true }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function logOut(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Account menu for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
}

/** A browser at `viewport`, on Pacer's start page, signed in as `person` (once the account menu shows). */
export async function signedInBrowser(
  baseUrl: string,
  person: { name: string; email: string; password: string },
  viewport: { width: number; height: number },
): Promise<BrowserSession> {
  const browser = await launchBrowser(baseUrl);
  await browser.page.setViewportSize(viewport);
  await browser.page.goto('/');
  await logIn(browser.page, person.email, person.password);
  await browser.page.getByRole('button', { name: `Account menu for ${person.name}` }).waitFor();
  return browser;
}
