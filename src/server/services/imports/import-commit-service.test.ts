/**
 * The import's commit step on real SQLite and PostgreSQL: a Viva organisation ZIP built here
 * (two Big rocks, a child Big rock under both with weights 40/60, closed with a score, a Metric
 * KPI with phased targets, a percentage Project, empty and null notes, a check-in for an unknown
 * OKR ID, one person id with two emails) parsed, planned against what the database holds and committed; read back through the
 * services. A plan that fails mid-way writes nothing; importing the same file again creates nothing.
 */
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachDatabase, type AppTestContext } from '../../../../test/support/app-harness';
import { buildVivaOrganisationZip, sampleVivaOrganisation, vivaCheckin, vivaComment, vivaUser } from '../../../../test/support/viva-export-fixtures';
import type { CurrentUser } from '../../auth/current-user';
import { findUserByEmail } from '../../db/repositories/users-repository';
import { parseVivaExport } from '../../imports/viva-export-parser';
import { planVivaImport } from '../../imports/viva-import-plan';
import type { VivaImportPlan } from '../../imports/viva-import-plan-types';
import { listKeyResultCheckIns, listObjectiveCheckIns } from '../check-ins-service';
import { listCycleViews } from '../cycles-service';
import { listObjectiveViews } from '../objectives-service';
import { listTeamViews } from '../teams-service';
import { commitImportPlan, loadExistingPacerData } from './import-commit-service';

const NOW = new Date('2025-03-15T12:00:00.000Z');
const TABLES = ['users', 'cycles', 'teams', 'team_owners', 'objectives', 'objective_parents', 'objective_teams', 'key_results', 'milestones', 'check_ins', 'comments', 'external_refs'] as const;

function vivaZip(): Uint8Array {
  const content = sampleVivaOrganisation();
  // A note-only check-in (value null) and a comment by someone the export gives no email for.
  content.checkins?.push(vivaCheckin({ ID: 1004, 'OKR ID': 104, 'CheckIn Date': '2025-02-10 08:00:00', 'Current Value': null, 'Check In Note': null, 'Check In Owner': null }));
  content.comments?.push(vivaComment({ ID: 5001, 'OKR ID': 101, Comment: '<p>Keep <b>going</b></p>', 'Created By': { ID: 77, Name: 'Nobody Known', Email: null } }));
  // The same person id with a second email: two users, one ref (PostgreSQL refuses an upsert touching a row twice).
  content.users?.push(vivaUser({ ID: 1, Name: 'Ada at work', Email: 'ada.work@example.com' }));
  return buildVivaOrganisationZip(content);
}

async function planFromDatabase(ctx: AppTestContext): Promise<VivaImportPlan> {
  return planVivaImport(parseVivaExport(vivaZip()), await loadExistingPacerData(ctx.db));
}

async function rowCounts(ctx: AppTestContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

async function adminViewer(ctx: AppTestContext): Promise<CurrentUser> {
  const { user } = await ctx.setupAdmin();
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

describeEachDatabase('import commit step (Viva organisation ZIP)', (getCtx) => {
  test('a plan that fails mid-way writes nothing: a check-in of an objective the plan does not hold, and a constraint violation', async () => {
    const ctx = getCtx();
    const admin = await adminViewer(ctx);
    const before = await rowCounts(ctx);

    const orphan = await planFromDatabase(ctx);
    orphan.checkins.push({ ...orphan.checkins[0]!, externalId: 'orphan', target: { kind: 'objective', externalId: 'not-in-the-plan' } });
    await expect(commitImportPlan(ctx.db, orphan, { actorId: admin.id, now: NOW })).rejects.toThrow(/inconsistent \(check-in orphan's objective not-in-the-plan is not in it\)/);
    expect(await rowCounts(ctx)).toEqual(before);

    // Two milestones on one date break a unique index after users, cycles, teams and objectives went in.
    const duplicate = await planFromDatabase(ctx);
    const kpi = duplicate.keyResults.find((keyResult) => keyResult.externalId === '101')!;
    kpi.milestones = [kpi.milestones[0]!, { ...kpi.milestones[0]! }];
    await expect(commitImportPlan(ctx.db, duplicate, { actorId: admin.id, now: NOW })).rejects.toThrow();
    expect(await rowCounts(ctx)).toEqual(before);
  });

  test('first import: objectives with weighted parents, key results with values and milestones, check-ins, comments, teams and deactivated users', async () => {
    const ctx = getCtx();
    const admin = await adminViewer(ctx);
    const report = await commitImportPlan(ctx.db, await planFromDatabase(ctx), { actorId: admin.id, now: NOW });
    const all = { cycle: 1, team: 2, user: 3, objective: 3, keyResult: 2, checkin: 4, comment: 2 };
    expect(report).toMatchObject({ dryRun: false, source: 'viva-organisation-zip', counts: all, created: all });
    expect(report.matched).toEqual({ cycle: 0, team: 0, user: 0, objective: 0, keyResult: 0, checkin: 0, comment: 0 });
    expect(report.skipped).toEqual([{ type: 'checkin', externalId: '1002', reason: 'its OKR ID 999 is not an objective, key result or project in this export' }]);

    const cycle = (await listCycleViews(ctx.db)).find((candidate) => candidate.name === 'Q1 2025')!;
    expect(cycle).toMatchObject({ startDate: '2025-01-01', endDate: '2025-03-31' });
    const objectives = await listObjectiveViews(ctx.db, cycle.id, NOW, admin);
    const byTitle = new Map(objectives.map((objective) => [objective.title, objective]));
    const grow = byTitle.get('Grow the platform')!;
    const delight = byTitle.get('Delight customers')!;
    const checkout = byTitle.get('Ship the new checkout (Phase 1; EU)')!;
    expect(objectives).toHaveLength(3);
    expect(checkout).toMatchObject({
      progressMode: 'manual',
      progress: 0.7,
      parentId: grow.id,
      parents: [
        { objectiveId: grow.id, weight: 40 },
        { objectiveId: delight.id, weight: 60 },
      ],
    });
    const teams = await listTeamViews(ctx.db, admin);
    const platform = teams.find((team) => team.name === 'Platform')!;
    expect(teams.find((team) => team.name === 'Payments')).toMatchObject({ parentId: platform.id });
    expect(checkout.teamIds).toEqual([platform.id]);

    const ada = await findUserByEmail(ctx.db, 'ada@example.com');
    expect(ada).toMatchObject({ name: 'Ada Lovelace', role: 'member' });
    expect(ada?.deactivatedAt).not.toBeNull();
    expect(grow.ownerId).toBe(ada?.id);
    expect(platform.ownerIds).toEqual([ada?.id]);
    const login = await ctx.request('POST', '/api/v1/auth/login', { body: { email: 'ada@example.com', password: '' } });
    expect(login.statusCode).toBeGreaterThanOrEqual(400);

    const [wau] = grow.keyResults;
    expect(wau).toMatchObject({ title: 'Raise weekly active users', startValue: 1000, targetValue: 5000, currentValue: 3100, unit: 'users', weight: 100 });
    expect(wau?.progress).toBeCloseTo(0.525, 9);
    expect(wau?.milestones).toEqual([
      { date: '2025-01-31', value: 2000 },
      { date: '2025-02-28', value: 3000 },
    ]);
    const [runbook] = delight.keyResults;
    expect(runbook).toMatchObject({ startValue: 0, targetValue: 100, currentValue: 40, unit: '%', weight: 1 });
    // Roll-ups: the KPI (0.525, weight 100) with the child (0.7, weight 40); the Project (0.4, weight 1) with the child (0.7, weight 60).
    expect(grow.progress).toBeCloseTo((0.525 * 100 + 0.7 * 40) / 140, 9);
    expect(delight.progress).toBeCloseTo((0.4 * 1 + 0.7 * 60) / 61, 9);

    const history = await listKeyResultCheckIns(ctx.db, wau!.id);
    expect(history.map((entry) => [entry.value, entry.note, entry.author.name, entry.createdAt])).toEqual([
      [3100, '', 'Ada Lovelace', '2025-03-01T09:15:00.000Z'],
      [25, 'Going well', 'Ada Lovelace', '2025-02-01T09:15:00.000Z'],
    ]);
    // A check-in the export names nobody for is the importing admin's; with no value it keeps the start.
    const runbookHistory = await listKeyResultCheckIns(ctx.db, runbook!.id);
    expect(runbookHistory.map((entry) => [entry.value, entry.note, entry.author.id])).toEqual([[0, '', admin.id]]);
    expect((await listObjectiveCheckIns(ctx.db, checkout.id)).map((entry) => entry.value)).toEqual([0.7]);

    const closed = await ctx.db.selectFrom('objectives').select(['closed_at', 'score']).where('id', '=', checkout.id).executeTakeFirstOrThrow();
    expect({ closedAt: closed.closed_at, score: Number(closed.score) }).toEqual({ closedAt: '2025-02-01T09:15:00.000Z', score: 0.7 });
    const comments = await ctx.db.selectFrom('comments').select(['objective_id', 'key_result_id', 'author_id', 'text', 'created_at']).orderBy('created_at').execute();
    expect(comments).toEqual([
      { objective_id: grow.id, key_result_id: null, author_id: ada?.id, text: 'Nice progress', created_at: '2025-02-02T12:00:00.000Z' },
      { objective_id: null, key_result_id: wau?.id, author_id: null, text: 'Keep going', created_at: '2025-02-02T12:00:00.000Z' },
    ]);
  });

  test('importing the same file again creates nothing, adds no check-in or comment twice, and updates what changed', async () => {
    const ctx = getCtx();
    const admin = await adminViewer(ctx);
    const before = await rowCounts(ctx);
    const plan = await planFromDatabase(ctx);
    plan.keyResults[0]!.title = 'Raise weekly active users (renamed in Viva)';
    const report = await commitImportPlan(ctx.db, plan, { actorId: admin.id, now: new Date(NOW.getTime() + 60_000) });
    expect(report.created).toEqual({ cycle: 0, team: 0, user: 0, objective: 0, keyResult: 0, checkin: 0, comment: 0 });
    expect(report.matched).toEqual({ cycle: 1, team: 2, user: 3, objective: 3, keyResult: 2, checkin: 4, comment: 2 });
    expect(await rowCounts(ctx)).toEqual(before);
    const cycle = (await listCycleViews(ctx.db)).find((candidate) => candidate.name === 'Q1 2025')!;
    const objectives = await listObjectiveViews(ctx.db, cycle.id, NOW, admin);
    expect(objectives.flatMap((objective) => objective.keyResults.map((keyResult) => keyResult.title))).toContain('Raise weekly active users (renamed in Viva)');
    expect(objectives.find((objective) => objective.title.startsWith('Ship'))?.parents.map((parent) => parent.weight)).toEqual([40, 60]);
  });
});
