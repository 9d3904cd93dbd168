import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { createKeyResult, createObjective, expectStatus } from '../../../../test/support/okr-fixtures';
import { buildSampleOkrs } from '../../../../test/support/pacer-export-fixtures';
import { pacerExportSchema } from '../../../contract/exports';
import { OKR_CSV_HEADER } from '../../services/exports/okr-csv-service';

describeEachDatabase('exports API', (ctx) => {
  test('an admin exports everything as a versioned document: alignment with weights, milestones, check-ins; no password hashes, sessions or tokens', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Mia Member', bearer: true });
    const { child, manual, parents } = await buildSampleOkrs(ctx(), admin, member);

    const response = await ctx().request('GET', '/api/v1/exports/pacer', { as: admin });
    expectStatus(response, 200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="pacer-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const document = pacerExportSchema.parse(response.json());
    expect(document).toMatchObject({ format: 'pacer-export', version: 1 });
    expect(document.users.map((user) => [user.email, user.role, user.deactivated])).toEqual(
      [
        ['admin@example.com', 'admin', false],
        [member.user.email, 'member', false],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    expect(document.teams).toEqual([{ id: expect.any(String), name: 'Platform', parentId: null, ownerIds: [member.user.id], memberIds: [admin.user.id] }]);
    const exportedChild = document.objectives.find((objective) => objective.id === child.id);
    expect(exportedChild?.parents).toEqual([
      { objectiveId: parents[0].id, weight: 40 },
      { objectiveId: parents[1].id, weight: 60 },
    ]);
    const exportedManual = document.objectives.find((objective) => objective.id === manual.id);
    expect(exportedManual).toMatchObject({ progressMode: 'manual', manualProgress: 0.55, parents: [{ objectiveId: parents[1].id, weight: null }] });
    expect(exportedManual?.milestones.map((milestone) => milestone.value)).toEqual([0.2, 0.7]);
    const users = document.keyResults.find((keyResult) => keyResult.title === 'Weekly active users');
    expect(users).toMatchObject({ startValue: 1000, targetValue: 5000, currentValue: 3100, unit: 'users', weight: 2 });
    expect(users?.milestones).toHaveLength(1);
    expect(document.checkIns.filter((checkIn) => checkIn.keyResultId === users?.id).map((checkIn) => [checkIn.value, checkIn.note, checkIn.authorId])).toEqual([
      [2500, 'First wave of the campaign', member.user.id],
      [3100, '', member.user.id],
    ]);
    expect(document.checkIns).toHaveLength(5);

    const text = response.body;
    for (const secret of ['password', 'scrypt$', member.password, member.kind === 'bearer' ? member.token : 'no-token', 'token_hash']) expect(text).not.toContain(secret);

    expectStatus(await ctx().request('GET', '/api/v1/exports/pacer', { as: member }), 403);
  });

  test("anyone signed in downloads a cycle's OKRs as CSV: one row per objective and key result; formulas in text are neutralised", async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Carl CSV' });
    const cycle = (await ctx().request('POST', '/api/v1/cycles', { as: admin, body: { name: 'CSV, "quoted" cycle', startDate: '2026-01-01', endDate: '2026-12-31' } })).json<{ id: string }>();
    const parent = await createObjective(ctx(), admin, { cycleId: cycle.id, title: '=HYPERLINK("http://evil.example","x")' });
    const objective = await createObjective(ctx(), member, { cycleId: cycle.id, title: 'Plain title', parents: [{ objectiveId: parent.id, weight: 50 }] });
    await createKeyResult(ctx(), member, objective.id, { title: '@SUM(A1:A2)', startValue: -5, targetValue: 10, unit: '+eur' });
    await createKeyResult(ctx(), member, objective.id, { title: '-2+3', startValue: 0, targetValue: 100, unit: '%' });

    const response = await ctx().request('GET', `/api/v1/exports/okrs.csv?cycleId=${cycle.id}`, { as: member });
    expectStatus(response, 200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="okrs-CSV-quoted-cycle.csv"');
    const lines = response.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe(OKR_CSV_HEADER.join(','));
    expect(lines.slice(1)).toEqual([
      `"CSV, ""quoted"" cycle",Objective,"'=HYPERLINK(""http://evil.example"",""x"")",admin@example.com,,,not_started,,,,`,
      `"CSV, ""quoted"" cycle",Objective,Plain title,${member.user.email},"'=HYPERLINK(""http://evil.example"",""x"")",,not_started,,,,`,
      `"CSV, ""quoted"" cycle",Key result,'@SUM(A1:A2),${member.user.email},Plain title,,not_started,-5,10,-5,'+eur`,
      `"CSV, ""quoted"" cycle",Key result,'-2+3,${member.user.email},Plain title,,not_started,0,100,0,%`,
    ]);

    expectStatus(await ctx().request('GET', '/api/v1/exports/okrs.csv?cycleId=missing', { as: member }), 404);
    expectStatus(await ctx().request('GET', '/api/v1/exports/okrs.csv', { as: member }), 400);
  });
});
