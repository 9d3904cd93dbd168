/**
 * The conditional-GET hook on its own: If-None-Match parsing (lists, `*`, weak comparison) and, on a
 * bare Fastify app with the cookie plugin registered first as app.ts does, which answers get a tag.
 * The API's own routes on both databases are in test/integration/conditional-get.test.ts.
 */
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acceptsGzip, CONDITIONAL_CACHE_CONTROL, conditionalGet, etagOf, gzipTagOf, ifNoneMatchMatches } from './conditional-get';

describe('ifNoneMatchMatches', () => {
  const tag = '"abc"';
  test.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc" , "y"', true],
    ['*', true],
    [' * ', true],
    ['"abd"', false],
    ['"x", "y"', false],
    ['abc', false],
    ['"abc', false],
    ['', false],
    ['"x", garbage, "abc"', false],
  ])('%j → %s', (header, expected) => {
    expect(ifNoneMatchMatches(header, tag)).toBe(expected);
  });

  test('no header matches nothing; a weak tag of ours compares weakly too', () => {
    expect(ifNoneMatchMatches(undefined, tag)).toBe(false);
    expect(ifNoneMatchMatches('"abc"', 'W/"abc"')).toBe(true);
  });
});

describe('acceptsGzip', () => {
  test.each([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['GZIP, br', true],
    ['br;q=1.0, gzip;q=0.5', true],
    ['x-gzip', true],
    ['*', true],
    ['br, *;q=0.1', true],
    ['gzip;q=0', false],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['identity', false],
    ['deflate, br', false],
    ['gzip;q=abc', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  test('the gzip copy has its own strong tag, inside the quotes', () => {
    expect(gzipTagOf('"abc"')).toBe('"abc-gzip"');
  });
});

describe('etagOf', () => {
  test('a quoted base64url SHA-1 of the exact bytes: the same for a string and its Buffer, different for one more byte', () => {
    expect(etagOf('{"a":1}')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf(Buffer.from('{"a":1}'))).toBe(etagOf('{"a":1}'));
    expect(etagOf('{"a":1} ')).not.toBe(etagOf('{"a":1}'));
  });
});

describe('the onSend hook on a bare app', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(fastifyCookie);
    app.addHook('onSend', conditionalGet('/api/v1'));
    app.get('/api/v1/things', async () => ({ things: [1, 2, 3] }));
    app.post('/api/v1/things', async () => ({ things: [1, 2, 3] }));
    app.get('/api/v1/missing', async (_request, reply) => reply.code(404).send({ error: { code: 'not_found', message: 'No such thing.' } }));
    app.get('/api/v1/with-cookie', async (_request, reply) => reply.setCookie('s', 'v').send({ ok: true }));
    app.get('/api/v1/no-store', async (_request, reply) => reply.header('cache-control', 'no-store').send({ ok: true }));
    app.get('/api/v1/text', async (_request, reply) => reply.type('text/plain').send('plain'));
    app.get('/api/v1/auth/session', async () => ({ ok: true }));
    app.get('/api/v1/health', { config: { auth: 'public' } }, async () => ({ ok: true }));
    app.get('/outside', async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  test('200 with a tag and private, no-cache; the same tag back is a 304 with no body; another tag is a 200', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/v1/things?x=1' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(etagOf(first.body));
    expect(first.headers['cache-control']).toBe(CONDITIONAL_CACHE_CONTROL);
    const again = await app.inject({ method: 'GET', url: '/api/v1/things?x=1', headers: { 'if-none-match': `"other", W/${String(first.headers.etag)}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe(CONDITIONAL_CACHE_CONTROL);
    expect(again.headers['content-type']).toBeUndefined();
    expect(again.headers['content-length']).toBeUndefined();
    const star = await app.inject({ method: 'GET', url: '/api/v1/things', headers: { 'if-none-match': '*' } });
    expect(star.statusCode).toBe(304);
    const stale = await app.inject({ method: 'GET', url: '/api/v1/things', headers: { 'if-none-match': '"stale"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ things: [1, 2, 3] });
  });

  test('HEAD gets the same tag and 304s like GET', async () => {
    const get = await app.inject({ method: 'GET', url: '/api/v1/things' });
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/things' });
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(get.headers.etag);
    const conditional = await app.inject({ method: 'HEAD', url: '/api/v1/things', headers: { 'if-none-match': String(get.headers.etag) } });
    expect(conditional.statusCode).toBe(304);
    expect(conditional.body).toBe('');
    expect(conditional.headers['content-length']).toBe(head.headers['content-length']);
  });

  test('never on a POST, even with a matching If-None-Match', async () => {
    const get = await app.inject({ method: 'GET', url: '/api/v1/things' });
    const post = await app.inject({ method: 'POST', url: '/api/v1/things', headers: { 'if-none-match': String(get.headers.etag) } });
    expect(post.statusCode).toBe(200);
    expect(post.headers.etag).toBeUndefined();
    expect(post.json()).toEqual({ things: [1, 2, 3] });
  });

  test.each([
    ['an error', '/api/v1/missing'],
    ['an answer that sets a cookie', '/api/v1/with-cookie'],
    ['a route that chose its own caching', '/api/v1/no-store'],
    ['text', '/api/v1/text'],
    ['/auth/*', '/api/v1/auth/session'],
    ['a public route', '/api/v1/health'],
    ['a URL outside the API', '/outside'],
  ])('no tag and no 304 on %s', async (_what, url) => {
    const response = await app.inject({ method: 'GET', url, headers: { 'if-none-match': '*' } });
    expect(response.statusCode).not.toBe(304);
    expect(response.headers.etag).toBeUndefined();
  });

  test('the cookie is still sent on the untagged answer', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/with-cookie' });
    expect(response.cookies.map((cookie) => cookie.name)).toEqual(['s']);
    expect(response.headers['cache-control']).toBeUndefined();
  });
});
