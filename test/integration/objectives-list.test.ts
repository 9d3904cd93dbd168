/**
 * The cycle list (GET /objectives?cycleId=) reads key results and Jira links per cycle with joined
 * queries and skips the zod re-encoding for speed (see bench/api). These tests hold it to the same
 * answer as the per-item reads, and to exactly the documented response schema.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { z } from 'zod';
import { objectiveSchema } from '../../src/contract/objectives';
import { describeEachDatabase, type Actor, type AppTestContext } from '../support/app-harness';

interface Created {
  id: string;
}

async function post<T = Created>(ctx: AppTestContext, as: Actor, url: string, body: unknown): Promise<T> {
  const response = await ctx.request('POST', url, { as, body });
  if (response.statusCode !== 201) throw new Error(`POST ${url} → ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

/** A Jira link row written straight to the database: the list must show it without any Jira. */
async function insertSyncedLink(ctx: AppTestContext, connectionId: string, target: { objectiveId: string } | { keyResultId: string }, progress: number) {
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('integration_links')
    .values({
      id: randomUUID(),
      objective_id: 'objectiveId' in target ? target.objectiveId : null,
      key_result_id: 'keyResultId' in target ? target.keyResultId : null,
      type: 'jira',
      connection_id: connectionId,
      jql: 'project = LIST',
      metric: 'percent_done',
      options: '{}',
      query_hash: `hash-${randomUUID()}`,
      total: 10,
      done: Math.round(progress * 10),
      progress,
      measured: Math.round(progress * 10),
      last_synced_at: now,
      last_attempt_at: now,
      last_error_code: null,
      last_error_message: null,
      next_due_at: now,
      sync_state: 'idle',
      lease_owner: null,
      lease_expires_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

async function insertConnection(ctx: AppTestContext): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('jira_connections')
    .values({
      id,
      name: `List test ${id}`,
      url: 'https://jira.example.com',
      username: 'someone@example.com',
      auth_type: 'basic',
      secret_ciphertext: 'v1:not:a:real-secret',
      deployment_type: 'cloud',
      jira_user_name: null,
      jira_account_id: null,
      health: 'ok',
      last_error_code: null,
      last_error_message: null,
      last_checked_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

describeEachDatabase('the objectives list of a cycle', (ctx) => {
  test('equals the per-item answers, links included, and nothing from other cycles', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Olga Owner' });
    const cycle = await post(ctx(), admin, '/api/v1/cycles', { name: 'Listed', startDate: '2026-01-01', endDate: '2026-12-31' });
    const other = await post(ctx(), admin, '/api/v1/cycles', { name: 'Elsewhere', startDate: '2026-01-01', endDate: '2026-12-31' });
    const connectionId = await insertConnection(ctx());

    const root = await post(ctx(), admin, '/api/v1/objectives', { cycleId: cycle.id, title: 'Root', ownerId: member.user.id, description: 'why' });
    const child = await post(ctx(), admin, '/api/v1/objectives', { cycleId: cycle.id, title: 'Child', parentId: root.id, startDate: '2026-03-01', endDate: '2026-04-30' });
    const manual = await post(ctx(), admin, '/api/v1/objectives', { cycleId: cycle.id, title: 'Manual', progressMode: 'manual' });
    await post(ctx(), admin, `/api/v1/objectives/${manual.id}/check-ins`, { value: 0.4, note: 'halfway-ish' });
    const linkedObjective = await post(ctx(), admin, '/api/v1/objectives', { cycleId: cycle.id, title: 'Linked objective' });
    await insertSyncedLink(ctx(), connectionId, { objectiveId: linkedObjective.id }, 0.7);

    const kr1 = await post(ctx(), admin, `/api/v1/objectives/${root.id}/key-results`, { title: 'KR one', startValue: 0, targetValue: 10, ownerId: member.user.id, unit: 'x' });
    await post(ctx(), admin, `/api/v1/objectives/${root.id}/key-results`, { title: 'KR two', startValue: 10, targetValue: 0, currentValue: 4, weight: 2 });
    const linkedKr = await post(ctx(), admin, `/api/v1/objectives/${child.id}/key-results`, { title: 'Linked KR', startValue: 0, targetValue: 1 });
    await insertSyncedLink(ctx(), connectionId, { keyResultId: linkedKr.id }, 0.3);
    await post(ctx(), admin, `/api/v1/key-results/${kr1.id}/check-ins`, { value: 6 });

    const elsewhere = await post(ctx(), admin, '/api/v1/objectives', { cycleId: other.id, title: 'Other cycle' });
    const elsewhereKr = await post(ctx(), admin, `/api/v1/objectives/${elsewhere.id}/key-results`, { title: 'Other KR', startValue: 0, targetValue: 5 });
    await insertSyncedLink(ctx(), connectionId, { keyResultId: elsewhereKr.id }, 0.9);

    const list = await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: member });
    expect(list.statusCode).toBe(200);
    const listed = list.json<Array<{ id: string; keyResults: Array<{ id: string; integration: unknown }>; integration: unknown }>>();
    expect(listed.map((o) => o.id)).toEqual([root.id, child.id, manual.id, linkedObjective.id]);
    expect(listed.flatMap((o) => o.keyResults).some((kr) => kr.id === elsewhereKr.id)).toBe(false);
    expect(listed.find((o) => o.id === linkedObjective.id)?.integration).toMatchObject({ progress: 0.7, total: 10 });
    expect(listed.find((o) => o.id === child.id)?.keyResults[0]?.integration).toMatchObject({ progress: 0.3 });

    for (const objective of listed) {
      const single = await ctx().request('GET', `/api/v1/objectives/${objective.id}`, { as: member });
      // Progress and expected progress are computed at request time; the two requests are
      // milliseconds apart, so compare everything but allow expected progress to creep.
      const strip = (value: unknown) => JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'expectedProgress' ? Math.round(Number(v) * 1e4) : v));
      expect(strip(objective)).toEqual(strip(single.json()));
    }
  });

  test('is exactly what the response schema describes: no extra fields, every value valid', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await post(ctx(), admin, '/api/v1/cycles', { name: 'Schema', startDate: '2026-01-01', endDate: '2026-12-31' });
    const objective = await post(ctx(), admin, '/api/v1/objectives', { cycleId: cycle.id, title: 'Shaped' });
    await post(ctx(), admin, `/api/v1/objectives/${objective.id}/key-results`, { title: 'KR', startValue: 0, targetValue: 3 });
    const body: unknown = (await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: admin })).json();
    // encode() drops unknown keys and throws on invalid values, so equality means an exact match.
    expect(z.array(objectiveSchema).encode(body as z.output<typeof objectiveSchema>[])).toEqual(body);
  });
});
