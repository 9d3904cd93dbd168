import { describe, expect, test } from 'vitest';
import { HashQueue, HashQueueFullError } from './hash-queue';
import { DEFAULT_LOGIN_THROTTLE, isKnownDevice, knownDeviceValue, LoginThrottle } from './login-throttle';

const MINUTE = 60_000;

describe('LoginThrottle', () => {
  test('10 free failures, then waits of 1 s, 2 s, 4 s … capped at 60 s', () => {
    const throttle = new LoginThrottle();
    const start = 1_000_000;
    for (let failure = 1; failure <= 9; failure += 1) {
      throttle.recordFailure('ada@example.com', start);
      expect(throttle.waitMs('ada@example.com', start)).toBe(0);
    }
    const waits: number[] = [];
    let now = start;
    for (let failure = 10; failure <= 18; failure += 1) {
      throttle.recordFailure('ada@example.com', now);
      const wait = throttle.waitMs('ada@example.com', now);
      waits.push(wait / 1000);
      now += wait;
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  test('the email is matched case- and space-insensitively; other accounts are not affected', () => {
    const throttle = new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, freeFailures: 1 });
    throttle.recordFailure(' Ada@Example.com', 0);
    expect(throttle.waitMs('ada@example.com', 0)).toBe(1000);
    expect(throttle.waitMs('bob@example.com', 0)).toBe(0);
  });

  test('15 quiet minutes forget the failures', () => {
    const throttle = new LoginThrottle();
    for (let failure = 0; failure < 12; failure += 1) throttle.recordFailure('ada@example.com', 0);
    expect(throttle.waitMs('ada@example.com', 0)).toBe(4000);
    throttle.recordFailure('ada@example.com', 15 * MINUTE + 1);
    expect(throttle.waitMs('ada@example.com', 15 * MINUTE + 1)).toBe(0);
  });

  test('remembers at most maxAccounts accounts, forgetting the least recently failed', () => {
    const throttle = new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, freeFailures: 1, maxAccounts: 2 });
    throttle.recordFailure('a@example.com', 0);
    throttle.recordFailure('b@example.com', 0);
    throttle.recordFailure('c@example.com', 0);
    expect(throttle.waitMs('a@example.com', 0)).toBe(0);
    expect(throttle.waitMs('c@example.com', 0)).toBe(1000);
  });

  test('a known-device value is bound to the email and the key', () => {
    const key = Buffer.alloc(32, 7);
    const value = knownDeviceValue(key, 'Ada@example.com');
    expect(isKnownDevice(key, 'ada@example.com', value)).toBe(true);
    expect(isKnownDevice(key, 'bob@example.com', value)).toBe(false);
    expect(isKnownDevice(Buffer.alloc(32, 8), 'ada@example.com', value)).toBe(false);
    expect(isKnownDevice(key, 'ada@example.com', undefined)).toBe(false);
    expect(isKnownDevice(key, 'ada@example.com', 'short')).toBe(false);
  });
});

describe('HashQueue', () => {
  test('runs at most `concurrency` at once, lets `maxWaiting` wait and refuses the rest with a 429', async () => {
    const queue = new HashQueue({ concurrency: 2, maxWaiting: 3 });
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const work = () =>
      new Promise<string>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve('done');
        });
      });
    const accepted = Array.from({ length: 5 }, () => queue.run(work));
    await expect(queue.run(work)).rejects.toBeInstanceOf(HashQueueFullError);
    await expect(queue.run(work)).rejects.toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(queue.stats).toEqual({ running: 2, waiting: 3 });
    while (releases.length > 0 || running > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(accepted)).toEqual(Array(5).fill('done'));
    expect(peak).toBe(2);
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  test('a failing job frees its slot', async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 0 });
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
