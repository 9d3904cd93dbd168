import { afterEach, describe, expect, test, vi } from 'vitest';
import { PerUserQueue, PerUserQueueFullError, type PerUserQueueOptions } from './per-user-queue';

const options: PerUserQueueOptions = {
  running: 2,
  maxWaiting: 3,
  maxWaitMs: 1_000,
  what: { one: 'issue-list request', many: 'issue-list requests' },
  advice: 'Read the pages one after another.',
};

const settled = async <T>(promise: Promise<T>): Promise<'pending' | 'done' | 'failed'> => {
  let state: 'pending' | 'done' | 'failed' = 'pending';
  promise.then(
    () => (state = 'done'),
    () => (state = 'failed'),
  );
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
  return state;
};

describe('PerUserQueue', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('two at work per user; the third waits and runs when one gives its place back, first come first served', async () => {
    const queue = new PerUserQueue(options);
    const first = await queue.acquire('ann');
    await queue.acquire('ann');
    const order: string[] = [];
    const third = queue.acquire('ann').then((release) => (order.push('third'), release));
    const fourth = queue.acquire('ann').then((release) => (order.push('fourth'), release));
    expect(await settled(third)).toBe('pending');
    expect(queue.stats('ann')).toEqual({ running: 2, waiting: 2 });

    first();
    first(); // a second call gives nothing back twice
    expect(await settled(third)).toBe('done');
    expect(await settled(fourth)).toBe('pending');
    expect(queue.stats('ann')).toEqual({ running: 2, waiting: 1 });
    (await third)();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });

  test('another user is never held up by one user\'s queue', async () => {
    const queue = new PerUserQueue(options);
    await queue.acquire('ann');
    await queue.acquire('ann');
    void queue.acquire('ann');
    const bob = queue.acquire('bob');
    expect(await settled(bob)).toBe('done');
    expect(queue.stats('bob')).toEqual({ running: 1, waiting: 0 });
  });

  test('past the waiting places the next request is refused at once with a 429 that says what to do', async () => {
    const queue = new PerUserQueue(options);
    for (let i = 0; i < 2; i += 1) await queue.acquire('ann');
    for (let i = 0; i < 3; i += 1) void queue.acquire('ann');
    const refused = queue.acquire('ann');
    await expect(refused).rejects.toBeInstanceOf(PerUserQueueFullError);
    await expect(refused).rejects.toMatchObject({
      statusCode: 429,
      code: 'rate_limited',
      message: 'You already have 2 issue-list requests running and 3 waiting, the most Pacer takes from one person at once. Read the pages one after another.',
    });
  });

  test('a request waiting longer than maxWaitMs is refused with a 429 and leaves the queue', async () => {
    vi.useFakeTimers();
    const queue = new PerUserQueue(options);
    await queue.acquire('ann');
    await queue.acquire('ann');
    const waiting = queue.acquire('ann');
    const outcome = expect(waiting).rejects.toMatchObject({
      statusCode: 429,
      message: 'Your issue-list request waited 1 s behind your other issue-list requests and was not run. Read the pages one after another.',
    });
    await vi.advanceTimersByTimeAsync(1_001);
    await outcome;
    expect(queue.stats('ann')).toEqual({ running: 2, waiting: 0 });
  });

  test('a waiter whose client went away leaves the queue without taking a place', async () => {
    const queue = new PerUserQueue(options);
    const first = await queue.acquire('ann');
    const second = await queue.acquire('ann');
    const gone = new AbortController();
    const waiting = queue.acquire('ann', gone.signal);
    gone.abort(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
    expect(queue.stats('ann')).toEqual({ running: 2, waiting: 0 });
    first();
    second();
    expect(queue.stats('ann')).toEqual({ running: 0, waiting: 0 });
  });

  test('run gives the place back when the work fails', async () => {
    const queue = new PerUserQueue({ ...options, running: 1 });
    await expect(queue.run('ann', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('ann', () => Promise.resolve('next'))).resolves.toBe('next');
    expect(queue.stats('ann')).toEqual({ running: 0, waiting: 0 });
  });
});
