import { describe, expect, it } from 'vitest';
import { AnswerCache } from './answer-cache';

function counter() {
  let builds = 0;
  return {
    build: (text: string) => async () => {
      builds += 1;
      return Buffer.from(text);
    },
    get builds() {
      return builds;
    },
  };
}

describe('AnswerCache', () => {
  it('reuses an answer while the version is unchanged and it is young enough', async () => {
    const cache = new AnswerCache(1000, 30_000);
    const c = counter();
    const first = await cache.answer('k', '1', 0, c.build('a'));
    const again = await cache.answer('k', '1', 29_999, c.build('b'));
    expect(again.body.toString()).toBe('a');
    expect(again.etag).toBe(first.etag);
    expect(c.builds).toBe(1);
  });

  it('builds again when the data version changed', async () => {
    const cache = new AnswerCache(1000);
    const c = counter();
    await cache.answer('k', '1', 0, c.build('a'));
    const next = await cache.answer('k', '2', 1, c.build('b'));
    expect(next.body.toString()).toBe('b');
    expect(c.builds).toBe(2);
  });

  it('builds again once the answer is older than the maximum age, or the clock went back', async () => {
    const cache = new AnswerCache(1000, 30_000);
    const c = counter();
    await cache.answer('k', '1', 10_000, c.build('a'));
    expect((await cache.answer('k', '1', 40_000, c.build('b'))).body.toString()).toBe('b');
    expect((await cache.answer('k', '1', 5_000, c.build('c'))).body.toString()).toBe('c');
  });

  it('keeps keys apart', async () => {
    const cache = new AnswerCache(1000);
    const c = counter();
    await cache.answer('alice', '1', 0, c.build('for alice'));
    expect((await cache.answer('bob', '1', 0, c.build('for bob'))).body.toString()).toBe('for bob');
  });

  it('shares one build among requests that miss at once, and caches nothing when the build fails', async () => {
    const cache = new AnswerCache(1000);
    const c = counter();
    const answers = await Promise.all([1, 2, 3].map(() => cache.answer('k', '1', 0, c.build('a'))));
    expect(answers.map((a) => a.body.toString())).toEqual(['a', 'a', 'a']);
    expect(c.builds).toBe(1);
    await expect(cache.answer('x', '1', 0, () => Promise.reject(new Error('no such cycle')))).rejects.toThrow('no such cycle');
    expect((await cache.answer('x', '1', 0, c.build('later'))).body.toString()).toBe('later');
  });

  it('evicts the least recently used past its byte budget, and caches nothing at 0 bytes', async () => {
    const cache = new AnswerCache(10);
    const c = counter();
    await cache.answer('a', '1', 0, c.build('aaaa'));
    await cache.answer('b', '1', 0, c.build('bbbb'));
    await cache.answer('a', '1', 0, c.build('never'));
    await cache.answer('c', '1', 0, c.build('cccc'));
    expect(cache.size()).toEqual({ entries: 2, bytes: 8 });
    expect((await cache.answer('a', '1', 0, c.build('never'))).body.toString()).toBe('aaaa');
    expect((await cache.answer('b', '1', 0, c.build('rebuilt'))).body.toString()).toBe('rebuilt');

    const off = new AnswerCache(0);
    await off.answer('a', '1', 0, c.build('x'));
    expect(off.size()).toEqual({ entries: 0, bytes: 0 });
  });
});
