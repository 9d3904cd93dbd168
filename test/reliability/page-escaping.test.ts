/**
 * HTML injection stored through the API is shown as text in the page, never run: objectives, key
 * results, descriptions and people named with markup appear literally on the OKR page and the
 * item page in headless Chromium, no dialog fires, no injected element or script exists.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, type BrowserSession } from '../support/browser';
import { bearer, call } from './support/api-client';
import { REPO_ROOT, startPacer, type PacerProcess } from '../support/pacer-process';
import { openMigrated, seedUser, type SeededUser } from '../support/bulk-seed';

const OBJECTIVE_TITLE = '<img src=x onerror=alert(1)>';
const KEY_RESULT_TITLE = '<script>window.pwned = "kr"</script>';
const DESCRIPTION = '"><svg/onload="window.pwned=\'description\'">';
const OWNER_NAME = '<b onmouseover=alert(2)>Bold</b> Owner';
const OTHER_TITLE = "'; DROP TABLE objectives; -- <iframe src=javascript:alert(3)>";

describe('stored HTML is shown escaped in the page', () => {
  let dataDir: string;
  let server: PacerProcess;
  let browser: BrowserSession;
  let admin: SeededUser;
  let objectiveId: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/web/index.html'))) {
      throw new Error('dist/web is missing: build the web app first (npm run build:web; npm run test:reliability does it for you).');
    }
    dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-escaping-'));
    const databaseUrl = path.join(dataDir, 'pacer.sqlite');
    const database = await openMigrated(databaseUrl, dataDir);
    admin = await seedUser(database.db, 'admin', 'escaper');
    await database.destroy();
    server = await startPacer({ dataDir, databaseUrl });

    const script = bearer('admin', admin.token);
    const owner = await call<{ id: string }>(server.baseUrl, script, 'POST', '/api/v1/users', { email: 'owner@example.com', name: OWNER_NAME, password: 'owner password 1' });
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const cycle = await call<{ id: string }>(server.baseUrl, script, 'POST', '/api/v1/cycles', { name: '<h1>Quarter</h1>', startDate: day(-10), endDate: day(80) });
    const objective = await call<{ id: string; title: string }>(server.baseUrl, script, 'POST', '/api/v1/objectives', {
      cycleId: cycle.body.id,
      title: OBJECTIVE_TITLE,
      description: DESCRIPTION,
      ownerId: owner.body.id,
    });
    expect(objective.status).toBe(201);
    expect(objective.body.title).toBe(OBJECTIVE_TITLE);
    objectiveId = objective.body.id;
    const keyResult = await call(server.baseUrl, script, 'POST', `/api/v1/objectives/${objectiveId}/key-results`, { title: KEY_RESULT_TITLE, startValue: 0, targetValue: 10, unit: '<u>x</u>' });
    expect(keyResult.status).toBe(201);
    await call(server.baseUrl, script, 'POST', '/api/v1/objectives', { cycleId: cycle.body.id, title: OTHER_TITLE });

    browser = await launchBrowser(server.baseUrl);
    browser.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const login = await browser.context.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { email: admin.email, password: admin.password } });
    expect(login.status()).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function injectedNothing(): Promise<void> {
    const { page } = browser;
    // Give any onerror/onload handler a chance to run before checking that none did.
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: string }).pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], svg[onload], script:not([src]):not([type]), iframe, b[onmouseover]').count()).toBe(0);
  }

  test('the OKR page shows every stored string literally', async () => {
    const { page } = browser;
    await page.goto('/');
    await page.getByText(OBJECTIVE_TITLE, { exact: true }).first().waitFor();
    for (const text of [OBJECTIVE_TITLE, KEY_RESULT_TITLE, OTHER_TITLE]) {
      await expect(page.getByText(text, { exact: true }).first().isVisible(), text).resolves.toBe(true);
    }
    await injectedNothing();
  });

  test("the objective's own page shows its title and description literally", async () => {
    const { page } = browser;
    await page.goto(`/objectives/${objectiveId}`);
    await page.getByText(OBJECTIVE_TITLE, { exact: true }).first().waitFor();
    const html = await page.content();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    await injectedNothing();
  });
});
