/**
 * Alignment under several weighted parents and phased targets (issue 14), through the API: the
 * parent's roll-up against the formula, loops refused naming the field, milestones moving expected
 * progress and status, and bad input refused with nothing half-written.
 */
import { expect, test } from 'vitest';
import { describeEachDatabase, type Actor, type AppTestContext } from '../../../../test/support/app-harness';
import {
  createCycleAroundToday,
  createKeyResult,
  createObjective,
  dayFromToday,
  expectFieldError,
  expectStatus,
  getObjective,
  type KeyResultDto,
  type ObjectiveDto,
} from '../../../../test/support/okr-fixtures';

async function checkIn(ctx: AppTestContext, actor: Actor, objectiveId: string, value: number): Promise<void> {
  expectStatus(await ctx.request('POST', `/api/v1/objectives/${objectiveId}/check-ins`, { as: actor, body: { value } }), 201);
}

describeEachDatabase('alignment and milestones API', (ctx) => {
  test('an objective under two weighted parents: parentId is the first, and each parent rolls it up by the weighted mean', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Alignment cycle');
    const parent = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Parent' });
    const second = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Second parent' });
    await createKeyResult(ctx(), admin, parent.id, { startValue: 0, targetValue: 10, currentValue: 5 }); // 0.5, weight 1

    const low = await createObjective(ctx(), admin, {
      cycleId: cycle.id,
      title: 'Low',
      progressMode: 'manual',
      parents: [{ objectiveId: parent.id, weight: 40 }, { objectiveId: second.id, weight: 100 }],
    });
    const high = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'High', progressMode: 'manual', parents: [{ objectiveId: parent.id, weight: 60 }] });
    expect(low).toMatchObject({ parentId: parent.id, parents: [{ objectiveId: parent.id, weight: 40 }, { objectiveId: second.id, weight: 100 }] });
    await checkIn(ctx(), admin, low.id, 0.2);
    await checkIn(ctx(), admin, high.id, 0.8);

    const expected = (1 * 0.5 + 40 * 0.2 + 60 * 0.8) / (1 + 40 + 60);
    expect((await getObjective(ctx(), admin, parent.id)).progress).toBeCloseTo(expected, 9);
    expect((await getObjective(ctx(), admin, second.id)).progress).toBeCloseTo(0.2, 9);
    const listed = (await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: admin })).json<ObjectiveDto[]>();
    expect(listed.find((o) => o.id === parent.id)?.progress).toBeCloseTo(expected, 9);

    // A weight of 0 contributes nothing: the parent is then (0.5 + 60·0.8) / 61.
    expectStatus(await ctx().request('PATCH', `/api/v1/objectives/${low.id}`, { as: admin, body: { parents: [{ objectiveId: parent.id, weight: 0 }, { objectiveId: second.id, weight: 100 }] } }), 200);
    expect((await getObjective(ctx(), admin, parent.id)).progress).toBeCloseTo((0.5 + 48) / 61, 9);

    // parentId alone replaces only the first parent; null clears them all.
    const moved = await ctx().request('PATCH', `/api/v1/objectives/${low.id}`, { as: admin, body: { parentId: high.id } });
    expect(moved.json<ObjectiveDto>().parents).toEqual([{ objectiveId: high.id, weight: null }, { objectiveId: second.id, weight: 100 }]);
    const cleared = await ctx().request('PATCH', `/api/v1/objectives/${low.id}`, { as: admin, body: { parentId: null } });
    expect(cleared.json<ObjectiveDto>()).toMatchObject({ parentId: null, parents: [] });
  });

  test('alignment loops, unknown parents, duplicates and bad weights are refused with the field named, nothing written', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Loop cycle');
    const top = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Top' });
    const side = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Side' });
    const middle = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Middle', parents: [{ objectiveId: side.id }, { objectiveId: top.id }] });
    const bottom = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Bottom', parentId: middle.id });
    const patch = (id: string, body: Record<string, unknown>) => ctx().request('PATCH', `/api/v1/objectives/${id}`, { as: admin, body });

    // top is reached from bottom through middle's second parent.
    const loop = await patch(top.id, { title: 'Renamed', parents: [{ objectiveId: side.id }, { objectiveId: bottom.id, weight: 50 }] });
    expectFieldError(loop, 'parents.1.objectiveId');
    expect(loop.json<{ error: { message: string } }>().error.message).toMatch(/loop/);
    expect((await getObjective(ctx(), admin, top.id))).toMatchObject({ title: 'Top', parents: [] });
    expectFieldError(await patch(top.id, { parentId: bottom.id }), 'parentId');
    expectFieldError(await patch(top.id, { parents: [{ objectiveId: top.id }] }), 'parents.0.objectiveId');
    expectFieldError(await patch(bottom.id, { parents: [{ objectiveId: top.id }, { objectiveId: top.id }] }), 'parents.1.objectiveId');
    expectFieldError(await patch(bottom.id, { parents: [{ objectiveId: 'missing' }] }), 'parents.0.objectiveId');
    expectFieldError(await patch(bottom.id, { parents: [{ objectiveId: top.id, weight: 101 }] }), 'parents.0.weight');
    expectFieldError(await patch(bottom.id, { parentId: side.id, parents: [{ objectiveId: top.id }] }), 'parentId');
    expect((await getObjective(ctx(), admin, bottom.id)).parents).toEqual([{ objectiveId: middle.id, weight: null }]);
    // A sibling is fine.
    expectStatus(await patch(side.id, { parents: [{ objectiveId: top.id, weight: 30 }] }), 200);
  });

  test('milestones make expected progress follow the plan, and status with it', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Milestone cycle');
    const objective = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Phased' });
    const kr = await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 100, currentValue: 20 });
    // Halfway through the cycle with 20 of 100: 30 points under the straight line.
    expect(kr).toMatchObject({ milestones: [], status: 'at_risk' });
    expect(kr.expectedProgress).toBeGreaterThan(0.49);

    // A back-loaded plan: 10 due by the end of yesterday, the rest later. Expected today is 10..11.8 of 100.
    const milestones = [{ date: dayFromToday(-30), value: 5 }, { date: dayFromToday(-1), value: 10 }];
    const patched = await ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: admin, body: { milestones } });
    expectStatus(patched, 200);
    const phased = patched.json<KeyResultDto>();
    expect(phased.milestones).toEqual(milestones);
    expect(phased.expectedProgress).toBeGreaterThanOrEqual(0.1);
    expect(phased.expectedProgress).toBeLessThan(0.12);
    expect(phased.status).toBe('on_track');

    // A front-loaded plan makes the same value at risk again; removing milestones restores the straight line.
    const front = await ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: admin, body: { milestones: [{ date: dayFromToday(-10), value: 90 }] } });
    expect(front.json<KeyResultDto>()).toMatchObject({ status: 'at_risk' });
    expect(front.json<KeyResultDto>().expectedProgress).toBeGreaterThan(0.9);
    const straight = await ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: admin, body: { milestones: [] } });
    expect(straight.json<KeyResultDto>().expectedProgress).toBeCloseTo(kr.expectedProgress, 2);

    // A manual objective follows its own milestones (fractions).
    const manual = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Manual', progressMode: 'manual', milestones: [{ date: dayFromToday(-1), value: 0.1 }] });
    await checkIn(ctx(), admin, manual.id, 0.2);
    const read = await getObjective(ctx(), admin, manual.id);
    expect(read.milestones).toEqual([{ date: dayFromToday(-1), value: 0.1 }]);
    expect(read.expectedProgress).toBeLessThan(0.12);
    expect(read.status).toBe('on_track');
  });

  test('bad milestones are refused naming the milestone and the part, and nothing is half-written', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Bad milestones');
    const objective = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Objective' });
    const kr = await createKeyResult(ctx(), admin, objective.id, { title: 'Before', startValue: 0, targetValue: 10 });
    const patchKr = (body: Record<string, unknown>) => ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: admin, body });

    expectFieldError(await patchKr({ title: 'After', milestones: [{ date: dayFromToday(-60), value: 1 }] }), 'milestones.0.date');
    expectFieldError(await patchKr({ milestones: [{ date: dayFromToday(-5), value: 1 }, { date: dayFromToday(-5), value: 2 }] }), 'milestones.1.date');
    expectFieldError(await patchKr({ milestones: [{ date: dayFromToday(-5), value: 'ten' }] }), 'milestones.0.value');
    expectFieldError(await patchKr({ milestones: [{ date: '2027-02-30', value: 1 }] }), 'milestones.0.date');
    const unchanged = (await ctx().request('GET', `/api/v1/key-results/${kr.id}`, { as: admin })).json<KeyResultDto>();
    expect([unchanged.title, unchanged.milestones]).toEqual(['Before', []]);

    const before = (await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: admin })).json<ObjectiveDto[]>().length;
    expectFieldError(
      await ctx().request('POST', `/api/v1/objectives/${objective.id}/key-results`, { as: admin, body: { title: 'New', startValue: 0, targetValue: 5, milestones: [{ date: dayFromToday(80), value: 1 }] } }),
      'milestones.0.date',
    );
    expectFieldError(await ctx().request('POST', '/api/v1/objectives', { as: admin, body: { cycleId: cycle.id, title: 'Roll-up', milestones: [{ date: dayFromToday(1), value: 0.5 }] } }), 'milestones');
    expectFieldError(
      await ctx().request('POST', '/api/v1/objectives', { as: admin, body: { cycleId: cycle.id, title: 'Manual', progressMode: 'manual', milestones: [{ date: dayFromToday(1), value: 2 }] } }),
      'milestones.0.value',
    );
    const after = (await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: admin })).json<ObjectiveDto[]>();
    expect(after).toHaveLength(before);
    expect(after.find((o) => o.id === objective.id)?.keyResults).toHaveLength(1);

    // Moving the objective's period so a saved milestone falls outside is refused too.
    expectStatus(await patchKr({ milestones: [{ date: dayFromToday(-20), value: 3 }] }), 200);
    expectFieldError(await ctx().request('PATCH', `/api/v1/objectives/${objective.id}`, { as: admin, body: { startDate: dayFromToday(-10) } }), 'milestones');
  });
});
