import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import {
  createCycle,
  createCycleAroundToday,
  createKeyResult,
  createObjective,
  dayFromToday,
  expectFieldError,
  expectStatus,
  getObjective,
  type CheckInDto,
  type ObjectiveDto,
} from '../../../../test/support/okr-fixtures';

describeEachDatabase('objectives API', (ctx) => {
  test('create, list by cycle, read, change and delete an objective', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Olive Owner' });
    const cycle = await createCycleAroundToday(ctx(), admin, 'CRUD cycle');
    const other = await createCycleAroundToday(ctx(), admin, 'Other cycle');

    const created = await createObjective(ctx(), member, {
      cycleId: cycle.id,
      title: '  Delight customers  ',
      description: 'Make support fast',
      ownerId: member.user.id,
    });
    expect(created).toMatchObject({
      cycleId: cycle.id,
      title: 'Delight customers',
      description: 'Make support fast',
      ownerId: member.user.id,
      owner: { id: member.user.id, name: 'Olive Owner' },
      parentId: null,
      startDate: null,
      endDate: null,
      progressMode: 'key_results',
      progress: null,
      status: 'not_started',
      keyResults: [],
      integration: null,
    });
    await createObjective(ctx(), member, { cycleId: other.id, title: 'Elsewhere' });

    const list = await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: member });
    expectStatus(list, 200);
    expect(list.json<ObjectiveDto[]>().map((o) => o.title)).toEqual(['Delight customers']);

    const patched = await ctx().request('PATCH', `/api/v1/objectives/${created.id}`, {
      as: admin,
      body: { title: 'Delight every customer', description: '', ownerId: null, startDate: dayFromToday(-5) },
    });
    expectStatus(patched, 200);
    expect(patched.json<ObjectiveDto>()).toMatchObject({
      title: 'Delight every customer',
      description: '',
      owner: null,
      startDate: dayFromToday(-5),
      endDate: null,
    });

    // The admin left it without an owner, so Olive may no longer delete it; an admin may.
    expectStatus(await ctx().request('DELETE', `/api/v1/objectives/${created.id}`, { as: member }), 403);
    expectStatus(await ctx().request('DELETE', `/api/v1/objectives/${created.id}`, { as: admin }), 204);
    expectStatus(await ctx().request('GET', `/api/v1/objectives/${created.id}`, { as: member }), 404);
  });

  test('without an owner, a new objective or key result is the creator\'s; an explicit null means no owner', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Mina Mine', bearer: true });
    const cycle = await createCycleAroundToday(ctx(), admin, 'Owner defaults');

    const mine = await createObjective(ctx(), member, { cycleId: cycle.id, title: 'Mine by default' });
    expect(mine).toMatchObject({ ownerId: member.user.id, owner: { id: member.user.id, name: 'Mina Mine' } });
    const unowned = await createObjective(ctx(), member, { cycleId: cycle.id, title: 'Nobody\'s', ownerId: null });
    expect(unowned).toMatchObject({ ownerId: null, owner: null });

    // The key result is its creator's too, not the objective owner's.
    const kr = await createKeyResult(ctx(), admin, mine.id, { title: 'Added by the admin' });
    expect(kr).toMatchObject({ ownerId: admin.user.id, owner: { id: admin.user.id, name: admin.user.name } });
    expect(await createKeyResult(ctx(), member, mine.id, { ownerId: null })).toMatchObject({ ownerId: null, owner: null });
    expect(await createKeyResult(ctx(), member, mine.id, {})).toMatchObject({ ownerId: member.user.id });
  });

  test('progress rolls up from key results by weight', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Roll-up');
    const objective = await createObjective(ctx(), admin, { cycleId: cycle.id });
    await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 10, currentValue: 10, weight: 3 });
    const stalled = await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 10, currentValue: 0 });
    // Checked in at 0, so it counts (without a check-in it would be Not started and left out of the roll-up).
    await ctx().request('POST', `/api/v1/key-results/${stalled.id}/check-ins`, { as: admin, body: { value: 0 } });
    // (1 × 3 + 0 × 1) / 4
    const weighted = await getObjective(ctx(), admin, objective.id);
    expect(weighted.progress).toBeCloseTo(0.75, 12);
    expect(weighted.keyResults.map((kr) => kr.progress)).toEqual([1, 0]);
    expect(weighted.status).toBe('on_track'); // expected is ~0.5

    const equal = await createObjective(ctx(), admin, { cycleId: cycle.id });
    await createKeyResult(ctx(), admin, equal.id, { currentValue: 2 });
    await createKeyResult(ctx(), admin, equal.id, { currentValue: 4 });
    await createKeyResult(ctx(), admin, equal.id, { startValue: 8, targetValue: 5, currentValue: 5 });
    const mean = await getObjective(ctx(), admin, equal.id);
    expect(mean.progress).toBeCloseTo((0.2 + 0.4 + 1) / 3, 12);
  });

  test('expected progress and status for a cycle around today', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Around today');
    const make = async (currentValue: number) => {
      const objective = await createObjective(ctx(), admin, { cycleId: cycle.id, title: `At ${currentValue}` });
      await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 100, currentValue });
      return objective.id;
    };
    const ids = [await make(60), await make(40), await make(10)];
    await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Nothing yet' });

    const list = await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: admin });
    const objectives = list.json<ObjectiveDto[]>();
    for (const objective of objectives) {
      // Day 50 of 100: between 0.50 (at midnight) and 0.51 (just before the next).
      expect(objective.expectedProgress).toBeGreaterThanOrEqual(0.5);
      expect(objective.expectedProgress).toBeLessThanOrEqual(0.51);
    }
    const statusOf = (id: string | undefined) => objectives.find((o) => o.id === id)?.status;
    expect(ids.map(statusOf)).toEqual(['on_track', 'behind', 'at_risk']);
    expect(objectives.find((o) => o.title === 'Nothing yet')?.status).toBe('not_started');

    const past = await createCycle(ctx(), admin, { name: 'Past', startDate: dayFromToday(-90), endDate: dayFromToday(-1) });
    const done = await createObjective(ctx(), admin, { cycleId: past.id });
    expect(done.expectedProgress).toBe(1);
  });

  test('status thresholds come from the settings', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Thresholds');
    const objective = await createObjective(ctx(), admin, { cycleId: cycle.id });
    await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 100, currentValue: 40 });
    expect((await getObjective(ctx(), admin, objective.id)).status).toBe('behind');
    const changed = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { behindThreshold: 0, atRiskThreshold: 0.05 } });
    expectStatus(changed, 200);
    expect((await getObjective(ctx(), admin, objective.id)).status).toBe('at_risk');
    expectStatus(await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { behindThreshold: 0, atRiskThreshold: 0.25 } }), 200);
  });

  test('manual objectives take their progress from the latest check-in; history is kept', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Manny Manual' });
    const cycle = await createCycleAroundToday(ctx(), admin, 'Manual');
    const objective = await createObjective(ctx(), member, { cycleId: cycle.id, progressMode: 'manual' });
    expect(objective).toMatchObject({ progressMode: 'manual', progress: null, status: 'not_started' });
    // Key results do not drive a manual objective.
    await createKeyResult(ctx(), member, objective.id, { currentValue: 10 });

    for (const value of [0.2, 0.45]) {
      const response = await ctx().request('POST', `/api/v1/objectives/${objective.id}/check-ins`, { as: member, body: { value, note: 'update' } });
      expectStatus(response, 201);
      expect(response.json<CheckInDto>()).toMatchObject({ objectiveId: objective.id, keyResultId: null, value, author: { name: 'Manny Manual' } });
    }
    const now = await getObjective(ctx(), admin, objective.id);
    expect(now.progress).toBeCloseTo(0.45, 12);
    expect(now.status).toBe('behind');

    const history = await ctx().request('GET', `/api/v1/objectives/${objective.id}/check-ins`, { as: admin });
    expect(history.json<CheckInDto[]>().map((c) => c.value)).toEqual([0.45, 0.2]);

    expectFieldError(
      await ctx().request('POST', `/api/v1/objectives/${objective.id}/check-ins`, { as: member, body: { value: 45 } }),
      'value',
    );

    // Switching back to key results uses the key results again.
    const switched = await ctx().request('PATCH', `/api/v1/objectives/${objective.id}`, { as: member, body: { progressMode: 'key_results' } });
    expect(switched.json<ObjectiveDto>().progress).toBe(1);
    const refused = await ctx().request('POST', `/api/v1/objectives/${objective.id}/check-ins`, { as: member, body: { value: 0.5 } });
    expectStatus(refused, 409);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('manual');
  });

  test('deleting an objective removes its key results and check-ins; children become top-level', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Cascade');
    const parent = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Parent' });
    const child = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Child', parentId: parent.id });
    const kr = await createKeyResult(ctx(), admin, parent.id, {});
    expectStatus(await ctx().request('POST', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin, body: { value: 4 } }), 201);

    expectStatus(await ctx().request('DELETE', `/api/v1/objectives/${parent.id}`, { as: admin }), 204);
    expectStatus(await ctx().request('GET', `/api/v1/key-results/${kr.id}`, { as: admin }), 404);
    const leftover = await ctx().db.selectFrom('check_ins').select('id').where('key_result_id', '=', kr.id).execute();
    expect(leftover).toEqual([]);
    expect((await getObjective(ctx(), admin, child.id)).parentId).toBeNull();
  });

  test('alignment: parent must exist, may be in another cycle, and may not create a loop', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Tree');
    const company = await createCycleAroundToday(ctx(), admin, 'Company');
    const top = await createObjective(ctx(), admin, { cycleId: company.id, title: 'Top' });
    const middle = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Middle', parentId: top.id });
    const bottom = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Bottom', parentId: middle.id });
    expect(middle.parentId).toBe(top.id);

    const patch = (id: string, body: Record<string, unknown>) =>
      ctx().request('PATCH', `/api/v1/objectives/${id}`, { as: admin, body });
    expectFieldError(await patch(top.id, { parentId: bottom.id }), 'parentId');
    expectFieldError(await patch(top.id, { parentId: top.id }), 'parentId');
    expectFieldError(await patch(top.id, { parentId: 'missing' }), 'parentId');
    expectFieldError(await createObjectiveResponse({ cycleId: cycle.id, parentId: 'missing' }), 'parentId');

    expectStatus(await patch(bottom.id, { parentId: top.id }), 200);
    expectStatus(await patch(middle.id, { parentId: null }), 200);

    async function createObjectiveResponse(body: Record<string, unknown>) {
      return ctx().request('POST', '/api/v1/objectives', { as: admin, body: { title: 'X', ...body } });
    }
  });

  test('bad objectives are refused with 400 naming the field', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycle(ctx(), admin, { name: 'Fixed', startDate: '2027-01-01', endDate: '2027-03-31' });
    const post = (body: Record<string, unknown>) =>
      ctx().request('POST', '/api/v1/objectives', { as: admin, body: { cycleId: cycle.id, title: 'Valid', ...body } });
    expectFieldError(await post({ title: '  ' }), 'title');
    expectFieldError(await post({ title: 't'.repeat(201) }), 'title');
    expectFieldError(await post({ description: 'd'.repeat(10_001) }), 'description');
    expectFieldError(await post({ cycleId: 'no-such-cycle' }), 'cycleId');
    expectFieldError(await post({ ownerId: 'no-such-user' }), 'ownerId');
    expectFieldError(await post({ startDate: '2027-02-30' }), 'startDate');
    expectFieldError(await post({ startDate: '2027-02-10', endDate: '2027-02-01' }), 'endDate');
    // Only an own start after the cycle's end: the mix is not a period.
    expectFieldError(await post({ startDate: '2027-05-01' }), 'startDate');
    expectFieldError(await post({ progressMode: 'jira' }), 'progressMode');
    expectFieldError(await ctx().request('GET', '/api/v1/objectives', { as: admin }), 'cycleId');

    // Either own date alone is fine when it fits the cycle.
    const onlyEnd = await createObjective(ctx(), admin, { cycleId: cycle.id, endDate: '2027-02-15' });
    expect(onlyEnd).toMatchObject({ startDate: null, endDate: '2027-02-15' });
    expectFieldError(
      await ctx().request('PATCH', `/api/v1/objectives/${onlyEnd.id}`, { as: admin, body: { startDate: '2027-03-01' } }),
      'endDate',
    );
  });

  test('unknown ids answer 404', async () => {
    const admin = await ctx().setupAdmin();
    const list = await ctx().request('GET', '/api/v1/objectives?cycleId=gone', { as: admin });
    expectStatus(list, 404);
    expect(list.json<{ error: { message: string } }>().error.message).toContain('Cycle gone');
    for (const [method, url, body] of [
      ['GET', '/api/v1/objectives/gone', undefined],
      ['PATCH', '/api/v1/objectives/gone', { title: 'x' }],
      ['DELETE', '/api/v1/objectives/gone', undefined],
      ['GET', '/api/v1/objectives/gone/check-ins', undefined],
      ['POST', '/api/v1/objectives/gone/check-ins', { value: 0.5 }],
    ] as const) {
      const response = await ctx().request(method, url, { as: admin, body });
      expectStatus(response, 404);
      expect(response.json<{ error: { message: string } }>().error.message).toContain('Objective gone');
    }
  });
});
