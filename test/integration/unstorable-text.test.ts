/**
 * Text a database cannot store as sent is refused with a 400 naming the field: the NUL character
 * (PostgreSQL rejected it in a text column: 500) and lone UTF-16 surrogates (both engines silently
 * stored U+FFFD, so the saved title differed from the acknowledged one). Nothing is written.
 */
import { expect, test } from 'vitest';
import { describeEachDatabase, type AppTestContext } from '../support/app-harness';

async function objectiveCount(ctx: AppTestContext): Promise<number> {
  const row = await ctx.db.selectFrom('objectives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDatabase('text that cannot be stored', (ctx) => {
  test('NUL and lone surrogates in a body are a 400 naming the field, and nothing is saved', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = (await ctx().request('POST', '/api/v1/cycles', { as: admin, body: { name: 'Text', startDate: '2026-01-01', endDate: '2026-03-31' } })).json<{ id: string }>();
    const before = await objectiveCount(ctx());
    for (const title of ['a\u0000b', 'cut \ud83d emoji', 'low \ude00 half', 'end \ud800']) {
      const response = await ctx().request('POST', '/api/v1/objectives', { as: admin, body: JSON.stringify({ cycleId: cycle.id, title }) });
      expect(response.statusCode, JSON.stringify(title)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation_failed', fields: [{ field: 'title' }] } });
    }
    const nested = await ctx().request('POST', '/api/v1/objectives', { as: admin, body: JSON.stringify({ cycleId: cycle.id, title: 'ok', extra: { list: ['fine', 'bad\u0000'] } }) });
    expect(nested.json()).toMatchObject({ error: { fields: [{ field: 'extra.list.1' }] } });
    expect(await objectiveCount(ctx())).toBe(before);
  });

  test('a deeply nested body is checked in linear time (it once took 40 s of CPU)', async () => {
    const admin = await ctx().setupAdmin();
    const started = performance.now();
    const response = await ctx().request('POST', '/api/v1/objectives', { as: admin, body: `${'['.repeat(50_000)}"\\u0000"${']'.repeat(50_000)}` });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { fields: Array<{ field: string }> } }>().error.fields[0]?.field).toBe('0.0.0.0.0.….0 (50000 levels deep)');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('NUL in the path or the query is a 400, not a database error', async () => {
    const admin = await ctx().setupAdmin();
    for (const url of ['/api/v1/objectives?cycleId=%00', '/api/v1/objectives/%00', '/api/v1/objectives/a%00b/check-ins', '/api/v1/users/%00', '/api/v1/key-results/x%00']) {
      const response = await ctx().request('GET', url, { as: admin });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(/NUL/);
    }
    // A route's own onRequest hook (the public webhook receiver looks its connection up there)
    // must never see such an id: it used to reach PostgreSQL and answer 500.
    const webhook = await ctx().request('POST', '/api/v1/webhooks/jira/a%00b?token=anything', { body: {} });
    expect(webhook.statusCode).toBe(400);
  });

  test('complete characters, emoji and right-to-left marks are stored and returned verbatim', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = (await ctx().request('POST', '/api/v1/cycles', { as: admin, body: { name: 'Verbatim', startDate: '2026-01-01', endDate: '2026-03-31' } })).json<{ id: string }>();
    const title = '😀 👩🏽‍💻 \u202eevil\u202c 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽ e\u0301';
    const created = await ctx().request('POST', '/api/v1/objectives', { as: admin, body: { cycleId: cycle.id, title } });
    expect(created.statusCode).toBe(201);
    const read = await ctx().request('GET', `/api/v1/objectives/${created.json<{ id: string }>().id}`, { as: admin });
    expect(read.json<{ title: string }>().title).toBe(title);
  });
});
