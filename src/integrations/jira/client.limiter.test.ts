/**
 * A limiter passed to the client replaces its own cap: clients sharing one limiter (as processes
 * share one through the database) stay under it together, a pause the limiter reports holds
 * requests back, and a quota 429 is passed on to the limiter for the others.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localRequestLimiter, type RequestLimiter } from './limiter';
import { startSimHarness, type SimHarness } from '../../../test/support/jira-sim-harness';

describe('a shared request limiter', () => {
  let jira: SimHarness;

  beforeAll(async () => {
    jira = await startSimHarness('cloud');
  });
  afterAll(() => jira.close());
  beforeEach(async () => {
    await jira.clearFaults();
    await jira.clearRequests();
  });

  it('caps the requests in flight of every client that shares it', async () => {
    await jira.setFaults({ latencyMs: 60 });
    const shared = localRequestLimiter(3);
    const clients = [jira.client({ limiter: shared, maxInFlight: 10 }), jira.client({ limiter: shared, maxInFlight: 10 })];
    await Promise.all(clients.flatMap((client) => Array.from({ length: 8 }, () => client.serverInfo())));
    const counters = await jira.counters();
    expect(counters.api).toBe(16);
    expect(counters.maxConcurrentApi).toBe(3);
  });

  it('holds requests back while the limiter reports a pause someone else started', async () => {
    const pausedUntil = Date.now() + 700;
    const inner = localRequestLimiter(4);
    const limiter: RequestLimiter = {
      async acquire() {
        const slot = await inner.acquire();
        return Date.now() < pausedUntil ? { ...slot, pausedUntilMs: pausedUntil } : slot;
      },
    };
    await jira.client({ limiter, deploymentType: 'cloud' }).myself();
    const [request] = await jira.requests();
    expect(request?.start).toBeGreaterThanOrEqual(pausedUntil - 5);
  });

  it('tells the limiter about a quota pause', async () => {
    await jira.setFaults({
      rateLimit: { requestsPerSecond: 10_000, reason: 'jira-quota-global-based' },
      failNext: { count: 1, status: 429, retryAfterSeconds: 1 },
    });
    const shared: number[] = [];
    const limiter: RequestLimiter = { ...localRequestLimiter(4), sharePause: async (forMs) => void shared.push(forMs) };
    await jira.client({ limiter, retry: { baseDelayMs: 10 } }).serverInfo();
    expect(shared).toHaveLength(1);
    expect(shared[0]).toBeGreaterThan(900);
    expect(shared[0]).toBeLessThanOrEqual(1_000);
  });
});
