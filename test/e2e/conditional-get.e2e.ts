/**
 * Conditional GETs in a real browser (issue 11): Chromium keeps the API's answers (ETag,
 * `Cache-Control: private, no-cache`), asks again with If-None-Match, and hands the web app's fetch
 * the kept body when the server answers 304, so the OKR page shows the same objectives without the
 * JSON crossing the wire; after a change the server answers 200 and the page shows the change.
 */
import type { Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, screenshot, type BrowserSession } from '../support/browser';
import { startServer, type RunningServer } from '../support/pacer-process';
import { ApiSession, type Created } from './api-seed';
import { isoDaysFromToday, logIn } from './helpers';

const admin = { name: 'Ada Admin', email: 'ada@pacer.test', password: 'ada password 1' };

let server: RunningServer;
let browser: BrowserSession;
let api: ApiSession;
let objectiveId: string;

beforeAll(async () => {
  server = await startServer();
  api = new ApiSession(server.baseUrl);
  await api.post('/setup', admin);
  const cycle = await api.post<Created>('/cycles', { name: 'This quarter', startDate: isoDaysFromToday(-10), endDate: isoDaysFromToday(80) });
  objectiveId = (await api.post<Created>('/objectives', { cycleId: cycle.id, title: 'Make onboarding self-serve' })).id;
  await api.post(`/objectives/${objectiveId}/key-results`, { title: 'Trials that activate', startValue: 10, targetValue: 40, currentValue: 16, unit: '%' });
  browser = await launchBrowser(server.baseUrl);
  await browser.page.goto('/');
  await logIn(browser.page, admin.email, admin.password);
  await browser.page.getByRole('button', { name: `Account menu for ${admin.name}` }).waitFor();
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await screenshot(browser.page, 'conditional-get-failed');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface ListAnswer {
  status: number;
  ifNoneMatch: string | undefined;
  /** null when the browser never reported the sizes (see `within`). */
  bodyBytes: number | null;
}

/**
 * `promise`, or null after `ms`. Playwright's `response.finished()` and `request.sizes()` have no
 * timeout of their own, and in one CI run one of them never settled (a request the reload
 * cancelled, most likely), which hung the test for its whole 120 s instead of leaving that one
 * request unmeasured.
 */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

/** The statuses of the OKR list's objective requests while `action` runs and the page settles. */
async function objectiveListStatuses(page: Page, action: () => Promise<void>): Promise<ListAnswer[]> {
  const seen: Array<Promise<ListAnswer>> = [];
  const onResponse = (response: Response) => {
    if (!/\/api\/v1\/objectives\?cycleId=/.test(response.url())) return;
    const request = response.request();
    const sizes = within(
      response.finished().then(() => request.sizes()),
      10_000,
    );
    seen.push(
      Promise.all([within(request.allHeaders(), 10_000), sizes]).then(([headers, measured]) => ({
        status: response.status(),
        ifNoneMatch: headers?.['if-none-match'],
        bodyBytes: measured?.responseBodySize ?? null,
      })),
    );
  };
  page.on('response', onResponse);
  try {
    await action();
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('response', onResponse);
  }
  return Promise.all(seen);
}

describe('the browser revalidates the API’s answers', () => {
  test('a reload asks with If-None-Match, gets 304 and still shows the objectives; a change comes back with a body', async () => {
    const { page } = browser;
    await objectiveListStatuses(page, async () => {
      await page.goto('/okrs');
      await page.getByText('Make onboarding self-serve').waitFor();
    });

    // Chromium answers the page's fetch with the kept body and reports it as a 200; that the
    // server said 304 shows as the tag on the request and no body bytes on the wire.
    const again = await objectiveListStatuses(page, async () => {
      await page.reload();
      await page.getByText('Make onboarding self-serve').waitFor();
    });
    // Each load asks for the list at least once; an answer whose sizes never came is left out.
    const measuredAgain = again.filter((answer) => answer.bodyBytes !== null);
    expect(measuredAgain.length).toBeGreaterThan(0);
    for (const answer of measuredAgain) {
      // The list goes gzip-compressed to a browser, under the JSON's tag with "-gzip" inside the quotes.
      expect(answer.ifNoneMatch).toMatch(/^"[A-Za-z0-9_-]{27}(-gzip)?"$/);
      expect(answer).toMatchObject({ status: 200, bodyBytes: 0 });
    }
    await page.getByText('Trials that activate').waitFor();
    await screenshot(page, 'conditional-get-01-after-304');

    await api.request('PATCH', `/objectives/${objectiveId}`, { title: 'Make onboarding fully self-serve' });
    const changed = await objectiveListStatuses(page, async () => {
      await page.reload();
      await page.getByText('Make onboarding fully self-serve').waitFor();
    });
    const measuredChanged = changed.filter((answer) => answer.bodyBytes !== null);
    expect(measuredChanged.length).toBeGreaterThan(0);
    expect(measuredChanged.every((answer) => answer.status === 200 && (answer.bodyBytes ?? 0) > 100)).toBe(true);
  });
});
