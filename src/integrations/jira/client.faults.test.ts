/**
 * Retries, timeouts and error mapping against the simulator's fault modes, in both deployment
 * modes. Waits are measured two ways: with a recording clock (exact requested waits, no waiting)
 * and, for Retry-After, in real time from the simulator's own request log.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JiraError } from './errors';
import type { JiraRequestInfo } from './http';
import { recordingClock, startSimHarness, type Mode, type SimHarness } from '../../../test/support/jira-sim-harness';

async function failureOf(promise: Promise<unknown>): Promise<JiraError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof JiraError)) throw new Error(`expected a JiraError, got ${String(error)}`);
  return error;
}

describe.each<Mode>(['cloud', 'datacenter'])('Jira client faults against the %s simulator', (mode) => {
  let jira: SimHarness;

  beforeAll(async () => {
    jira = await startSimHarness(mode);
  });
  afterAll(() => jira.close());
  beforeEach(async () => {
    await jira.clearFaults();
    await jira.clearRequests();
  });

  /** A client on a recording clock with jitter pinned to x1.0, so waits are exact. */
  function measuredClient(retry = {}) {
    const clock = recordingClock();
    const infos: JiraRequestInfo[] = [];
    const client = jira.client({
      deploymentType: mode,
      sleep: clock.sleep,
      now: clock.now,
      random: () => 0.5,
      retry,
      onRequest: (info) => infos.push(info),
    });
    return { client, waits: clock.waits, infos };
  }

  it('waits for Retry-After on a 429 before retrying (real time)', async () => {
    await jira.setFaults({ failNext: { count: 1, status: 429, retryAfterSeconds: 1 } });
    const client = jira.client({ deploymentType: mode, retry: { baseDelayMs: 20 } });
    const started = performance.now();
    await client.serverInfo();
    const elapsed = performance.now() - started;
    const [limited, retried, ...rest] = await jira.requests();
    expect(rest).toEqual([]);
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(3000);
    // The second request reached Jira no sooner than Retry-After after the 429 left it.
    expect((retried?.start ?? 0) - (limited?.end ?? 0)).toBeGreaterThanOrEqual(995);
  });

  it('treats Retry-After as a floor under the exponential backoff', async () => {
    await jira.setFaults({ failNext: { count: 2, status: 429, retryAfterSeconds: 3 } });
    const { client, waits, infos } = measuredClient();
    await client.serverInfo();
    // Backoff would be 2 s then 4 s; Retry-After 3 s lifts the first wait only.
    expect(waits).toEqual([3000, 4000]);
    expect(infos.map((i) => [i.status, i.outcome, i.retryInMs])).toEqual([
      [429, 'rate_limited', 3000],
      [429, 'rate_limited', 4000],
      [200, 'ok', undefined],
    ]);
    expect((await jira.requests()).map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it('retries a 503 with exponential backoff and succeeds', async () => {
    await jira.setFaults({ failNext: { count: 3, status: 503 } });
    const { client, waits } = measuredClient();
    const info = await client.serverInfo();
    expect(info.deploymentType).toBe(mode);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect((await jira.requests()).map((e) => e.status)).toEqual([503, 503, 503, 200]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    await jira.setFaults({ serviceUnavailable: { retryAfterSeconds: 1 } });
    const { client, waits } = measuredClient();
    const error = await failureOf(client.fields());
    expect(error.code).toBe('unreachable');
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(4);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect(await jira.requests()).toHaveLength(4);
  });

  it('stops retrying when the next wait would pass the total time budget', async () => {
    await jira.setFaults({ serviceUnavailable: { retryAfterSeconds: 30 } });
    const { client, waits } = measuredClient({ maxTotalMs: 60_000 });
    const error = await failureOf(client.serverInfo());
    expect(error.code).toBe('unreachable');
    expect(waits).toEqual([30_000, 30_000]);
    expect(await jira.requests()).toHaveLength(3);

    await jira.clearRequests();
    await jira.setFaults({ failNext: { count: 1, status: 429, retryAfterSeconds: 120 } });
    const limited = await failureOf(measuredClient().client.serverInfo());
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterMs).toBe(120_000);
    expect(await jira.requests()).toHaveLength(1);
  });

  it('does not retry a 500', async () => {
    await jira.setFaults({ failNext: { count: 1, status: 500 } });
    const { client, waits } = measuredClient();
    const error = await failureOf(client.serverInfo());
    expect(error.code).toBe('unreachable');
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/internal error \(HTTP 500\)/);
    expect(error.jiraMessages).toEqual(['Internal server error']);
    expect(waits).toEqual([]);
    expect(await jira.requests()).toHaveLength(1);
  });

  it('reports malformed JSON as bad_response without retrying or echoing the body', async () => {
    await jira.setFaults({ malformedJson: {} });
    const { client } = measuredClient();
    const error = await failureOf(client.serverInfo());
    expect(error.code).toBe('bad_response');
    expect(error.message).toContain('not valid JSON');
    expect(error.message).toContain('GET /rest/api/2/serverInfo');
    expect(error.message).not.toContain('baseUrl');
    expect(await jira.requests()).toHaveLength(1);
  });

  it('times out a hung request and retries it within the budget (real time)', async () => {
    await jira.setFaults({ hang: {} });
    const infos: JiraRequestInfo[] = [];
    const client = jira.client({
      deploymentType: mode,
      timeoutMs: 300,
      retry: { maxAttempts: 2, baseDelayMs: 10 },
      onRequest: (info) => infos.push(info),
    });
    const started = performance.now();
    const error = await failureOf(client.serverInfo());
    const elapsed = performance.now() - started;
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('within 0.3 s');
    expect(infos.map((i) => i.outcome)).toEqual(['timeout', 'timeout']);
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(2500);
    await expect.poll(async () => (await jira.requests()).map((e) => e.fault)).toEqual(['hang', 'hang']);
  });

  it('recovers when a hung request is followed by a healthy Jira', async () => {
    await jira.setFaults({ hang: {} });
    let healed: Promise<void> | undefined;
    const client = jira.client({
      deploymentType: mode,
      timeoutMs: 300,
      // The wait before the retry is when the fault goes away.
      sleep: async () => {
        healed ??= jira.clearFaults();
        await healed;
      },
    });
    expect((await client.serverInfo()).deploymentType).toBe(mode);
    await expect.poll(async () => (await jira.requests()).map((e) => e.status)).toEqual([0, 200]);
  });

  it('retries dropped connections, then reports Jira unreachable', async () => {
    await jira.setFaults({ dropConnection: {} });
    const { client, waits, infos } = measuredClient();
    const error = await failureOf(client.serverInfo());
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/cut off/);
    expect(error.attempts).toBe(4);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect(infos.every((i) => i.status === undefined)).toBe(true);
    expect((await jira.requests()).map((e) => e.fault)).toEqual(Array(4).fill('dropConnection'));
  });

  it('answers not_found for an address that is not Jira', async () => {
    const client = jira.client({ baseUrl: `${jira.url}/wiki` });
    const error = await failureOf(client.serverInfo());
    expect(error.code).toBe('not_found');
    expect(error.status).toBe(404);
    expect(await jira.requests()).toHaveLength(1);
  });
});

describe('connection-level failures', () => {
  it('reports a refused connection as unreachable after retrying', async () => {
    const jira = await startSimHarness('cloud');
    const url = jira.url;
    await jira.close();
    const clock = recordingClock();
    const client = jira.client({ baseUrl: url, sleep: clock.sleep, now: clock.now, random: () => 0.5 });
    const error = await failureOf(client.serverInfo());
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('refused');
    expect(error.attempts).toBe(4);
    expect(clock.waits).toEqual([2000, 4000, 8000]);
  });

  it("reports Cloud's removed search API when told the wrong deployment", async () => {
    const jira = await startSimHarness('cloud');
    try {
      const client = jira.client({ deploymentType: 'datacenter' });
      const error = await failureOf(client.searchAll({ jql: 'project = AE', fields: ['summary'] }));
      expect(error.code).toBe('bad_response');
      expect(error.status).toBe(410);
      expect(error.jiraMessages[0]).toMatch(/^The requested API has been removed/);
    } finally {
      await jira.close();
    }
  });
});
