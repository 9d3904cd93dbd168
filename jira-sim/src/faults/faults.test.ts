import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startJiraSim, type FaultConfig, type JiraSim } from '../index';
import { authFor, basicAuth, cloudSchemaFor } from '../test-support/client';
import { assertMatchesSchema } from '../test-support/openapi';
import { FIXTURE_NOW, USERS, fixtureDataset } from '../test-support/fixtures';

let sim: JiraSim;
let auth: string;

beforeAll(async () => {
  sim = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => FIXTURE_NOW, seed: 42 });
  auth = authFor(sim, USERS.dana);
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.close());

/** Faults are set the way an out-of-process test would: through the control API. */
async function setFaults(config: FaultConfig): Promise<void> {
  const response = await fetch(`${sim.url}/_sim/faults`, { method: 'PUT', body: JSON.stringify(config) });
  expect(response.status).toBe(200);
}

/** A plain fetch; every JSON body must still match Atlassian's schema for its endpoint and status. */
async function get(path = '/rest/api/3/search/jql?jql=project%3DOPS', signal?: AbortSignal, validate = true): Promise<Response> {
  const response = await fetch(`${sim.url}${path}`, { headers: { Authorization: auth }, signal });
  const schema = cloudSchemaFor('GET', path.split('?')[0]!, response.status);
  if (validate && schema && (response.headers.get('content-type') ?? '').includes('json')) {
    assertMatchesSchema(schema, await response.clone().json(), `GET ${path} (${response.status})`);
  }
  return response;
}

describe('faults seen by a plain HTTP client', () => {
  it('adds latency', async () => {
    await setFaults({ latencyMs: 150, jitterMs: 50 });
    const started = performance.now();
    expect((await get()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('rate-limits with 429, Retry-After, X-RateLimit-* and RateLimit-Reason', async () => {
    await setFaults({ rateLimit: { requestsPerSecond: 3, reason: 'jira-quota-tenant-based' } });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await get();
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
      await response.arrayBuffer();
    }
    // A one-second window may roll over mid-loop, so at least the requests past the budget fail.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited!.headers.get('x-ratelimit-limit')).toBe('3');
    expect(limited!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited!.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(limited!.headers.get('ratelimit-reason')).toBe('jira-quota-tenant-based');
  });

  it('answers 503 with Retry-After, and 500', async () => {
    await setFaults({ serviceUnavailable: { retryAfterSeconds: 7 } });
    const unavailable = await get();
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    await setFaults({ serverError: {} });
    expect((await get()).status).toBe(500);
  });

  it('fails exactly the next N requests with the chosen status', async () => {
    await setFaults({ failNext: { count: 2, status: 429, retryAfterSeconds: 3 } });
    const statuses = [(await get()).status, (await get()).status, (await get()).status];
    expect(statuses).toEqual([429, 429, 200]);
  });

  it('drops connections', async () => {
    await setFaults({ dropConnection: {} });
    await expect(get()).rejects.toThrow();
    const last = sim.requestLog.entries().at(-1)!;
    expect(last).toMatchObject({ status: 0, fault: 'dropConnection' });
  });

  it('hangs requests until the client gives up', async () => {
    await setFaults({ hang: {} });
    await expect(get(undefined, AbortSignal.timeout(200))).rejects.toThrow();
    sim.faults.clear();
    expect((await get()).status).toBe(200);
  });

  it('sends malformed JSON', async () => {
    await setFaults({ malformedJson: {} });
    const response = await get(undefined, undefined, false);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('applies faults only to the chosen paths', async () => {
    await setFaults({ serverError: {}, paths: ['/rest/api/3/search'] });
    expect((await get()).status).toBe(500);
    expect((await get('/rest/api/3/myself')).status).toBe(200);
  });

  it('draws the same random faults for the same seed', async () => {
    const sequence = async (target: JiraSim): Promise<number[]> => {
      target.faults.set({ serverError: { probability: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) {
        const response = await fetch(`${target.url}/rest/api/3/serverInfo`, { headers: { Authorization: auth } });
        statuses.push(response.status);
      }
      return statuses;
    };
    const twin = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), seed: 42 });
    const other = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), seed: 7 });
    try {
      const mine = await sequence(sim);
      expect(mine).toContain(500);
      expect(mine).toContain(200);
      expect(await sequence(twin)).toEqual(mine);
      expect(await sequence(other)).not.toEqual(mine);
    } finally {
      await twin.close();
      await other.close();
    }
  });
});

describe('eventual consistency and tokens', () => {
  const search = async (body: Record<string, unknown>): Promise<string[]> => {
    const response = await fetch(`${sim.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { Authorization: basicAuth(USERS.dana.emailAddress, USERS.dana.apiToken), 'Content-Type': 'application/json' },
      body: JSON.stringify({ jql: 'project = OPS AND summary ~ "lagging"', fields: ['summary'], ...body }),
    });
    const json = (await response.json()) as { issues: Array<{ id: string }> };
    assertMatchesSchema('SearchAndReconcileResults', json, 'POST /rest/api/3/search/jql');
    return json.issues.map((i) => i.id);
  };

  it('shows writes to search only after the lag, unless reconcileIssues names them', async () => {
    await setFaults({ searchLagMs: 300 });
    const created = sim.store.create({ projectKey: 'OPS', summary: 'lagging issue' });
    expect(await search({})).toEqual([]);
    expect(await search({ reconcileIssues: [Number(created.id)] })).toEqual([created.id]);
    const byKey = await fetch(`${sim.url}/rest/api/3/issue/${created.key}`, { headers: { Authorization: auth } });
    expect(byKey.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await search({})).toEqual([created.id]);
  });

  it('expires every outstanding page token on request', async () => {
    const first = (await (await get('/rest/api/3/search/jql?jql=project%3DOPS&maxResults=5')).json()) as { nextPageToken: string };
    expect((await fetch(`${sim.url}/_sim/tokens/expire`, { method: 'POST' })).status).toBe(200);
    const next = await get(`/rest/api/3/search/jql?jql=project%3DOPS&maxResults=5&nextPageToken=${first.nextPageToken}`);
    expect(next.status).toBe(400);
    expect(await next.json()).toEqual({ errorMessages: ['The provided next page token is invalid or expired.'], errors: {} });
  });

  it('lets page tokens expire after 7 days of Jira time', async () => {
    let clock = FIXTURE_NOW.getTime();
    const timed = await startJiraSim({ mode: 'cloud', dataset: fixtureDataset('cloud'), now: () => new Date(clock) });
    try {
      const url = (token?: string) =>
        `${timed.url}/rest/api/3/search/jql?jql=project%3DOPS&maxResults=5${token ? `&nextPageToken=${token}` : ''}`;
      const first = (await (await fetch(url(), { headers: { Authorization: auth } })).json()) as { nextPageToken: string };
      clock += 6 * 24 * 3_600_000;
      expect((await fetch(url(first.nextPageToken), { headers: { Authorization: auth } })).status).toBe(200);
      clock += 2 * 24 * 3_600_000;
      expect((await fetch(url(first.nextPageToken), { headers: { Authorization: auth } })).status).toBe(400);
    } finally {
      await timed.close();
    }
  });
});
