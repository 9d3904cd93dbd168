import { expect, test } from 'vitest';
import { describeEachDatabase, type Actor } from '../../../../test/support/app-harness';

let addressCounter = 0;
function freshAddress(): string {
  addressCounter += 1;
  return `192.0.2.${addressCounter}`;
}

describeEachDatabase('changing one’s own password', (ctx) => {
  const me = (actor: Actor) => ctx().request('GET', '/api/v1/me', { as: actor });
  const login = (email: string, password: string) =>
    ctx().request('POST', '/api/v1/auth/login', { body: { email, password }, remoteAddress: freshAddress() });
  const change = (actor: Actor, body: unknown) => ctx().request('POST', '/api/v1/me/password', { as: actor, body });

  test('a member changes their password: this session stays, other sessions and all API tokens are revoked', async () => {
    const member = await ctx().createMember();
    const second = await login(member.user.email, member.password);
    const secondCookie = `pacer_session=${second.cookies.find((c) => c.name === 'pacer_session')?.value}`;
    const script = await ctx().withBearer(member);
    const bystander = await ctx().createMember({ bearer: true });

    const changed = await change(member, { currentPassword: member.password, newPassword: 'my brand new passphrase' });
    expect(changed.statusCode).toBe(204);
    expect((await me(member)).statusCode).toBe(200);
    expect((await ctx().request('GET', '/api/v1/me', { headers: { cookie: secondCookie } })).statusCode).toBe(401);
    expect((await me(script)).statusCode).toBe(401);
    expect((await ctx().request('GET', '/api/v1/tokens', { as: member })).json()).toEqual([]);
    // Nobody else is touched.
    expect((await me(bystander)).statusCode).toBe(200);

    expect((await login(member.user.email, member.password)).statusCode).toBe(401);
    expect((await login(member.user.email, 'my brand new passphrase')).statusCode).toBe(200);
  });

  test('a wrong current password is a 400 naming currentPassword, and changes nothing', async () => {
    const member = await ctx().createMember();
    const script = await ctx().withBearer(member);
    const wrong = await change(member, { currentPassword: 'not my password', newPassword: 'my brand new passphrase' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: { code: 'validation_failed', fields: [{ field: 'currentPassword', message: expect.stringContaining('not your current password') }] } });
    expect((await me(script)).statusCode).toBe(200);
    expect((await login(member.user.email, member.password)).statusCode).toBe(200);
  });

  test('the new password follows the password rules; missing and unknown fields are named', async () => {
    const member = await ctx().createMember();
    const short = await change(member, { currentPassword: member.password, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { fields: [{ field: 'newPassword' }] } });

    const missing = await change(member, {});
    expect(missing.json<{ error: { fields: Array<{ field: string }> } }>().error.fields.map((f) => f.field).sort()).toEqual(['currentPassword', 'newPassword']);

    const unknown = await change(member, { currentPassword: member.password, newPassword: 'my brand new passphrase', userId: 'someone-else' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { fields: [{ field: 'userId' }] } });
    expect((await login(member.user.email, member.password)).statusCode).toBe(200);
  });

  test('signed-out callers get 401', async () => {
    const response = await ctx().request('POST', '/api/v1/me/password', { body: { currentPassword: 'x', newPassword: 'long enough password' } });
    expect(response.statusCode).toBe(401);
  });
});
