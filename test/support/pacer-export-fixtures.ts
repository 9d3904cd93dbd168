/**
 * OKRs built through the API for the export and restore tests: a cycle around today, two parent
 * objectives and a child aligned to both with weights (40/60), a metric key result and a
 * percentage key result with check-ins, a manual objective with milestones and check-ins, a team.
 */
import type { Actor, AppTestContext } from './app-harness';
import { createCycleAroundToday, createKeyResult, createObjective, dayFromToday, expectStatus, type CycleDto, type ObjectiveDto } from './okr-fixtures';

export interface SampleOkrs {
  cycle: CycleDto;
  parents: [ObjectiveDto, ObjectiveDto];
  child: ObjectiveDto;
  manual: ObjectiveDto;
}

async function checkIn(ctx: AppTestContext, actor: Actor, url: string, value: number, note: string): Promise<void> {
  expectStatus(await ctx.request('POST', url, { as: actor, body: { value, note } }), 201);
}

export async function buildSampleOkrs(ctx: AppTestContext, admin: Actor, member: Actor): Promise<SampleOkrs> {
  const cycle = await createCycleAroundToday(ctx, admin, 'Restore cycle');
  const team = await ctx.request('POST', '/api/v1/teams', { as: admin, body: { name: 'Platform', ownerIds: [member.user.id], memberIds: [admin.user.id] } });
  expectStatus(team, 201);
  const teamId = team.json<{ id: string }>().id;
  const growth = await createObjective(ctx, admin, { cycleId: cycle.id, title: 'Grow the platform', description: 'Why: more customers', teamIds: [teamId] });
  const delight = await createObjective(ctx, member, { cycleId: cycle.id, title: 'Delight customers' });
  const child = await createObjective(ctx, member, {
    cycleId: cycle.id,
    title: 'Ship the new checkout',
    parents: [
      { objectiveId: growth.id, weight: 40 },
      { objectiveId: delight.id, weight: 60 },
    ],
  });
  const users = await createKeyResult(ctx, member, child.id, { title: 'Weekly active users', startValue: 1000, targetValue: 5000, unit: 'users', weight: 2, milestones: [{ date: dayFromToday(-10), value: 2000 }] });
  const percent = await createKeyResult(ctx, member, child.id, { title: 'Checkout steps migrated', startValue: 0, targetValue: 100, unit: '%' });
  await createKeyResult(ctx, admin, growth.id, { title: 'Signed contracts', startValue: 0, targetValue: 20, unit: 'contracts' });
  await checkIn(ctx, member, `/api/v1/key-results/${users.id}/check-ins`, 2500, 'First wave of the campaign');
  await checkIn(ctx, member, `/api/v1/key-results/${users.id}/check-ins`, 3100, '');
  await checkIn(ctx, member, `/api/v1/key-results/${percent.id}/check-ins`, 45, 'Half the steps');
  const manual = await createObjective(ctx, admin, {
    cycleId: cycle.id,
    title: 'Write the runbook',
    progressMode: 'manual',
    parents: [{ objectiveId: delight.id, weight: null }],
    milestones: [
      { date: dayFromToday(-20), value: 0.2 },
      { date: dayFromToday(20), value: 0.7 },
    ],
  });
  await checkIn(ctx, admin, `/api/v1/objectives/${manual.id}/check-ins`, 0.3, 'Outline done');
  await checkIn(ctx, admin, `/api/v1/objectives/${manual.id}/check-ins`, 0.55, 'Most sections written');
  return { cycle, parents: [growth, delight], child, manual };
}
