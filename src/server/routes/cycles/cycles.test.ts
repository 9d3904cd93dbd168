import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import {
  createCycle,
  createObjective,
  dayFromToday,
  expectFieldError,
  expectStatus,
  type CycleDto,
} from '../../../../test/support/okr-fixtures';

describeEachDatabase('cycles API', (ctx) => {
  test('an admin creates, lists, renames and deletes a cycle', async () => {
    const admin = await ctx().setupAdmin();
    const created = await createCycle(ctx(), admin, { name: '  Q1 2027  ', startDate: '2027-01-01', endDate: '2027-03-31' });
    expect(created).toMatchObject({ name: 'Q1 2027', startDate: '2027-01-01', endDate: '2027-03-31' });
    expect(created.id).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(created.createdAt))).toBe(false);

    const later = await createCycle(ctx(), admin, { name: 'Q2 2027', startDate: '2027-04-01', endDate: '2027-06-30' });
    const list = await ctx().request('GET', '/api/v1/cycles', { as: admin });
    expectStatus(list, 200);
    const ids = list.json<CycleDto[]>().map((c) => c.id);
    expect(ids.indexOf(later.id)).toBeLessThan(ids.indexOf(created.id)); // newest start first

    const renamed = await ctx().request('PATCH', `/api/v1/cycles/${created.id}`, { as: admin, body: { name: 'Q1 (renamed)', endDate: '2027-04-15' } });
    expectStatus(renamed, 200);
    expect(renamed.json<CycleDto>()).toMatchObject({ id: created.id, name: 'Q1 (renamed)', startDate: '2027-01-01', endDate: '2027-04-15' });

    expectStatus(await ctx().request('DELETE', `/api/v1/cycles/${created.id}`, { as: admin }), 204);
    const after = await ctx().request('GET', '/api/v1/cycles', { as: admin });
    expect(after.json<CycleDto[]>().map((c) => c.id)).not.toContain(created.id);
  });

  test('members may read cycles but not change them', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember();
    const cycle = await createCycle(ctx(), admin, { name: 'Read only', startDate: '2027-01-01', endDate: '2027-01-31' });
    expectStatus(await ctx().request('GET', '/api/v1/cycles', { as: member }), 200);
    const body = { name: 'Nope', startDate: '2027-01-01', endDate: '2027-01-31' };
    expectStatus(await ctx().request('POST', '/api/v1/cycles', { as: member, body }), 403);
    expectStatus(await ctx().request('PATCH', `/api/v1/cycles/${cycle.id}`, { as: member, body: { name: 'Nope' } }), 403);
    expectStatus(await ctx().request('DELETE', `/api/v1/cycles/${cycle.id}`, { as: member }), 403);
    expectStatus(await ctx().request('GET', '/api/v1/cycles'), 401);
  });

  test('invalid periods and names are refused naming the field', async () => {
    const admin = await ctx().setupAdmin();
    const post = (body: unknown) => ctx().request('POST', '/api/v1/cycles', { as: admin, body });
    expectFieldError(await post({ name: 'Backwards', startDate: '2027-03-31', endDate: '2027-01-01' }), 'endDate');
    expectFieldError(await post({ name: 'Not a date', startDate: '2027-02-30', endDate: '2027-03-31' }), 'startDate');
    expectFieldError(await post({ name: 'Not a date', startDate: '2027-01-01', endDate: '31/03/2027' }), 'endDate');
    expectFieldError(await post({ name: '   ', startDate: '2027-01-01', endDate: '2027-03-31' }), 'name');
    expectFieldError(await post({ name: 'x'.repeat(201), startDate: '2027-01-01', endDate: '2027-03-31' }), 'name');
    expectFieldError(await post({ startDate: '2027-01-01', endDate: '2027-03-31' }), 'name');

    // A one-day cycle is fine: the end date is inclusive.
    await createCycle(ctx(), admin, { name: 'One day', startDate: '2027-05-05', endDate: '2027-05-05' });

    const cycle = await createCycle(ctx(), admin, { name: 'Patch me', startDate: '2027-01-01', endDate: '2027-03-31' });
    const patch = await ctx().request('PATCH', `/api/v1/cycles/${cycle.id}`, { as: admin, body: { startDate: '2027-04-01' } });
    expectFieldError(patch, 'endDate');
    expect(patch.json<{ error: { message: string } }>().error.message).toContain('2027-04-01');
  });

  test('unknown cycle ids answer 404 saying what was not found', async () => {
    const admin = await ctx().setupAdmin();
    const patch = await ctx().request('PATCH', '/api/v1/cycles/no-such-cycle', { as: admin, body: { name: 'x' } });
    expectStatus(patch, 404);
    expect(patch.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'not_found' });
    expect(patch.json<{ error: { message: string } }>().error.message).toContain('Cycle no-such-cycle');
    expectStatus(await ctx().request('DELETE', '/api/v1/cycles/no-such-cycle', { as: admin }), 404);
  });

  test('a cycle that still has objectives cannot be deleted (409), and can once they are moved', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycle(ctx(), admin, { name: 'Busy', startDate: dayFromToday(-10), endDate: dayFromToday(10) });
    const other = await createCycle(ctx(), admin, { name: 'Elsewhere', startDate: dayFromToday(-10), endDate: dayFromToday(10) });
    const first = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'One' });
    await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Two' });

    const refused = await ctx().request('DELETE', `/api/v1/cycles/${cycle.id}`, { as: admin });
    expectStatus(refused, 409);
    const error = refused.json<{ error: { code: string; message: string } }>().error;
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('move or delete its 2 objectives first');

    expectStatus(await ctx().request('PATCH', `/api/v1/objectives/${first.id}`, { as: admin, body: { cycleId: other.id } }), 200);
    const stillOne = await ctx().request('DELETE', `/api/v1/cycles/${cycle.id}`, { as: admin });
    expectStatus(stillOne, 409);
    expect(stillOne.json<{ error: { message: string } }>().error.message).toContain('1 objective');
  });
});
