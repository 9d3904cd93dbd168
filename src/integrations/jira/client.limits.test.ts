/**
 * Politeness towards Jira, measured in the simulator's request log: the quota pause holds back
 * every request of a client until the reset, a burst 429 does not, and the in-flight cap holds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JiraError } from './errors';
import type { JiraRequestInfo } from './http';
import { startSimHarness, type Mode, type SimHarness } from '../../../test/support/jira-sim-harness';

describe.each<Mode>(['cloud', 'datacenter'])('rate limits and concurrency against the %s simulator', (mode) => {
  let jira: SimHarness;

  beforeAll(async () => {
    jira = await startSimHarness(mode);
  });
  afterAll(() => jira.close());
  beforeEach(async () => {
    await jira.clearFaults();
    await jira.clearRequests();
  });

  /** A client that tells when its first 429 arrived, so the test can fire more calls right then. */
  function clientWatchingFor429(retry = {}) {
    let signal429: () => void = () => undefined;
    const got429 = new Promise<void>((resolve) => (signal429 = resolve));
    const client = jira.client({
      deploymentType: mode,
      retry: { baseDelayMs: 10, ...retry },
      onRequest: (info: JiraRequestInfo) => {
        if (info.status === 429) signal429();
      },
    });
    return { client, got429 };
  }

  it('pauses every request of the client until a quota limit resets (real time)', async () => {
    await jira.setFaults({
      rateLimit: { requestsPerSecond: 10_000, reason: 'jira-quota-global-based' },
      failNext: { count: 1, status: 429, retryAfterSeconds: 1 },
    });
    const { client, got429 } = clientWatchingFor429();
    const first = client.serverInfo();
    await got429;
    const pausedUntil = client.pausedUntil();
    expect(pausedUntil).toBeGreaterThan(Date.now() + 900);
    // Calls made during the pause wait for it instead of reaching Jira.
    const others = [client.fields(), client.myself(), client.approximateCount('project = AE')];
    await Promise.all([first, ...others]);

    const [limited, ...after] = await jira.requests();
    expect(limited?.status).toBe(429);
    expect(after).toHaveLength(4);
    for (const entry of after) {
      expect(entry.status).toBe(200);
      expect(entry.start - (limited?.end ?? 0)).toBeGreaterThanOrEqual(995);
    }
    expect(client.pausedUntil()).toBeUndefined();
  });

  it('fails fast with rate_limited, sending nothing, while a quota pause outlasts the budget', async () => {
    await jira.setFaults({
      rateLimit: { requestsPerSecond: 10_000, reason: 'jira-quota-tenant-based' },
      failNext: { count: 1, status: 429, retryAfterSeconds: 30 },
    });
    const { client } = clientWatchingFor429({ maxTotalMs: 5_000 });
    const first = await client.serverInfo().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(JiraError);
    expect((first as JiraError).code).toBe('rate_limited');
    expect((first as JiraError).retryAfterMs).toBeGreaterThanOrEqual(29_000);

    const second = await client.fields().catch((e: unknown) => e);
    expect((second as JiraError).code).toBe('rate_limited');
    expect((second as JiraError).attempts).toBe(0);
    expect((second as JiraError).message).toMatch(/quota/);
    expect(await jira.requests()).toHaveLength(1);
    // Another connection (another client) is not paused.
    await expect(jira.client().serverInfo()).resolves.toMatchObject({ deploymentType: mode });
  });

  it('does not pause other requests for a burst 429', async () => {
    await jira.setFaults({ failNext: { count: 1, status: 429, retryAfterSeconds: 1 } });
    const { client, got429 } = clientWatchingFor429();
    const first = client.serverInfo();
    await got429;
    expect(client.pausedUntil()).toBeUndefined();
    await client.fields();
    await first;
    const [limited, fields, retried] = await jira.requests();
    expect(limited?.status).toBe(429);
    expect(fields?.path).toMatch(/\/field$/);
    expect((fields?.start ?? 0) - (limited?.end ?? 0)).toBeLessThan(500);
    expect((retried?.start ?? 0) - (limited?.end ?? 0)).toBeGreaterThanOrEqual(995);
  });

  it.each([
    [3, 3],
    [undefined, 4],
  ])('keeps at most maxInFlight=%s (→ %s) requests in flight', async (maxInFlight, expected) => {
    await jira.setFaults({ latencyMs: 80 });
    const client = jira.client({ deploymentType: mode, ...(maxInFlight === undefined ? {} : { maxInFlight }) });
    await Promise.all(Array.from({ length: 12 }, () => client.serverInfo()));
    const counters = await jira.counters();
    expect(counters.api).toBe(12);
    // Exactly the cap: never more, and the calls did run side by side.
    expect(counters.maxConcurrentApi).toBe(expected);
  });
});
