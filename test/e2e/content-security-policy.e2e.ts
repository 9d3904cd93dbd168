/**
 * The built web app under the server's Content-Security-Policy (issue 13): no inline script, inline
 * <style> only with the per-response nonce. Mantine injects <style> tags; they must carry the
 * nonce from index.html's csp-nonce meta, and the browser must report no violation while the
 * set-up page, the OKR page and a dialog render.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';

let server: RunningServer;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser(server.baseUrl);
  // Runs before the page's own scripts; scripts added by the browser driver are not subject to CSP.
  await browser.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function violations(): Promise<string[]> {
  return browser.page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

test('the web app renders with its styles and no CSP violation', async () => {
  const { page } = browser;
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self' 'nonce-");
  await page.getByRole('heading', { name: 'Set up Pacer' }).waitFor();

  const styles = await page.evaluate(() => {
    const meta = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
    const tags = [...document.querySelectorAll<HTMLStyleElement>('style')];
    return { nonce: meta?.nonce ?? '', tags: tags.length, withNonce: tags.filter((tag) => meta && tag.nonce === meta.nonce).length };
  });
  expect(styles.nonce).toMatch(/^[0-9a-f]{32}$/);
  expect(styles.tags).toBeGreaterThan(0);
  expect(styles.withNonce).toBe(styles.tags);
  // Mantine's CSS variables (from its <style> tag) took effect: the button has its blue background.
  const background = await page.getByRole('button', { name: 'Create admin account' }).evaluate((button) => getComputedStyle(button).backgroundColor);
  expect(background).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);

  await page.getByLabel('Name').fill('Ada Admin');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('violet kettle under moonlight');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await page.getByRole('heading', { name: 'Create your first cycle' }).waitFor();
  await page.getByRole('button', { name: 'Create your first cycle' }).click();
  await page.getByRole('dialog', { name: 'New cycle' }).waitFor();
  await screenshot(page, 'csp-new-cycle-dialog');
  expect(await violations()).toEqual([]);
});
