/**
 * The password policy (issue 13) wherever a password is set: first-run set-up, an admin creating a
 * user or resetting a password, and one's own change. At least 10 characters and not guessable
 * from the common-passwords dictionary (zxcvbn-ts); the 400 names the field.
 */
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';

/** The findings ("12345678", "password", eight spaces) and their 10-character cousins. */
const TOO_SHORT = ['12345678', 'password', '        ', 'abc123xyz'];
const TOO_COMMON = ['1234567890', 'password123', 'qwertyuiop', 'Password1!', 'Summer2024!', '          ', 'aaaaaaaaaaaa', 'iloveyou12'];

describeEachDatabase('password policy', (ctx) => {
  test.each(TOO_SHORT)('set-up refuses %j as too short, naming the field', async (password) => {
    const response = await ctx().request('POST', '/api/v1/setup', { body: { email: 'a@example.com', name: 'A', password } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation_failed', fields: [{ field: 'password', message: 'must be at least 10 characters' }] } });
  });

  test.each(TOO_COMMON)('set-up refuses the common password %j', async (password) => {
    const response = await ctx().request('POST', '/api/v1/setup', { body: { email: 'a@example.com', name: 'A', password } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'validation_failed', fields: [{ field: 'password', message: expect.stringContaining('too common or too easy to guess') }] },
    });
  });

  test('an admin creating a user or resetting a password gets the same rules', async () => {
    const admin = await ctx().setupAdmin();
    const create = await ctx().request('POST', '/api/v1/users', { as: admin, body: { email: 'new@example.com', name: 'New', password: 'password123' } });
    expect(create.statusCode).toBe(400);
    expect(create.json()).toMatchObject({ error: { fields: [{ field: 'password' }] } });
    const member = await ctx().createMember();
    const reset = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: admin, body: { password: '1234567890' } });
    expect(reset.statusCode).toBe(400);
    expect(reset.json()).toMatchObject({ error: { fields: [{ field: 'password', message: expect.stringContaining('too common') }] } });
    const fine = await ctx().request('PATCH', `/api/v1/users/${member.user.id}`, { as: admin, body: { password: 'violet kettle under moonlight' } });
    expect(fine.statusCode).toBe(200);
  });

  test('one\'s own new password gets the same rules', async () => {
    const member = await ctx().createMember();
    const change = await ctx().request('POST', '/api/v1/me/password', { as: member, body: { currentPassword: member.password, newPassword: 'qwertyuiop' } });
    expect(change.statusCode).toBe(400);
    expect(change.json()).toMatchObject({ error: { fields: [{ field: 'newPassword', message: expect.stringContaining('too common') }] } });
  });

  test('a passphrase is accepted', async () => {
    const admin = await ctx().setupAdmin();
    const response = await ctx().request('POST', '/api/v1/users', { as: admin, body: { email: 'phrase@example.com', name: 'P', password: 'tangerine orbit lantern' } });
    expect(response.statusCode).toBe(201);
  });
});
