/**
 * Who may change an OKR (auth/okr-permissions.ts), on SQLite and PostgreSQL: the owner and admins
 * edit, delete, check in on and link an objective; a key result also its objective's owner; another
 * member reads everything (with canEdit: false) and gets 403 not_owner naming whom to ask; the admin
 * setting everyoneMayEditOkrs lets every member change every OKR again.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase, type Actor } from '../../../../test/support/app-harness';
import { listObjectiveViews } from '../../services/objectives-service';
import { expectStatus, type KeyResultDto, type ObjectiveDto } from '../../../../test/support/okr-fixtures';
import { CAMPAIGN_EPIC, epicJql, setUpJiraWorld, type JiraWorld } from '../../../../test/support/link-fixtures';

function expectNotOwner(response: LightMyRequestResponse, ...names: string[]): void {
  expectStatus(response, 403);
  const { error } = response.json<{ error: { code: string; message: string } }>();
  expect(error.code).toBe('not_owner');
  for (const name of names) expect(error.message).toContain(name);
  expect(error.message).toMatch(/admin/);
}

describeEachDatabase('only owners and admins change OKRs', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  /** The owner of the objectives below (world.member, "Dana Member"). */
  let owner: Actor;
  let other: Actor;
  let admin: Actor;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: false });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
    owner = world.member;
    admin = world.admin;
    other = await ctx().createMember({ name: 'Olli Other' });
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function post<T>(as: Actor, url: string, body: Record<string, unknown>): Promise<T> {
    const response = await ctx().request('POST', url, { as, body });
    expectStatus(response, 201);
    return response.json<T>();
  }
  const newObjective = (as: Actor, body: Record<string, unknown> = {}) =>
    post<ObjectiveDto>(as, '/api/v1/objectives', { cycleId: world.cycleId, title: 'Owned objective', ...body });
  const newKeyResult = (as: Actor, objectiveId: string, body: Record<string, unknown> = {}) =>
    post<KeyResultDto>(as, `/api/v1/objectives/${objectiveId}/key-results`, { title: 'Owned KR', startValue: 0, targetValue: 10, ...body });
  const get = <T>(as: Actor, url: string) => ctx().request('GET', url, { as }).then((r) => r.json<T>());

  test('another member reads an objective but may not change, delete, check in on or add key results to it; owner and admin may', async () => {
    const objective = await newObjective(owner, { title: 'Dana’s manual objective', progressMode: 'manual' });
    expect(objective).toMatchObject({ ownerId: owner.user.id, canEdit: true });
    const path = `/api/v1/objectives/${objective.id}`;

    expect(await get<{ canEdit: boolean; title: string }>(other, path)).toMatchObject({ canEdit: false, title: objective.title });
    expectNotOwner(await ctx().request('PATCH', path, { as: other, body: { title: 'Hijacked' } }), 'Dana Member');
    expectNotOwner(await ctx().request('PATCH', path, { as: other, body: { ownerId: other.user.id } }), 'Dana Member');
    expectNotOwner(await ctx().request('POST', `${path}/check-ins`, { as: other, body: { value: 0.9 } }), 'Dana Member');
    expectNotOwner(await ctx().request('POST', `${path}/key-results`, { as: other, body: { title: 'Sneaky', startValue: 0, targetValue: 1 } }), 'Dana Member');
    expectNotOwner(await ctx().request('DELETE', path, { as: other }), 'Dana Member');
    const unchanged = await get<ObjectiveDto>(admin, path);
    expect(unchanged).toMatchObject({ title: objective.title, ownerId: owner.user.id, progress: null, keyResults: [] });
    expect(await get<unknown[]>(other, `${path}/check-ins`)).toEqual([]);

    expectStatus(await ctx().request('PATCH', path, { as: owner, body: { title: 'Renamed by Dana' } }), 200);
    expectStatus(await ctx().request('POST', `${path}/check-ins`, { as: owner, body: { value: 0.4 } }), 201);
    const byAdmin = await ctx().request('PATCH', path, { as: admin, body: { description: 'Tidied by the admin' } });
    expectStatus(byAdmin, 200);
    expect(byAdmin.json()).toMatchObject({ title: 'Renamed by Dana', canEdit: true, progress: 0.4 });
    expectStatus(await ctx().request('DELETE', path, { as: owner }), 204);

    const adminDeletes = await newObjective(owner, { title: 'Deleted by the admin' });
    expectStatus(await ctx().request('DELETE', `/api/v1/objectives/${adminDeletes.id}`, { as: admin }), 204);
  });

  test('creating stays open to members; an objective without an owner is changed by admins only', async () => {
    const mine = await newObjective(other, { title: 'Olli’s own' });
    expect(mine).toMatchObject({ ownerId: other.user.id, canEdit: true });
    expectStatus(await ctx().request('PATCH', `/api/v1/objectives/${mine.id}`, { as: other, body: { title: 'Olli’s, renamed' } }), 200);

    const nobodys = await newObjective(other, { title: 'Nobody’s', ownerId: null });
    expect(nobodys.canEdit).toBe(false);
    const refused = await ctx().request('PATCH', `/api/v1/objectives/${nobodys.id}`, { as: other, body: { ownerId: other.user.id } });
    expectNotOwner(refused);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/no owner/);
    expectStatus(await ctx().request('PATCH', `/api/v1/objectives/${nobodys.id}`, { as: admin, body: { ownerId: other.user.id } }), 200);
    expectStatus(await ctx().request('PATCH', `/api/v1/objectives/${nobodys.id}`, { as: other, body: { title: 'Olli’s now' } }), 200);
  });

  test("a key result: its owner and its objective's owner change it, another member does not; canEdit in the cycle list", async () => {
    const objective = await newObjective(owner, { title: 'Objective with two key results' });
    const danas = await newKeyResult(owner, objective.id, { title: 'Dana’s KR' });
    const ollis = await newKeyResult(owner, objective.id, { title: 'Olli’s KR', ownerId: other.user.id });

    const list = await get<ObjectiveDto[]>(other, `/api/v1/objectives?cycleId=${world.cycleId}`);
    const listed = list.find((o) => o.id === objective.id);
    expect(listed?.canEdit).toBe(false);
    expect(Object.fromEntries((listed?.keyResults ?? []).map((kr) => [kr.title, kr.canEdit]))).toEqual({ 'Dana’s KR': false, 'Olli’s KR': true });
    expect(await get<{ canEdit: boolean }>(other, `/api/v1/key-results/${ollis.id}`)).toMatchObject({ canEdit: true });
    expect(await get<{ canEdit: boolean }>(other, `/api/v1/key-results/${danas.id}`)).toMatchObject({ canEdit: false });

    const danasPath = `/api/v1/key-results/${danas.id}`;
    expectNotOwner(await ctx().request('PATCH', danasPath, { as: other, body: { targetValue: 1 } }), 'Dana Member');
    expectNotOwner(await ctx().request('POST', `${danasPath}/check-ins`, { as: other, body: { value: 9 } }), 'Dana Member');
    expectNotOwner(await ctx().request('DELETE', danasPath, { as: other }), 'Dana Member');
    expect(await get<KeyResultDto>(admin, danasPath)).toMatchObject({ targetValue: 10, currentValue: 0 });

    const ollisPath = `/api/v1/key-results/${ollis.id}`;
    expectStatus(await ctx().request('PATCH', ollisPath, { as: other, body: { unit: 'deals' } }), 200);
    expectStatus(await ctx().request('POST', `${ollisPath}/check-ins`, { as: other, body: { value: 3 } }), 201);
    // The objective's owner answers for all of it, key results owned by others included.
    expectStatus(await ctx().request('PATCH', ollisPath, { as: owner, body: { weight: 2 } }), 200);
    expectStatus(await ctx().request('PATCH', danasPath, { as: admin, body: { weight: 3 } }), 200);
    expectStatus(await ctx().request('DELETE', ollisPath, { as: other }), 204);
    expectStatus(await ctx().request('DELETE', danasPath, { as: admin }), 204);
  });

  test('linking to Jira: save, refresh and unlink are the owner’s (and admins’); reading a link and the preview stay open', async () => {
    const objective = await newObjective(owner, { title: 'Linked by Dana' });
    const path = `/api/v1/objectives/${objective.id}/integration`;
    const link = { type: 'jira', connectionId: world.connectionId, jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' };

    expectNotOwner(await ctx().request('PUT', path, { as: other, body: link }), 'Dana Member');
    const preview = await ctx().request('POST', '/api/v1/integrations/jira/preview', { as: other, body: { connectionId: world.connectionId, jql: link.jql, metric: 'percent_done' } });
    expectStatus(preview, 200);
    expectStatus(await ctx().request('PUT', path, { as: owner, body: link }), 201);

    expectStatus(await ctx().request('GET', path, { as: other }), 200);
    expectStatus(await ctx().request('GET', `${path}/runs`, { as: other }), 200);
    expectNotOwner(await ctx().request('PUT', path, { as: other, body: { ...link, metric: 'done_count' } }), 'Dana Member');
    expectNotOwner(await ctx().request('POST', `${path}/refresh`, { as: other }), 'Dana Member');
    expectNotOwner(await ctx().request('DELETE', path, { as: other }), 'Dana Member');
    expect(await get<{ metric: string }>(owner, path)).toMatchObject({ metric: 'percent_done' });

    expectStatus(await ctx().request('POST', `${path}/refresh`, { as: admin }), 200);
    expectStatus(await ctx().request('POST', `${path}/refresh`, { as: owner }), 200);
    expectStatus(await ctx().request('DELETE', path, { as: owner }), 204);

    // A key result's own owner links it, even under someone else's objective.
    const kr = await newKeyResult(owner, objective.id, { title: 'Olli’s linked KR', ownerId: other.user.id });
    const krPath = `/api/v1/key-results/${kr.id}/integration`;
    expectStatus(await ctx().request('PUT', krPath, { as: other, body: { ...link, metric: 'done_count' } }), 201);
    expectStatus(await ctx().request('DELETE', krPath, { as: other }), 204);
    // Unknown items stay 404, as before the rule.
    const unknown = await ctx().request('PUT', '/api/v1/objectives/00000000-0000-4000-8000-000000000000/integration', { as: other, body: link });
    expectStatus(unknown, 404);
  });

  test('canEdit costs no query per objective: a cycle of 3 and of 43 objectives are listed with the same number of queries', async () => {
    const cycle = await ctx().request('POST', '/api/v1/cycles', { as: admin, body: { name: 'Counted', startDate: '2026-01-01', endDate: '2026-12-31' } });
    const cycleId = cycle.json<{ id: string }>().id;
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const db = ctx().db.withPlugin(counting);
    const countList = async () => {
      queries = 0;
      const views = await listObjectiveViews(db, cycleId, new Date(), other.user);
      return { queries, views };
    };
    for (let i = 0; i < 3; i += 1) await newKeyResult(owner, (await newObjective(owner, { cycleId, title: `Few ${i}` })).id);
    const few = await countList();
    for (let i = 0; i < 40; i += 1) {
      const creator = i % 2 ? owner : other;
      await newKeyResult(creator, (await newObjective(creator, { cycleId, title: `Many ${i}` })).id);
    }
    const many = await countList();
    expect(many.views).toHaveLength(43);
    expect(many.views.filter((view) => view.canEdit)).toHaveLength(20);
    expect(many.queries).toBe(few.queries);
  });

  test('the admin setting everyoneMayEditOkrs (off by default) lets every member change every OKR', async () => {
    expect(await get<{ everyoneMayEditOkrs: boolean }>(other, '/api/v1/settings')).toMatchObject({ everyoneMayEditOkrs: false });
    expectStatus(await ctx().request('PATCH', '/api/v1/settings', { as: other, body: { everyoneMayEditOkrs: true } }), 403);
    const objective = await newObjective(owner, { title: 'Open to all', progressMode: 'manual' });
    const kr = await newKeyResult(owner, objective.id);
    const path = `/api/v1/objectives/${objective.id}`;
    expectNotOwner(await ctx().request('PATCH', path, { as: other, body: { title: 'Not yet' } }));

    const on = await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { everyoneMayEditOkrs: true } });
    expectStatus(on, 200);
    expect(on.json()).toMatchObject({ everyoneMayEditOkrs: true });
    try {
      expect(await get<{ canEdit: boolean }>(other, path)).toMatchObject({ canEdit: true });
      expectStatus(await ctx().request('PATCH', path, { as: other, body: { title: 'Edited by Olli' } }), 200);
      expectStatus(await ctx().request('POST', `${path}/check-ins`, { as: other, body: { value: 0.5 } }), 201);
      expectStatus(await ctx().request('PATCH', `/api/v1/key-results/${kr.id}`, { as: other, body: { title: 'KR by Olli' } }), 200);
      const link = { type: 'jira', connectionId: world.connectionId, jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' };
      expectStatus(await ctx().request('PUT', `/api/v1/key-results/${kr.id}/integration`, { as: other, body: link }), 201);
      expectStatus(await ctx().request('DELETE', path, { as: other }), 204);
    } finally {
      expectStatus(await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { everyoneMayEditOkrs: false } }), 200);
    }
    const after = await newObjective(owner, { title: 'Closed again' });
    expectNotOwner(await ctx().request('DELETE', `/api/v1/objectives/${after.id}`, { as: other }), 'Dana Member');
    expectStatus(await ctx().request('PATCH', '/api/v1/settings', { as: admin, body: { everyoneMayEditOkrs: 'yes' } }), 400);
  });
});
