import { strToU8, zipSync } from 'fflate';
import { expect, test } from 'vitest';
import { describeEachDatabase, type AppTestContext } from '../../../../test/support/app-harness';
import { postImport, postImportForm } from '../../../../test/support/import-fixtures';
import { expectFieldError, expectStatus } from '../../../../test/support/okr-fixtures';
import { buildCsv, buildVivaOrganisationZip, explorerRow, EXPLORER_HEADER, sampleVivaOrganisation, vivaComment } from '../../../../test/support/viva-export-fixtures';
import type { Comment } from '../../../contract/comments';
import type { Cycle } from '../../../contract/cycles';
import type { CheckIn } from '../../../contract/fields';
import type { ImportReport } from '../../../contract/imports';
import type { Objective } from '../../../contract/objectives';

/** Rows in the tables an import writes, to prove a refused or dry-run import wrote nothing. */
async function rowCounts(ctx: AppTestContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['users', 'cycles', 'teams', 'objectives', 'key_results', 'check_ins', 'milestones', 'external_refs'] as const) {
    const row = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describeEachDatabase('imports API', (ctx) => {
  test('an admin dry-runs a Viva organisation ZIP: the report says what would be created and skipped, and nothing is written', async () => {
    const admin = await ctx().setupAdmin();
    const before = await rowCounts(ctx());
    const response = await postImport(ctx(), admin, buildVivaOrganisationZip(sampleVivaOrganisation()), 'viva-goals', true);
    expectStatus(response, 200);
    const report = response.json<ImportReport>();
    expect(report).toMatchObject({ dryRun: true, source: 'viva-organisation-zip' });
    expect(report.counts).toMatchObject({ cycle: 1, team: 2, objective: 3, keyResult: 2 });
    expect(report.created.objective).toBe(3);
    expect(report.skipped).toContainEqual(expect.objectContaining({ type: 'checkin', externalId: '1002', reason: expect.stringMatching(/OKR ID 999/) }));
    expect(await rowCounts(ctx())).toEqual(before);
  });

  test('an admin imports a Viva organisation ZIP: the objectives appear with their check-in history, and importing it again creates nothing', async () => {
    const admin = await ctx().setupAdmin();
    const zip = buildVivaOrganisationZip(sampleVivaOrganisation());
    const first = await postImport(ctx(), admin, zip, 'viva-goals', false);
    expectStatus(first, 200);
    expect(first.json<ImportReport>()).toMatchObject({ dryRun: false, source: 'viva-organisation-zip', created: { cycle: 1, objective: 3, keyResult: 2 } });

    const cycles = (await ctx().request('GET', '/api/v1/cycles', { as: admin })).json<Cycle[]>();
    const cycle = cycles.find((candidate) => candidate.name === 'Q1 2025');
    expect(cycle, `the imported cycle Q1 2025 among ${cycles.map((c) => c.name).join(', ')}`).toBeDefined();
    const objectives = (await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle?.id ?? ''}`, { as: admin })).json<Objective[]>();
    const child = objectives.find((objective) => objective.title === 'Ship the new checkout (Phase 1; EU)');
    expect(child?.parents.map((parent) => parent.weight)).toEqual([40, 60]);
    const wau = objectives.flatMap((objective) => objective.keyResults).find((keyResult) => keyResult.title === 'Raise weekly active users');
    expect(wau).toMatchObject({ startValue: 1000, targetValue: 5000, currentValue: 3100, unit: 'users' });
    const history = (await ctx().request('GET', `/api/v1/key-results/${wau?.id ?? ''}/check-ins`, { as: admin })).json<CheckIn[]>();
    expect(history.map((checkIn) => checkIn.value)).toContain(3100);

    const before = await rowCounts(ctx());
    const second = await postImport(ctx(), admin, zip, 'viva-goals', false);
    expectStatus(second, 200);
    expect(second.json<ImportReport>().created).toEqual({ cycle: 0, team: 0, user: 0, objective: 0, keyResult: 0, checkin: 0, comment: 0 });
    expect(await rowCounts(ctx())).toEqual(before);
  });

  test("imported comments are read from the item's comments, newest first, and a Closed objective keeps its closing and its score", async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember();
    const organisation = sampleVivaOrganisation();
    organisation.comments = [
      vivaComment(),
      vivaComment({ ID: 5001, Comment: 'Second <b>thought</b>', 'Created At': '2025-02-03 08:00:00', 'Created By': null }),
      vivaComment({ ID: 5002, 'OKR ID': 101, Comment: 'On the key result', 'Created At': '2025-02-04 08:00:00' }),
    ];
    expectStatus(await postImport(ctx(), admin, buildVivaOrganisationZip(organisation), 'viva-goals', false), 200);
    const cycle = (await ctx().request('GET', '/api/v1/cycles', { as: admin })).json<Cycle[]>().find((candidate) => candidate.name === 'Q1 2025');
    const objectives = (await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle?.id ?? ''}`, { as: member })).json<Objective[]>();
    const grow = objectives.find((objective) => objective.title === 'Grow the platform');
    const closed = objectives.find((objective) => objective.title === 'Ship the new checkout (Phase 1; EU)');
    expect(closed).toMatchObject({ score: 0.7, closedAt: expect.any(String) });
    expect(grow).toMatchObject({ score: null, closedAt: null });

    const comments = await ctx().request('GET', `/api/v1/objectives/${grow?.id ?? ''}/comments`, { as: member });
    expectStatus(comments, 200);
    expect(comments.json<Comment[]>().map((comment) => [comment.text, comment.author?.name ?? null])).toEqual([
      ['Second thought', null],
      ['Nice progress', 'Ada Lovelace'],
    ]);
    const keyResult = grow?.keyResults.find((candidate) => candidate.title === 'Raise weekly active users');
    const onKeyResult = (await ctx().request('GET', `/api/v1/key-results/${keyResult?.id ?? ''}/comments`, { as: member })).json<Comment[]>();
    expect(onKeyResult.map((comment) => comment.text)).toEqual(['On the key result']);
    expectStatus(await ctx().request('GET', '/api/v1/objectives/no-such-objective/comments', { as: member }), 404);
  });

  test('source csv reads an Explorer CSV export', async () => {
    const admin = await ctx().setupAdmin();
    const csv = buildCsv([
      [...EXPLORER_HEADER],
      explorerRow({ Id: '1', Title: 'Grow revenue', 'Object Type': 'Objective', Period: 'Q1 2025', 'Start Date': '2025-01-01', 'End Date': '2025-03-31' }),
    ]);
    const response = await postImport(ctx(), admin, strToU8(csv), 'csv', true);
    expectStatus(response, 200);
    expect(response.json<ImportReport>()).toMatchObject({ source: 'viva-explorer-csv', counts: { objective: 1, cycle: 1 } });
  });

  test('a malformed ZIP is a 400 on file saying what is wrong, and nothing is written (dry run or not)', async () => {
    const admin = await ctx().setupAdmin();
    const whole = zipSync({ 'objectives_export_file_1_2_Organization_1_20251215093000.json': strToU8('[]') });
    const truncated = whole.subarray(0, whole.length - 10);
    const before = await rowCounts(ctx());
    for (const dryRun of [true, false]) {
      const response = await postImport(ctx(), admin, truncated, 'viva-goals', dryRun);
      expectFieldError(response, 'file');
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(/ZIP/i);
    }
    expect(await rowCounts(ctx())).toEqual(before);
  });

  test('source pacer refuses a file that is not a Pacer export, and a Pacer export sent as viva-goals is refused saying which source to pick, naming file', async () => {
    const admin = await ctx().setupAdmin();
    const notJson = await postImport(ctx(), admin, strToU8('Id,Title\n1,x'), 'pacer', true);
    expectFieldError(notJson, 'file');
    expect(notJson.body).toMatch(/not valid JSON/);
    const otherJson = await postImport(ctx(), admin, strToU8(JSON.stringify({ format: 'something-else' })), 'pacer', true);
    expectFieldError(otherJson, 'file');
    expect(otherJson.body).toMatch(/not a Pacer export/);
    const pacerAsViva = await postImport(ctx(), admin, strToU8('{"format":"pacer-export","version":1}'), 'viva-goals', true);
    expectFieldError(pacerAsViva, 'file');
    expect(pacerAsViva.body).toMatch(/this is a Pacer export.*source=pacer/);
    const deep = await postImport(ctx(), admin, strToU8(`{"format":"pacer-export","version":1,"users":${'['.repeat(100)}${']'.repeat(100)}}`), 'pacer', true);
    expectFieldError(deep, 'file');
  });

  test('the form: file, source and dryRun are required; a second file, an unknown field or a bad value is a 400 naming it', async () => {
    const admin = await ctx().setupAdmin();
    const zip = buildVivaOrganisationZip(sampleVivaOrganisation());
    expectFieldError(await postImportForm(ctx(), admin, [{ name: 'source', value: 'viva-goals' }, { name: 'dryRun', value: 'true' }]), 'file');
    expectFieldError(await postImportForm(ctx(), admin, [{ name: 'file', file: zip }, { name: 'dryRun', value: 'true' }]), 'source');
    expectFieldError(await postImportForm(ctx(), admin, [{ name: 'file', file: zip }, { name: 'source', value: 'jira' }, { name: 'dryRun', value: 'true' }]), 'source');
    expectFieldError(await postImportForm(ctx(), admin, [{ name: 'file', file: zip }, { name: 'source', value: 'viva-goals' }, { name: 'dryRun', value: 'yes' }]), 'dryRun');
    expectFieldError(await postImportForm(ctx(), admin, [{ name: 'file', file: zip }, { name: 'file', file: zip }, { name: 'source', value: 'viva-goals' }, { name: 'dryRun', value: 'true' }]), 'file');
    expectFieldError(await postImportForm(ctx(), admin, [{ name: 'extra', value: '1' }, { name: 'file', file: zip }, { name: 'source', value: 'viva-goals' }, { name: 'dryRun', value: 'true' }]), 'extra');
    expectFieldError(await postImportForm(ctx(), admin, [{ name: 'file', file: new Uint8Array() }, { name: 'source', value: 'viva-goals' }, { name: 'dryRun', value: 'true' }]), 'file');

    const json = await ctx().request('POST', '/api/v1/imports', { as: admin, body: { source: 'viva-goals', dryRun: 'true' } });
    expectStatus(json, 415);
    expect(json.body).toMatch(/multipart\/form-data/);
  });

  test('only admins import', async () => {
    const member = await ctx().createMember();
    expectStatus(await postImport(ctx(), member, buildVivaOrganisationZip(sampleVivaOrganisation()), 'viva-goals', true), 403);
  });
});
