import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';

describeEachDatabase('personal API tokens', (ctx) => {
  test('a token is shown once, works as Bearer, is listed without its secret and can be deleted', async () => {
    const member = await ctx().createMember();
    const created = await ctx().request('POST', '/api/v1/tokens', { as: member, body: { name: '  CI script  ' } });
    expect(created.statusCode).toBe(201);
    const { id, name, token } = created.json<{ id: string; name: string; token: string }>();
    expect(name).toBe('CI script');
    expect(token).toMatch(/^pacer_[A-Za-z0-9_-]{43}$/);

    const me = await ctx().request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ id: member.user.id });

    const list = await ctx().request('GET', '/api/v1/tokens', { as: member });
    expect(list.json()).toEqual([{ id, name: 'CI script', createdAt: expect.any(String), lastUsedAt: expect.any(String) }]);
    expect(list.body).not.toContain(token);

    // Only the hash is stored.
    const stored = await ctx().db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    expect((await ctx().request('DELETE', `/api/v1/tokens/${id}`, { as: member })).statusCode).toBe(204);
    expect((await ctx().request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  test("nobody can see or delete someone else's token", async () => {
    const owner = await ctx().createMember();
    const other = await ctx().createMember();
    const created = await ctx().request('POST', '/api/v1/tokens', { as: owner, body: { name: 'mine' } });
    const { id } = created.json<{ id: string }>();
    expect((await ctx().request('GET', '/api/v1/tokens', { as: other })).json()).toEqual([]);
    const deleted = await ctx().request('DELETE', `/api/v1/tokens/${id}`, { as: other });
    expect(deleted.statusCode).toBe(404);
    expect(deleted.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await ctx().request('GET', '/api/v1/tokens', { as: owner })).json()).toHaveLength(1);
  });

  test('a token needs a name', async () => {
    const member = await ctx().createMember();
    const response = await ctx().request('POST', '/api/v1/tokens', { as: member, body: { name: '   ' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { fields: [{ field: 'name', message: 'must not be empty' }] } });
  });
});
