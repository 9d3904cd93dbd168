import { expect, test } from 'vitest';
import { describeEachDatabase, type Actor, type AppTestContext } from '../../../../test/support/app-harness';
import { createCycleAroundToday, createObjective, expectFieldError, expectStatus, type ObjectiveDto } from '../../../../test/support/okr-fixtures';
import type { Team } from '../../../contract/teams';

async function createTeam(ctx: AppTestContext, actor: Actor, body: Record<string, unknown>): Promise<Team> {
  const response = await ctx.request('POST', '/api/v1/teams', { as: actor, body });
  expectStatus(response, 201);
  return response.json<Team>();
}

describeEachDatabase('teams API', (ctx) => {
  test('admin creates a team with owners and members; everyone reads; owners and admins change it, members and others cannot', async () => {
    const admin = await ctx().setupAdmin();
    const owner = await ctx().createMember({ name: 'Tess Owner' });
    const member = await ctx().createMember({ name: 'Milo Member' });
    const outsider = await ctx().createMember({ name: 'Otto Outsider' });

    const team = await createTeam(ctx(), admin, { name: '  Platform  ', ownerIds: [owner.user.id], memberIds: [member.user.id] });
    expect(team).toMatchObject({ name: 'Platform', parentId: null, ownerIds: [owner.user.id], memberIds: [member.user.id], canEdit: true });

    const listed = await ctx().request('GET', '/api/v1/teams', { as: outsider });
    expectStatus(listed, 200);
    expect(listed.json<Team[]>().map((t) => [t.name, t.canEdit])).toEqual([['Platform', false]]);
    expect((await ctx().request('GET', `/api/v1/teams/${team.id}`, { as: owner })).json<Team>().canEdit).toBe(true);

    expectStatus(await ctx().request('POST', '/api/v1/teams', { as: owner, body: { name: 'Not mine to make' } }), 403);

    const renamed = await ctx().request('PATCH', `/api/v1/teams/${team.id}`, { as: owner, body: { name: 'Platform team', memberIds: [member.user.id, outsider.user.id] } });
    expectStatus(renamed, 200);
    expect(renamed.json<Team>()).toMatchObject({ name: 'Platform team', memberIds: [member.user.id, outsider.user.id].sort() });

    for (const [method, body] of [['PATCH', { name: 'Mine now' }], ['DELETE', undefined]] as const) {
      const refused = await ctx().request(method, `/api/v1/teams/${team.id}`, { as: member, ...(body ? { body } : {}) });
      expectStatus(refused, 403);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/admin or an owner of the team "Platform team"/);
    }
    expect((await ctx().request('GET', `/api/v1/teams/${team.id}`, { as: admin })).json<Team>().name).toBe('Platform team');

    expectFieldError(await ctx().request('PATCH', `/api/v1/teams/${team.id}`, { as: admin, body: { ownerIds: ['nobody'] } }), 'ownerIds');
    expectFieldError(await ctx().request('POST', '/api/v1/teams', { as: admin, body: { name: 'X', memberIds: ['nobody'] } }), 'memberIds');
    expectStatus(await ctx().request('GET', '/api/v1/teams/missing', { as: admin }), 404);

    expectStatus(await ctx().request('DELETE', `/api/v1/teams/${team.id}`, { as: owner }), 204);
    expect((await ctx().request('GET', '/api/v1/teams', { as: admin })).json<Team[]>()).toEqual([]);
  });

  test('a team parent may not be the team itself or one of its sub-teams; deleting a parent makes sub-teams top-level', async () => {
    const admin = await ctx().setupAdmin();
    const top = await createTeam(ctx(), admin, { name: 'Engineering' });
    const middle = await createTeam(ctx(), admin, { name: 'Platform', parentId: top.id });
    const bottom = await createTeam(ctx(), admin, { name: 'Storage', parentId: middle.id });

    expectFieldError(await ctx().request('PATCH', `/api/v1/teams/${top.id}`, { as: admin, body: { parentId: bottom.id } }), 'parentId');
    expectFieldError(await ctx().request('PATCH', `/api/v1/teams/${top.id}`, { as: admin, body: { parentId: top.id } }), 'parentId');
    expectFieldError(await ctx().request('POST', '/api/v1/teams', { as: admin, body: { name: 'Orphan', parentId: 'missing' } }), 'parentId');
    expectStatus(await ctx().request('PATCH', `/api/v1/teams/${bottom.id}`, { as: admin, body: { parentId: top.id } }), 200);

    expectStatus(await ctx().request('DELETE', `/api/v1/teams/${top.id}`, { as: admin }), 204);
    const left = (await ctx().request('GET', '/api/v1/teams', { as: admin })).json<Team[]>();
    expect(left.map((t) => [t.name, t.parentId])).toEqual([['Platform', null], ['Storage', null]]);
  });

  test('objectives belong to teams; the list filters by team and by "mine" (owned by me or by a team I own or belong to)', async () => {
    const admin = await ctx().setupAdmin();
    const me = await ctx().createMember({ name: 'Mia Me' });
    const someone = await ctx().createMember({ name: 'Sam Someone' });
    const cycle = await createCycleAroundToday(ctx(), admin, 'Team cycle');
    const mine = await createTeam(ctx(), admin, { name: 'Mine', memberIds: [me.user.id] });
    const owned = await createTeam(ctx(), admin, { name: 'Owned', ownerIds: [me.user.id] });
    const other = await createTeam(ctx(), admin, { name: 'Other', memberIds: [someone.user.id] });

    const ownedByMe = await createObjective(ctx(), me, { cycleId: cycle.id, title: 'Mine by owner' });
    const ofMyTeam = await createObjective(ctx(), someone, { cycleId: cycle.id, title: 'Of my team', teamIds: [mine.id, other.id] });
    const ofTeamIOwn = await createObjective(ctx(), someone, { cycleId: cycle.id, title: 'Of a team I own', teamIds: [owned.id] });
    await createObjective(ctx(), someone, { cycleId: cycle.id, title: 'Not mine', teamIds: [other.id] });
    expect([...ofMyTeam.teamIds].sort()).toEqual([mine.id, other.id].sort());

    const titles = async (query: string, actor: Actor = me) => {
      const response = await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}${query}`, { as: actor });
      expectStatus(response, 200);
      return response.json<ObjectiveDto[]>().map((o) => o.title);
    };
    expect(await titles('')).toHaveLength(4);
    expect(await titles('&mine=true')).toEqual(['Mine by owner', 'Of my team', 'Of a team I own']);
    expect(await titles(`&teamId=${other.id}`)).toEqual(['Of my team', 'Not mine']);
    expect(await titles(`&teamId=${other.id}&mine=true`)).toEqual(['Of my team']);
    expect(await titles('&mine=false')).toHaveLength(4);
    expectFieldError(await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}&teamId=missing`, { as: me }), 'teamId');

    // Changing teams replaces them; an unknown team is refused and nothing is written.
    const patched = await ctx().request('PATCH', `/api/v1/objectives/${ownedByMe.id}`, { as: me, body: { teamIds: [owned.id] } });
    expect(patched.json<ObjectiveDto>().teamIds).toEqual([owned.id]);
    expectFieldError(await ctx().request('PATCH', `/api/v1/objectives/${ownedByMe.id}`, { as: me, body: { title: 'Renamed', teamIds: ['missing'] } }), 'teamIds');
    const unchanged = (await ctx().request('GET', `/api/v1/objectives/${ownedByMe.id}`, { as: me })).json<ObjectiveDto>();
    expect([unchanged.title, unchanged.teamIds]).toEqual(['Mine by owner', [owned.id]]);

    // Deleting a team takes it off its objectives.
    expectStatus(await ctx().request('DELETE', `/api/v1/teams/${owned.id}`, { as: admin }), 204);
    expect((await ctx().request('GET', `/api/v1/objectives/${ofTeamIOwn.id}`, { as: me })).json<ObjectiveDto>().teamIds).toEqual([]);
  });
});
