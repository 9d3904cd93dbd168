import { expect, test } from 'vitest';
import { ADMIN_PASSWORD, describeEachDatabase } from '../../../../test/support/app-harness';

describeEachDatabase('sign-in, sessions and CSRF', (ctx) => {
  test('a wrong password or unknown email answers 401 without saying which', async () => {
    const admin = await ctx().setupAdmin();
    const wrongPassword = await ctx().request('POST', '/api/v1/auth/login', { body: { email: admin.user.email, password: 'nope-nope' } });
    const unknownEmail = await ctx().request('POST', '/api/v1/auth/login', { body: { email: 'who@example.com', password: 'nope-nope' } });
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'unauthenticated', message: 'The email or password is wrong; check both and try again.' } });
      expect(response.cookies).toEqual([]);
    }
  });

  test('login is case-insensitive on the email and sets a working session; logout ends it', async () => {
    const admin = await ctx().setupAdmin();
    const login = await ctx().request('POST', '/api/v1/auth/login', {
      body: { email: admin.user.email.toUpperCase(), password: ADMIN_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toEqual({ user: admin.user });
    const cookie = `pacer_session=${login.cookies.find((c) => c.name === 'pacer_session')?.value}`;
    const headers = { cookie, origin: 'http://localhost' };

    expect((await ctx().request('GET', '/api/v1/me', { headers })).statusCode).toBe(200);
    const logout = await ctx().request('POST', '/api/v1/auth/logout', { headers });
    expect(logout.statusCode).toBe(204);
    expect(logout.headers['clear-site-data']).toBe('"cache"');
    const after = await ctx().request('GET', '/api/v1/me', { headers });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'unauthenticated', message: 'Your session has expired; sign in again.' } });
  });

  test('an expired session is refused', async () => {
    const member = await ctx().createMember();
    expect((await ctx().request('GET', '/api/v1/me', { as: member })).statusCode).toBe(200);
    await ctx().db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('user_id', '=', member.user.id).execute();
    expect((await ctx().request('GET', '/api/v1/me', { as: member })).statusCode).toBe(401);
  });

  test('cookie writes without an Origin, or from another site, are refused as CSRF', async () => {
    const admin = await ctx().setupAdmin();
    if (admin.kind !== 'cookie') throw new Error('expected a cookie actor');
    const body = { name: 'from a script' };
    const noOrigin = await ctx().request('POST', '/api/v1/tokens', { body, headers: { cookie: admin.cookie } });
    expect(noOrigin.statusCode).toBe(403);
    expect(noOrigin.json()).toMatchObject({ error: { code: 'csrf_rejected' } });

    const otherSite = await ctx().request('POST', '/api/v1/tokens', { body, headers: { cookie: admin.cookie, origin: 'https://evil.example' } });
    expect(otherSite.statusCode).toBe(403);
    expect(otherSite.json()).toMatchObject({ error: { code: 'csrf_rejected', message: expect.stringContaining('evil.example') } });

    const sameSiteReferer = await ctx().request('POST', '/api/v1/tokens', {
      body,
      headers: { cookie: admin.cookie, referer: 'http://localhost/okrs' },
    });
    expect(sameSiteReferer.statusCode).toBe(201);

    // Reads are not writes: no origin needed.
    expect((await ctx().request('GET', '/api/v1/me', { headers: { cookie: admin.cookie } })).statusCode).toBe(200);
  });

  test('a cross-site login form is refused, while scripts without an Origin may log in', async () => {
    const admin = await ctx().setupAdmin();
    const credentials = { email: admin.user.email, password: ADMIN_PASSWORD };
    const forged = await ctx().request('POST', '/api/v1/auth/login', {
      body: credentials,
      headers: { origin: 'https://evil.example' },
      remoteAddress: '192.0.2.50',
    });
    expect(forged.statusCode).toBe(403);
    const script = await ctx().request('POST', '/api/v1/auth/login', { body: credentials, remoteAddress: '192.0.2.50' });
    expect(script.statusCode).toBe(200);
  });

  test('bearer writes need no Origin; an unknown token answers 401', async () => {
    const member = await ctx().createMember({ bearer: true });
    const created = await ctx().request('POST', '/api/v1/tokens', { as: member, body: { name: 'second' } });
    expect(created.statusCode).toBe(201);
    const unknown = await ctx().request('GET', '/api/v1/me', { headers: { authorization: 'Bearer pacer_not-a-real-token' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('API token') } });
  });

  test('logins are limited per IP address: the 11th attempt within a minute answers 429', async () => {
    const remoteAddress = '198.51.100.7';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const response = await ctx().request('POST', '/api/v1/auth/login', {
        body: { email: 'nobody@example.com', password: 'wrong-password' },
        remoteAddress,
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('try again') } });
      }
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    // Another address is not affected (another email too: this one is now throttled per account).
    const other = await ctx().request('POST', '/api/v1/auth/login', {
      body: { email: 'somebody@example.com', password: 'wrong-password' },
      remoteAddress: '198.51.100.8',
    });
    expect(other.statusCode).toBe(401);
  });
});
