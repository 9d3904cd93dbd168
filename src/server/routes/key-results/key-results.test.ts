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
  type KeyResultDto,
} from '../../../../test/support/okr-fixtures';

describeEachDatabase('key results API', (ctx) => {
  async function objectiveInCurrentCycle() {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, `Cycle ${Math.random()}`);
    const objective = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Grow' });
    return { admin, cycle, objective };
  }

  test('create, read, change and delete a key result', async () => {
    const { admin, objective } = await objectiveInCurrentCycle();
    const member = await ctx().createMember({ name: 'Kim Owner' });
    const created = await createKeyResult(ctx(), admin, objective.id, {
      title: '  Ship 10 features ',
      startValue: 0,
      targetValue: 10,
      unit: 'features',
      ownerId: member.user.id,
    });
    expect(created).toMatchObject({
      objectiveId: objective.id,
      title: 'Ship 10 features',
      startValue: 0,
      targetValue: 10,
      currentValue: 0, // defaults to the start value
      unit: 'features',
      weight: 1,
      ownerId: member.user.id,
      owner: { id: member.user.id, name: 'Kim Owner' },
      // No check-in yet and still on its start value: not started (not 0% "at risk").
      progress: null,
      status: 'not_started',
      integration: null,
    });

    const read = await ctx().request('GET', `/api/v1/key-results/${created.id}`, { as: member });
    expectStatus(read, 200);
    expect(read.json<KeyResultDto>()).toMatchObject({ id: created.id, title: 'Ship 10 features' });

    const patched = await ctx().request('PATCH', `/api/v1/key-results/${created.id}`, {
      as: member,
      body: { title: 'Ship 20 features', targetValue: 20, currentValue: 5, weight: 2.5, ownerId: null },
    });
    expectStatus(patched, 200);
    expect(patched.json<KeyResultDto>()).toMatchObject({ title: 'Ship 20 features', targetValue: 20, currentValue: 5, weight: 2.5, progress: 0.25, owner: null });

    // Kim gave the key result away (ownerId: null), so only an admin or the objective's owner may delete it now.
    expectStatus(await ctx().request('DELETE', `/api/v1/key-results/${created.id}`, { as: member }), 403);
    expectStatus(await ctx().request('DELETE', `/api/v1/key-results/${created.id}`, { as: admin }), 204);
    expectStatus(await ctx().request('GET', `/api/v1/key-results/${created.id}`, { as: member }), 404);
    expect((await getObjective(ctx(), admin, objective.id)).keyResults).toEqual([]);
  });

  test('editing the current value records a check-in "Edited value" by the editor; other edits leave the history alone', async () => {
    const { admin, objective } = await objectiveInCurrentCycle();
    const editor = await ctx().createMember({ name: 'Eddie Editor' });
    // Eddie owns the key result: only owners (and admins) edit it.
    const kr = await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 10, currentValue: 2, ownerId: editor.user.id });
    const patch = (body: Record<string, unknown>) => ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: editor, body });
    const history = async () => (await ctx().request('GET', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin })).json<CheckInDto[]>();

    const edited = await patch({ title: 'Ship 10 things', currentValue: 4 });
    expectStatus(edited, 200);
    expect(edited.json<KeyResultDto>()).toMatchObject({ title: 'Ship 10 things', currentValue: 4, progress: 0.4 });
    expect(await history()).toEqual([
      expect.objectContaining({ keyResultId: kr.id, value: 4, note: 'Edited value', author: { id: editor.user.id, name: 'Eddie Editor' } }),
    ]);

    // The same value again, or other fields only: nothing new in the history.
    expectStatus(await patch({ currentValue: 4, unit: 'things' }), 200);
    expectStatus(await patch({ targetValue: 20 }), 200);
    expect(await history()).toHaveLength(1);

    // A later check-in and a later edit stay in order, newest first.
    expectStatus(await ctx().request('POST', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin, body: { value: 6 } }), 201);
    expectStatus(await patch({ currentValue: 5 }), 200);
    expect((await history()).map((c) => [c.value, c.note])).toEqual([[5, 'Edited value'], [6, ''], [4, 'Edited value']]);
    expect((await getObjective(ctx(), admin, objective.id)).keyResults?.[0]).toMatchObject({ currentValue: 5, progress: 0.25 });
  });

  test('progress: 3 of 0→10 is 0.3, a target below the start counts downwards, and it clamps to 0..1', async () => {
    const { admin, objective } = await objectiveInCurrentCycle();
    const threeOfTen = await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 10, currentValue: 3 });
    expect(threeOfTen.progress).toBeCloseTo(0.3, 12);

    // "Cut churn from 8% to 5%": at 6.5% it is halfway, at 5% done.
    const churn = await createKeyResult(ctx(), admin, objective.id, { title: 'Cut churn', startValue: 8, targetValue: 5, currentValue: 6.5, unit: '%' });
    expect(churn.progress).toBeCloseTo(0.5, 12);

    const overshot = await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 10, currentValue: 15 });
    expect(overshot.progress).toBe(1);
    const wrongWay = await createKeyResult(ctx(), admin, objective.id, { startValue: 10, targetValue: 20, currentValue: 5 });
    expect(wrongWay.progress).toBe(0);
    const churnWorse = await createKeyResult(ctx(), admin, objective.id, { startValue: 8, targetValue: 5, currentValue: 9 });
    expect(churnWorse.progress).toBe(0);
  });

  test('check-ins keep their history newest first and set the current value', async () => {
    const { admin, objective } = await objectiveInCurrentCycle();
    const member = await ctx().createMember({ name: 'Casey Checker' });
    const kr = await createKeyResult(ctx(), admin, objective.id, { startValue: 8, targetValue: 5, ownerId: member.user.id });

    const values = [7.5, 7, 6.5];
    for (const [index, value] of values.entries()) {
      const response = await ctx().request('POST', `/api/v1/key-results/${kr.id}/check-ins`, {
        as: member,
        body: { value, note: `  week ${index + 1} ` },
      });
      expectStatus(response, 201);
      expect(response.json<CheckInDto>()).toMatchObject({
        keyResultId: kr.id,
        objectiveId: null,
        value,
        note: `week ${index + 1}`,
        author: { id: member.user.id, name: 'Casey Checker' },
      });
    }

    const history = await ctx().request('GET', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin });
    expectStatus(history, 200);
    const checkIns = history.json<CheckInDto[]>();
    expect(checkIns.map((c) => c.value)).toEqual([6.5, 7, 7.5]);
    const times = checkIns.map((c) => Date.parse(c.createdAt));
    expect(times[0]).toBeGreaterThan(times[1] ?? Infinity);
    expect(times[1]).toBeGreaterThan(times[2] ?? Infinity);

    const after = await ctx().request('GET', `/api/v1/key-results/${kr.id}`, { as: admin });
    expect(after.json<KeyResultDto>()).toMatchObject({ currentValue: 6.5 });
    expect(after.json<KeyResultDto>().progress).toBeCloseTo(0.5, 12);
    // The objective rolls the new value up at once.
    expect((await getObjective(ctx(), admin, objective.id)).progress).toBeCloseTo(0.5, 12);
  });

  test('status compares progress with the objective period: cycle dates, or the objective\'s own', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Status cycle');
    const objective = await createObjective(ctx(), admin, { cycleId: cycle.id });
    const ahead = await createKeyResult(ctx(), admin, objective.id, { currentValue: 6 });
    const behind = await createKeyResult(ctx(), admin, objective.id, { currentValue: 4 });
    const atRisk = await createKeyResult(ctx(), admin, objective.id, { currentValue: 1 });
    for (const kr of [ahead, behind, atRisk]) {
      expect(kr.expectedProgress).toBeGreaterThanOrEqual(0.5);
      expect(kr.expectedProgress).toBeLessThanOrEqual(0.51);
    }
    expect([ahead.status, behind.status, atRisk.status]).toEqual(['on_track', 'behind', 'at_risk']);

    // Own dates already over: expected is 1, so 0.6 is 40 points short, which is at risk.
    const finished = await createObjective(ctx(), admin, { cycleId: cycle.id, startDate: dayFromToday(-30), endDate: dayFromToday(-1) });
    const late = await createKeyResult(ctx(), admin, finished.id, { currentValue: 6 });
    expect(late.expectedProgress).toBe(1);
    expect(late.status).toBe('at_risk');

    const future = await createCycle(ctx(), admin, { name: 'Next', startDate: dayFromToday(10), endDate: dayFromToday(100) });
    const notYet = await createObjective(ctx(), admin, { cycleId: future.id });
    const early = await createKeyResult(ctx(), admin, notYet.id, { currentValue: 1 });
    expect(early.expectedProgress).toBe(0);
    expect(early.status).toBe('on_track');
  });

  test('a new key result without check-ins is Not started (no progress) and leaves its objective\'s status to the started ones', async () => {
    const { admin, objective } = await objectiveInCurrentCycle();
    const started = await createKeyResult(ctx(), admin, objective.id, { title: 'Started', startValue: 0, targetValue: 10 });
    const checkIn = await ctx().request('POST', `/api/v1/key-results/${started.id}/check-ins`, { as: admin, body: { value: 6 } });
    expectStatus(checkIn, 201);
    const fresh = await createKeyResult(ctx(), admin, objective.id, { title: 'Brand new', startValue: 0, targetValue: 10 });
    // Half-way through the cycle a key result at 0% would be at risk; without a check-in it has not started.
    expect(fresh.expectedProgress).toBeGreaterThanOrEqual(0.5);
    expect(fresh).toMatchObject({ progress: null, status: 'not_started' });
    const parent = await getObjective(ctx(), admin, objective.id);
    expect(parent.keyResults.map((kr) => [kr.title, kr.status])).toEqual([['Started', 'on_track'], ['Brand new', 'not_started']]);
    expect(parent).toMatchObject({ progress: 0.6, status: 'on_track' });

    // Its first check-in counts, even one that reports no movement: now it is at risk and pulls the objective to Behind.
    expectStatus(await ctx().request('POST', `/api/v1/key-results/${fresh.id}/check-ins`, { as: admin, body: { value: 0 } }), 201);
    const after = await getObjective(ctx(), admin, objective.id);
    expect(after.keyResults[1]).toMatchObject({ progress: 0, status: 'at_risk' });
    expect(after.progress).toBeCloseTo(0.3, 12);
    expect(after.status).toBe('behind');
  });

  test('bad key results are refused with 400 naming the field', async () => {
    const { admin, objective } = await objectiveInCurrentCycle();
    const post = (body: Record<string, unknown>) =>
      ctx().request('POST', `/api/v1/objectives/${objective.id}/key-results`, {
        as: admin,
        body: { title: 'KR', startValue: 0, targetValue: 10, ...body },
      });
    const same = await post({ startValue: 5, targetValue: 5 });
    expectFieldError(same, 'targetValue');
    expect(same.json<{ error: { message: string } }>().error.message).toContain('must differ from the start value');
    expectFieldError(await post({ weight: 0 }), 'weight');
    expectFieldError(await post({ weight: -1 }), 'weight');
    expectFieldError(await post({ title: '' }), 'title');
    expectFieldError(await post({ title: 'x'.repeat(201) }), 'title');
    expectFieldError(await post({ startValue: 'ten' }), 'startValue');
    expectFieldError(await post({ targetValue: null }), 'targetValue');
    expectFieldError(await post({ ownerId: 'nobody' }), 'ownerId');
    // 1e400 is valid JSON that parses to Infinity.
    expectFieldError(
      await ctx().request('POST', `/api/v1/objectives/${objective.id}/key-results`, {
        as: admin,
        body: '{"title":"KR","startValue":0,"targetValue":1e400}',
      }),
      'targetValue',
    );

    const kr = await createKeyResult(ctx(), admin, objective.id, { startValue: 0, targetValue: 10 });
    expectFieldError(await ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: admin, body: { targetValue: 0 } }), 'targetValue');
    expectFieldError(
      await ctx().request('POST', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin, body: { value: 'high' } }),
      'value',
    );
    expectFieldError(
      await ctx().request('POST', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin, body: { value: 1, note: 'n'.repeat(2001) } }),
      'note',
    );
  });

  test('unknown ids answer 404', async () => {
    const admin = await ctx().setupAdmin();
    const missingObjective = await ctx().request('POST', '/api/v1/objectives/nope/key-results', {
      as: admin,
      body: { title: 'KR', startValue: 0, targetValue: 1 },
    });
    expectStatus(missingObjective, 404);
    expect(missingObjective.json<{ error: { message: string } }>().error.message).toContain('Objective nope');
    for (const [method, url] of [
      ['GET', '/api/v1/key-results/nope'],
      ['PATCH', '/api/v1/key-results/nope'],
      ['DELETE', '/api/v1/key-results/nope'],
      ['GET', '/api/v1/key-results/nope/check-ins'],
      ['POST', '/api/v1/key-results/nope/check-ins'],
    ] as const) {
      // A body each route takes (bodies are strict): PATCH changes the title, POST checks in a value.
      const body = method === 'PATCH' ? { title: 'Renamed' } : method === 'POST' ? { value: 1 } : undefined;
      const response = await ctx().request(method, url, { as: admin, body });
      expectStatus(response, 404);
      expect(response.json<{ error: { code: string; message: string } }>().error.message).toContain('Key result nope');
    }
  });
});
