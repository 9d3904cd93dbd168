import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';

describeEachDatabase('users', (ctx) => {
  test('an admin creates a member; everyone signed in can list users; no password data leaves the server', async () => {
    const admin = await ctx().setupAdmin();
    const created = await ctx().request('POST', '/api/v1/users', {
      as: admin,
      body: { email: ' Linus@Example.com ', name: 'Linus', password: 'penguins-rule' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(String), email: 'linus@example.com', name: 'Linus', role: 'member', active: true, createdAt: expect.any(String) });

    const member = await ctx().createMember();
    const list = await ctx().request('GET', '/api/v1/users', { as: member });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ email: string }[]>().map((u) => u.email)).toEqual(expect.arrayContaining(['admin@example.com', 'linus@example.com']));
    expect(list.body).not.toMatch(/password|scrypt/i);

    const one = await ctx().request('GET', `/api/v1/users/${created.json<{ id: string }>().id}`, { as: member });
    expect(one.json()).toMatchObject({ name: 'Linus' });
    expect((await ctx().request('GET', '/api/v1/users/unknown-id', { as: member })).statusCode).toBe(404);
  });

  test('a duplicate email (in any case) answers 409 naming the field', async () => {
    const admin = await ctx().setupAdmin();
    const response = await ctx().request('POST', '/api/v1/users', {
      as: admin,
      body: { email: 'ADMIN@example.com', name: 'Copy', password: 'another-password' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: { code: 'conflict', fields: [{ field: 'email', message: 'is already used by another user' }] } });

    const member = await ctx().createMember();
    const patch = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: admin, body: { email: 'admin@EXAMPLE.com' } });
    expect(patch.statusCode).toBe(409);
  });

  test('members cannot create or change users', async () => {
    const member = await ctx().createMember();
    const create = await ctx().request('POST', '/api/v1/users', { as: member, body: { email: 'x@example.com', name: 'X', password: 'password1' } });
    expect(create.statusCode).toBe(403);
    expect(create.json()).toMatchObject({ error: { code: 'forbidden' } });
    const promote = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: member, body: { role: 'admin' } });
    expect(promote.statusCode).toBe(403);
  });

  test("the last admin can't be demoted, but can be once another admin exists", async () => {
    const admin = await ctx().setupAdmin();
    const refused = await ctx().request('PATCH', `/api/v1/users/${admin.user.id}`, { as: admin, body: { role: 'member' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('last active admin') } });

    const second = await ctx().createMember({ role: 'admin' });
    const demoted = await ctx().request('PATCH', `/api/v1/users/${admin.user.id}`, { as: second, body: { role: 'member' } });
    expect(demoted.statusCode).toBe(200);
    expect(demoted.json()).toMatchObject({ role: 'member' });
    // Restore, so later tests in this suite still have their admin.
    const restored = await ctx().request('PATCH', `/api/v1/users/${admin.user.id}`, { as: second, body: { role: 'admin' } });
    expect(restored.json()).toMatchObject({ role: 'admin' });
  });

  test("changing a user's password ends their sessions and the new password works", async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember();
    const changed = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, {
      as: admin,
      body: { password: 'brand-new-password', name: 'Renamed' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Renamed' });
    expect((await ctx().request('GET', '/api/v1/me', { as: member })).statusCode).toBe(401);
    const login = await ctx().request('POST', '/api/v1/auth/login', {
      body: { email: member.user.email, password: 'brand-new-password' },
      remoteAddress: '203.0.113.9',
    });
    expect(login.statusCode).toBe(200);
  });

  test('an unknown user id answers 404 for PATCH', async () => {
    const admin = await ctx().setupAdmin();
    const response = await ctx().request('PATCH', '/api/v1/users/does-not-exist', { as: admin, body: { name: 'Ghost' } });
    expect(response.statusCode).toBe(404);
  });
});
