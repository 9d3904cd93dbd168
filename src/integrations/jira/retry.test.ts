import { describe, expect, it } from 'vitest';
import { isQuotaReason, parseRateLimitReset, parseRetryAfter, retryDelayMs, Semaphore } from './retry';

const policy = { maxAttempts: 4, baseDelayMs: 2000, maxTotalMs: 60_000 };

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-10-01T12:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Oct 2026 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Oct 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
  it('reads X-RateLimit-Reset as an ISO instant', () => {
    expect(parseRateLimitReset('2026-10-01T12:00:02.500Z', now)).toBe(2500);
    expect(parseRateLimitReset('nonsense', now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially from the base delay with jitter between x0.7 and x1.3', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(1400);
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(2600);
    expect(retryDelayMs(policy, 2, undefined, () => 0.5)).toBe(4000);
    expect(retryDelayMs(policy, 3, undefined, () => 0.5)).toBe(8000);
  });
  it('never waits less than Retry-After asked', () => {
    expect(retryDelayMs(policy, 1, 10_000, () => 1)).toBe(10_000);
    expect(retryDelayMs(policy, 3, 1000, () => 0.5)).toBe(8000);
  });
});

describe('isQuotaReason', () => {
  it('recognises only the quota kinds', () => {
    expect(isQuotaReason('jira-quota-global-based')).toBe(true);
    expect(isQuotaReason('jira-quota-tenant-based')).toBe(true);
    expect(isQuotaReason('jira-burst-based')).toBe(false);
    expect(isQuotaReason('jira-per-issue-on-write')).toBe(false);
    expect(isQuotaReason(null)).toBe(false);
  });
});

describe('Semaphore', () => {
  it('never lets more than its slots run at once and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, async (_, index) => {
        const release = await semaphore.acquire();
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        order.push(index);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        release();
        release(); // a double release must not free an extra slot
      }),
    );
    expect(maxRunning).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(semaphore.active).toBe(0);
  });
  it('refuses a non-positive size', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
