/**
 * Key result numbers are bounded (issue 13): values ±1e308 or a weight of 1e308 once gave silently
 * wrong progress (0 and "at risk"). Start, target, current and check-in values must be within
 * ±1e15 and weights in (0, 1000]; anything else is a 400 naming the field.
 */
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { createCycleAroundToday, createKeyResult, createObjective, expectFieldError, expectStatus } from '../../../../test/support/okr-fixtures';

const RANGE = 'must be between -1e15 and 1e15';

describeEachDatabase('key result number bounds', (ctx) => {
  async function objective() {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, `Cycle ${Math.random()}`);
    return { admin, objective: await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Grow' }) };
  }

  test.each([
    ['startValue', { startValue: -1e308, targetValue: 10 }, RANGE],
    ['targetValue', { startValue: 0, targetValue: 1e308 }, RANGE],
    ['targetValue', { startValue: 0, targetValue: 1e15 + 2 }, RANGE],
    ['currentValue', { startValue: 0, targetValue: 10, currentValue: -1e16 }, RANGE],
    ['weight', { startValue: 0, targetValue: 10, weight: 1e308 }, 'must be greater than 0 and at most 1000'],
    ['weight', { startValue: 0, targetValue: 10, weight: 1000.5 }, 'must be greater than 0 and at most 1000'],
    ['weight', { startValue: 0, targetValue: 10, weight: 0 }, 'must be greater than 0 and at most 1000'],
  ])('creating with a bad %s is a 400 naming it (%j)', async (field, numbers, message) => {
    const { admin, objective: parent } = await objective();
    const response = await ctx().request('POST', `/api/v1/objectives/${parent.id}/key-results`, { as: admin, body: { title: 'Huge', ...numbers } });
    expectFieldError(response, field);
    expect(response.json()).toMatchObject({ error: { fields: [{ field, message: expect.stringContaining(message) }] } });
  });

  test('the limits themselves are accepted; changes and check-ins are bounded the same way', async () => {
    const { admin, objective: parent } = await objective();
    const kr = await createKeyResult(ctx(), admin, parent.id, { title: 'Edge', startValue: -1e15, targetValue: 1e15, currentValue: 0, weight: 1000 });
    expect(kr).toMatchObject({ startValue: -1e15, targetValue: 1e15, weight: 1000, progress: 0.5 });
    expectFieldError(await ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: admin, body: { targetValue: -1e308 } }), 'targetValue');
    expectFieldError(await ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: admin, body: { weight: 5000 } }), 'weight');
    expectFieldError(await ctx().request('POST', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin, body: { value: 1e308 } }), 'value');
    expectStatus(await ctx().request('POST', `/api/v1/key-results/${kr.id}/check-ins`, { as: admin, body: { value: 1e15 } }), 201);
  });

  test('a Jira link\'s start and target values are bounded too', async () => {
    const { admin, objective: parent } = await objective();
    const kr = await createKeyResult(ctx(), admin, parent.id, { title: 'Linked' });
    const body = { type: 'jira', connectionId: 'no-such-connection', jql: 'project = AE', metric: 'done_count', startValue: 0, targetValue: 1e308 };
    expectFieldError(await ctx().request('PUT', `/api/v1/key-results/${kr.id}/integration`, { as: admin, body }), 'targetValue');
  });
});
