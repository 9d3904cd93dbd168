/**
 * Concurrent check-ins on the same key result or objective: every one is kept with its own time,
 * and the value shown is always the newest in the history. On PostgreSQL two concurrent check-ins
 * used to read the same "latest" time, share a timestamp, and the shown value could be the one the
 * history listed second.
 */
import { expect, test } from 'vitest';
import { describeEachDatabase, type Actor, type AppTestContext } from '../support/app-harness';

const ROUNDS = 6;
const CONCURRENT = 25;

async function hammer(ctx: AppTestContext, actor: Actor, path: string, valueOf: (round: number, i: number) => number, shownOf: (item: Record<string, unknown>) => unknown) {
  for (let round = 0; round < ROUNDS; round++) {
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => ctx.request('POST', `${path}/check-ins`, { as: actor, body: { value: valueOf(round, i) } })),
    );
    expect(answers.map((a) => a.statusCode).filter((status) => status !== 201)).toEqual([]);
    const history = (await ctx.request('GET', `${path}/check-ins`, { as: actor })).json<Array<{ value: number; createdAt: string }>>();
    const item = (await ctx.request('GET', path, { as: actor })).json<Record<string, unknown>>();
    expect(shownOf(item), `round ${round}`).toBe(history[0]?.value);
    expect(history).toHaveLength((round + 1) * CONCURRENT);
    expect(new Set(history.map((c) => c.createdAt)).size).toBe(history.length);
  }
}

describeEachDatabase('concurrent check-ins', (ctx) => {
  test('on one key result: all kept, distinct times, the newest is shown', async () => {
    const admin = await ctx().setupAdmin();
    const script = await ctx().withBearer(admin);
    const cycle = (await ctx().request('POST', '/api/v1/cycles', { as: admin, body: { name: 'Busy', startDate: '2026-01-01', endDate: '2026-12-31' } })).json<{ id: string }>();
    const objective = (await ctx().request('POST', '/api/v1/objectives', { as: script, body: { cycleId: cycle.id, title: 'Busy objective' } })).json<{ id: string }>();
    const keyResult = (await ctx().request('POST', `/api/v1/objectives/${objective.id}/key-results`, { as: script, body: { title: 'Busy KR', startValue: 0, targetValue: 1000 } })).json<{ id: string }>();
    await hammer(ctx(), script, `/api/v1/key-results/${keyResult.id}`, (round, i) => round * 100 + i, (item) => item.currentValue);
  });

  test('on one manual objective: all kept, distinct times, the newest is shown', async () => {
    const admin = await ctx().setupAdmin();
    const script = await ctx().withBearer(admin);
    const cycle = (await ctx().request('POST', '/api/v1/cycles', { as: admin, body: { name: 'Busy manual', startDate: '2026-01-01', endDate: '2026-12-31' } })).json<{ id: string }>();
    const objective = (await ctx().request('POST', '/api/v1/objectives', { as: script, body: { cycleId: cycle.id, title: 'Manual', progressMode: 'manual' } })).json<{ id: string }>();
    await hammer(ctx(), script, `/api/v1/objectives/${objective.id}`, (round, i) => (round * CONCURRENT + i) / 1000, (item) => item.progress);
  });
});
