/**
 * Cutting a user off (issue 13, finding 2): deactivation refuses their sessions, tokens and
 * sign-in at once while their OKRs stay; admins list and revoke anyone's API tokens; an admin's
 * password reset revokes the user's tokens too; unknown fields are refused, never dropped.
 */
import { expect, test } from 'vitest';
import { describeEachDatabase, type Actor } from '../../../../test/support/app-harness';

let addressCounter = 0;
/** Each sign-in from its own address, so the per-address login limit never interferes. */
function freshAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter}`;
}

describeEachDatabase('user lifecycle', (ctx) => {
  const me = (actor: Actor) => ctx().request('GET', '/api/v1/me', { as: actor });
  const login = (email: string, password: string) =>
    ctx().request('POST', '/api/v1/auth/login', { body: { email, password }, remoteAddress: freshAddress() });

  test('PATCH with an unknown field answers 400 naming it and changes nothing', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Strict Member' });
    const patch = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: admin, body: { disabled: true, name: 'Renamed' } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json()).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringContaining('disabled'), fields: [{ field: 'disabled', message: expect.stringContaining('is not a field') }] },
    });
    expect((await ctx().request('GET', `/api/v1/users/${member.user.id}`, { as: admin })).json()).toMatchObject({ name: 'Strict Member' });

    const create = await ctx().request('POST', '/api/v1/users', {
      as: admin,
      body: { email: 'strict@example.com', name: 'Strict', password: 'a fine long password', isAdmin: true },
    });
    expect(create.statusCode).toBe(400);
    expect(create.json()).toMatchObject({ error: { fields: [{ field: 'isAdmin' }] } });
    const token = await ctx().request('POST', '/api/v1/tokens', { as: member, body: { name: 'ci', expiresAt: '2030-01-01' } });
    expect(token.statusCode).toBe(400);
    expect(token.json()).toMatchObject({ error: { fields: [{ field: 'expiresAt' }] } });
  });

  test('a deactivated user is refused at once (session, token, sign-in), shown as inactive, and keeps their OKRs', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Leaving Member' });
    const script = await ctx().withBearer(member);
    const cycle = await ctx().request('POST', '/api/v1/cycles', { as: admin, body: { name: 'Lifecycle', startDate: '2026-01-01', endDate: '2026-03-31' } });
    const objective = await ctx().request('POST', '/api/v1/objectives', {
      as: admin,
      body: { cycleId: cycle.json<{ id: string }>().id, title: 'Owned by the leaver', ownerId: member.user.id },
    });
    expect(objective.statusCode).toBe(201);

    const deactivated = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: admin, body: { active: false } });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ id: member.user.id, active: false });

    for (const actor of [member, script]) {
      const refused = await me(actor);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.stringContaining('deactivated') } });
    }
    const signIn = await login(member.user.email, member.password);
    expect(signIn.statusCode).toBe(401);
    expect(signIn.json<{ error: { message: string } }>().error.message).toMatch(/deactivated by an admin/);
    expect(signIn.cookies.find((c) => c.name === 'pacer_session')).toBeUndefined();
    // A wrong password says only that: guessing can't find out which accounts are deactivated.
    const guess = await login(member.user.email, 'not the password at all');
    expect(guess.json<{ error: { message: string } }>().error.message).not.toMatch(/deactivated/);

    const users = (await ctx().request('GET', '/api/v1/users', { as: admin })).json<Array<{ id: string; active: boolean }>>();
    expect(users.find((u) => u.id === member.user.id)).toMatchObject({ active: false });
    expect(users.find((u) => u.id === admin.user.id)).toMatchObject({ active: true });
    const kept = await ctx().request('GET', `/api/v1/objectives/${objective.json<{ id: string }>().id}`, { as: admin });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({ ownerId: member.user.id, owner: { id: member.user.id, name: 'Leaving Member' } });

    // Reactivation: sign-in works again, but nothing handed out before does.
    const reactivated = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: admin, body: { active: true } });
    expect(reactivated.json()).toMatchObject({ active: true });
    expect((await me(member)).statusCode).toBe(401);
    expect((await me(script)).statusCode).toBe(401);
    expect((await login(member.user.email, member.password)).statusCode).toBe(200);
  });

  test("an admin can't deactivate themselves, nor leave no active admin by demotion", async () => {
    const admin = await ctx().setupAdmin();
    const self = await ctx().request('PATCH', `/api/v1/users/${admin.user.id}`, { as: admin, body: { active: false } });
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ error: { code: 'conflict', fields: [{ field: 'active' }] } });

    // A deactivated admin can't sign in, so they don't count as the admin who remains.
    const second = await ctx().createMember({ role: 'admin', name: 'Second Admin' });
    expect((await ctx().request('PATCH', `/api/v1/users/${second.user.id}`, { as: admin, body: { active: false } })).statusCode).toBe(200);
    const demote = await ctx().request('PATCH', `/api/v1/users/${admin.user.id}`, { as: admin, body: { role: 'member' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ error: { message: expect.stringContaining('last active admin'), fields: [{ field: 'role' }] } });
    expect((await ctx().request('PATCH', `/api/v1/users/${second.user.id}`, { as: admin, body: { active: 'no' } })).statusCode).toBe(400);
    expect((await ctx().request('PATCH', `/api/v1/users/${second.user.id}`, { as: admin, body: { active: true } })).statusCode).toBe(200);
  });

  test("admins list and revoke any user's tokens; the list never holds a secret or hash", async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Token Member' });
    const script = await ctx().withBearer(member);
    const list = await ctx().request('GET', `/api/v1/users/${member.user.id}/tokens`, { as: admin });
    expect(list.statusCode).toBe(200);
    const tokens = list.json<Array<Record<string, unknown>>>();
    expect(tokens).toHaveLength(1);
    expect(Object.keys(tokens[0] ?? {}).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);
    const stored = await ctx().db.selectFrom('api_tokens').select('token_hash').where('user_id', '=', member.user.id).executeTakeFirstOrThrow();
    expect(list.body).not.toContain(stored.token_hash);
    if (script.kind === 'bearer') expect(list.body).not.toContain(script.token);

    const tokenId = String(tokens[0]?.id);
    // The token must belong to the user in the URL.
    expect((await ctx().request('DELETE', `/api/v1/users/${admin.user.id}/tokens/${tokenId}`, { as: admin })).statusCode).toBe(404);
    expect((await me(script)).statusCode).toBe(200);
    expect((await ctx().request('DELETE', `/api/v1/users/${member.user.id}/tokens/${tokenId}`, { as: admin })).statusCode).toBe(204);
    expect((await me(script)).statusCode).toBe(401);
    expect((await ctx().request('GET', `/api/v1/users/${member.user.id}/tokens`, { as: admin })).json()).toEqual([]);
    expect((await ctx().request('GET', '/api/v1/users/no-such-user/tokens', { as: admin })).statusCode).toBe(404);
    expect((await ctx().request('GET', `/api/v1/users/${member.user.id}/tokens`, { as: member })).statusCode).toBe(403);
  });

  test("an admin's password reset revokes the user's API tokens; resetting one's own keeps this session only", async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember();
    const script = await ctx().withBearer(member);
    const reset = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: admin, body: { password: 'a reset password 2026' } });
    expect(reset.statusCode).toBe(200);
    expect((await me(member)).statusCode).toBe(401);
    expect((await me(script)).statusCode).toBe(401);

    const otherAdmin = await ctx().createMember({ role: 'admin' });
    const otherSession = await login(otherAdmin.user.email, otherAdmin.password);
    const otherCookie = `pacer_session=${otherSession.cookies.find((c) => c.name === 'pacer_session')?.value}`;
    const adminScript = await ctx().withBearer(otherAdmin);
    const own = await ctx().request('PATCH', `/api/v1/users/${otherAdmin.user.id}`, { as: otherAdmin, body: { password: 'my own new password' } });
    expect(own.statusCode).toBe(200);
    expect((await me(otherAdmin)).statusCode).toBe(200);
    expect((await ctx().request('GET', '/api/v1/me', { headers: { cookie: otherCookie } })).statusCode).toBe(401);
    expect((await me(adminScript)).statusCode).toBe(401);
  });
});
