import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';

const firstAdmin = { email: 'Founder@Example.com', name: 'Grace Founder', password: 'a long enough password' };

describeEachDatabase('first-run set-up', (ctx) => {
  test('set-up is needed while no user exists', async () => {
    const response = await ctx().request('GET', '/api/v1/setup');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ needed: true });
  });

  test('a short password is refused, naming the field', async () => {
    const response = await ctx().request('POST', '/api/v1/setup', { body: { ...firstAdmin, password: 'short' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'validation_failed', fields: [{ field: 'password', message: 'must be at least 10 characters' }] },
    });
  });

  test('two simultaneous set-ups create exactly one admin', async () => {
    const attempts = await Promise.all(
      [1, 2, 3].map((n) => ctx().request('POST', '/api/v1/setup', { body: { ...firstAdmin, email: `founder${n}@example.com` } })),
    );
    const statuses = attempts.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const refused = attempts.find((r) => r.statusCode === 409);
    expect(refused?.json()).toMatchObject({ error: { code: 'setup_done' } });
    const users = await ctx().db.selectFrom('users').select(['role']).execute();
    expect(users).toEqual([{ role: 'admin' }]);
  });

  test('after set-up it is no longer needed and refused', async () => {
    expect((await ctx().request('GET', '/api/v1/setup')).json()).toEqual({ needed: false });
    const again = await ctx().request('POST', '/api/v1/setup', { body: { ...firstAdmin, email: 'late@example.com' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'setup_done', message: expect.stringContaining('sign in') } });
  });
});

describeEachDatabase('set-up signs the admin in', (ctx) => {
  test('the answer carries the user and an httpOnly, SameSite=Lax session cookie', async () => {
    const response = await ctx().request('POST', '/api/v1/setup', { body: firstAdmin });
    expect(response.statusCode).toBe(201);
    const { user } = response.json<{ user: Record<string, unknown> }>();
    expect(user).toMatchObject({ email: 'founder@example.com', name: 'Grace Founder', role: 'admin' });
    expect(Object.keys(user).sort()).toEqual(['active', 'createdAt', 'email', 'id', 'name', 'role']);
    const cookie = response.cookies.find((c) => c.name === 'pacer_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const me = await ctx().request('GET', '/api/v1/me', { headers: { cookie: `pacer_session=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'founder@example.com', role: 'admin' });
  });
});
