import { expect, test } from 'vitest';
import { describeEachDatabase, type Actor } from '../../../test/support/app-harness';

function cookieOf(actor: Actor): string {
  if (actor.kind !== 'cookie') throw new Error('expected a cookie actor');
  return actor.cookie;
}

describeEachDatabase('CSRF origin check without PACER_PUBLIC_URL: the request\'s own origin, scheme and port included', (ctx) => {
  test.each([
    ['http://localhost', 201],
    ['http://LOCALHOST:80', 201],
    ['https://localhost', 403],
    ['http://localhost:8080', 403],
    ['http://localhost.evil.example', 403],
  ])('a cookie write from %s answers %i', async (origin, status) => {
    const admin = await ctx().setupAdmin();
    const response = await ctx().request('POST', '/api/v1/tokens', { body: { name: `from ${origin}` }, headers: { cookie: cookieOf(admin), origin } });
    expect(response.statusCode).toBe(status);
    if (status === 403) expect(response.json()).toMatchObject({ error: { code: 'csrf_rejected', message: expect.stringContaining('PACER_PUBLIC_URL') } });
  });

  test('a Basic Authorization header (a proxy\'s own login) is ignored: public routes answer, others ask to sign in', async () => {
    const admin = await ctx().setupAdmin();
    const basic = 'Basic ' + Buffer.from('proxy-user:proxy-password').toString('base64');
    expect((await ctx().request('GET', '/api/v1/health', { headers: { authorization: basic } })).statusCode).toBe(200);
    expect((await ctx().request('GET', '/api/v1/setup', { headers: { authorization: basic } })).statusCode).toBe(200);
    const signedIn = await ctx().request('GET', '/api/v1/me', { headers: { authorization: basic, cookie: cookieOf(admin) } });
    expect(signedIn.statusCode).toBe(200);
    const anonymous = await ctx().request('GET', '/api/v1/me', { headers: { authorization: basic } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('not signed in') } });
    // A Bearer header is still judged: an unknown token is a 401 even on a public route.
    expect((await ctx().request('GET', '/api/v1/health', { headers: { authorization: 'Bearer pacer_unknown' } })).statusCode).toBe(401);
  });
});

describeEachDatabase(
  'CSRF origin check with PACER_PUBLIC_URL=https://okr.example.com',
  (ctx) => {
    test.each([
      ['https://okr.example.com', 'okr.example.com', 201],
      ['https://okr.example.com', 'localhost', 201],
      ['http://okr.example.com', 'okr.example.com', 403],
      ['https://okr.example.com:8443', 'okr.example.com:8443', 403],
      ['https://evil.example', 'evil.example', 403],
    ])('a cookie write from %s with Host %s answers %i', async (origin, host, status) => {
      const admin = await ctx().setupAdmin();
      const response = await ctx().request('POST', '/api/v1/tokens', { body: { name: `from ${origin}` }, headers: { cookie: cookieOf(admin), origin, host } });
      expect(response.statusCode).toBe(status);
    });
  },
  { env: { PACER_PUBLIC_URL: 'https://okr.example.com' } },
);
