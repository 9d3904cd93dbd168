/**
 * Export and restore (issue 14, acceptance 2): OKRs built through the API are exported, imported
 * into an EMPTY Pacer (a second app with its own database) and read back through the API: the same
 * objectives, key results, values, progress and statuses, ids and timestamps aside. The suites are
 * nested, so every pair of engines is covered (SQLite → SQLite, SQLite → PostgreSQL, …).
 */
import { expect, test } from 'vitest';
import { describeEachDatabase, type Actor, type AppTestContext } from '../../../../test/support/app-harness';
import { postImport } from '../../../../test/support/import-fixtures';
import { expectStatus } from '../../../../test/support/okr-fixtures';
import { buildSampleOkrs } from '../../../../test/support/pacer-export-fixtures';
import type { Cycle } from '../../../contract/cycles';
import type { CheckIn } from '../../../contract/fields';
import type { ImportReport } from '../../../contract/imports';
import type { Objective } from '../../../contract/objectives';
import type { Team } from '../../../contract/teams';
import type { User } from '../../../contract/users';

/** Everything the API presents about a cycle's OKRs, with ids replaced by what they point at. */
async function presentedOkrs(ctx: AppTestContext, actor: Actor): Promise<unknown> {
  const cycles = (await ctx.request('GET', '/api/v1/cycles', { as: actor })).json<Cycle[]>();
  expect(cycles).toHaveLength(1);
  const cycle = cycles[0] as Cycle;
  const objectivesResponse = await ctx.request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: actor });
  expectStatus(objectivesResponse, 200);
  const objectives = objectivesResponse.json<Objective[]>();
  const teams = (await ctx.request('GET', '/api/v1/teams', { as: actor })).json<Team[]>();
  const titleOf = new Map(objectives.map((objective) => [objective.id, objective.title]));
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  const userEmail = new Map((await ctx.request('GET', '/api/v1/users', { as: actor })).json<User[]>().map((user) => [user.id, user.email]));
  const emailsOf = (ids: string[]) => ids.map((id) => userEmail.get(id)).sort();
  const history = async (url: string) => (await ctx.request('GET', url, { as: actor })).json<CheckIn[]>().map((checkIn) => ({ value: checkIn.value, note: checkIn.note, author: checkIn.author.name }));

  const presented = [];
  for (const objective of [...objectives].sort((a, b) => a.title.localeCompare(b.title))) {
    presented.push({
      title: objective.title,
      description: objective.description,
      owner: objective.owner?.name ?? null,
      parents: objective.parents.map((parent) => ({ title: titleOf.get(parent.objectiveId), weight: parent.weight })),
      teams: objective.teamIds.map((id) => teamName.get(id)),
      startDate: objective.startDate,
      endDate: objective.endDate,
      progressMode: objective.progressMode,
      progress: objective.progress,
      expectedProgress: objective.expectedProgress,
      status: objective.status,
      milestones: objective.milestones,
      checkIns: objective.progressMode === 'manual' ? await history(`/api/v1/objectives/${objective.id}/check-ins`) : [],
      createdAt: objective.createdAt,
      closedAt: objective.closedAt,
      // The restore keeps each key result's creation time, so their order; two created in the same
      // millisecond are ordered by id, which differs between the two Pacers, hence the title after the time.
      keyResults: await Promise.all(
        [...objective.keyResults].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.title.localeCompare(b.title)).map(async (keyResult) => ({
          title: keyResult.title,
          createdAt: keyResult.createdAt,
          owner: keyResult.owner?.name ?? null,
          startValue: keyResult.startValue,
          targetValue: keyResult.targetValue,
          currentValue: keyResult.currentValue,
          unit: keyResult.unit,
          weight: keyResult.weight,
          milestones: keyResult.milestones,
          progress: keyResult.progress,
          expectedProgress: keyResult.expectedProgress,
          status: keyResult.status,
          checkIns: await history(`/api/v1/key-results/${keyResult.id}/check-ins`),
        })),
      ),
    });
  }
  return { cycle: { name: cycle.name, startDate: cycle.startDate, endDate: cycle.endDate }, teams: teams.map((team) => ({ name: team.name, owners: emailsOf(team.ownerIds), members: emailsOf(team.memberIds) })), objectives: presented };
}

describeEachDatabase('Pacer export, source', (source) => {
  // Built and exported once per source engine, then restored into each target engine.
  let exported: Buffer | null = null;
  async function exportOnce(): Promise<Buffer> {
    if (exported) return exported;
    const admin = await source().setupAdmin();
    await buildSampleOkrs(source(), admin, await source().createMember({ name: 'Mia Member' }));
    const response = await source().request('GET', '/api/v1/exports/pacer', { as: admin });
    expectStatus(response, 200);
    exported = Buffer.from(response.rawPayload);
    return exported;
  }

  describeEachDatabase('restored into an empty Pacer', (target) => {
    test('the restored Pacer presents the same objectives, key results, values, progress and statuses; importing again creates nothing', async () => {
      const document = await exportOnce();
      const admin = await source().setupAdmin();

      const targetAdmin = await target().setupAdmin();
      const dryRun = await postImport(target(), targetAdmin, document, 'pacer', true);
      expectStatus(dryRun, 200);
      expect(dryRun.json<ImportReport>()).toMatchObject({ dryRun: true, source: 'pacer', created: { cycle: 1, team: 1, objective: 4, keyResult: 3, checkin: 5, user: 1 }, matched: { user: 1 } });

      const restored = await postImport(target(), targetAdmin, document, 'pacer', false);
      expectStatus(restored, 200);
      expect(restored.json<ImportReport>()).toMatchObject({ dryRun: false, created: { cycle: 1, objective: 4, keyResult: 3, checkin: 5 } });

      expect(await presentedOkrs(target(), targetAdmin)).toEqual(await presentedOkrs(source(), admin));

      const again = await postImport(target(), targetAdmin, document, 'pacer', false);
      expectStatus(again, 200);
      expect(again.json<ImportReport>().created).toEqual({ cycle: 0, team: 0, user: 0, objective: 0, keyResult: 0, checkin: 0, comment: 0 });
      expect(await presentedOkrs(target(), targetAdmin)).toEqual(await presentedOkrs(source(), admin));
    });
  });
});
