/**
 * Restoring Jira links (issue 14): a Pacer export names a link's connection by name only, so a link
 * comes back only where this Pacer has a connection of that name, due for the next sync round;
 * the others are skipped in the report with the reason. The document is imported into the Pacer
 * it came from: without refs of an earlier restore, its objectives are created again as copies.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { postImport } from '../../../../test/support/import-fixtures';
import { createCycleAroundToday, createObjective, expectStatus } from '../../../../test/support/okr-fixtures';
import { pacerExportSchema } from '../../../contract/exports';
import type { ImportReport } from '../../../contract/imports';
import type { Objective } from '../../../contract/objectives';

describeEachDatabase('restoring Jira links', (ctx) => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: false });
  });
  afterAll(async () => {
    await sim?.close();
  });

  test('a link comes back where a connection of the same name exists, due for the next round; one whose connection is missing is skipped saying why', async () => {
    const admin = await ctx().setupAdmin();
    expectStatus(await ctx().request('PUT', '/api/v1/integrations/jira', { as: admin, body: { enabled: true } }), 200);
    const connection = await ctx().request('POST', '/api/v1/integrations/jira/connections', { as: admin, body: { name: 'Sim Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' } });
    expectStatus(connection, 201);
    const cycle = await createCycleAroundToday(ctx(), admin, 'Linked cycle');
    const linked = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Linked objective' });
    const other = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Linked elsewhere' });
    const link = await ctx().request('PUT', `/api/v1/objectives/${linked.id}/integration`, { as: admin, body: { type: 'jira', connectionId: connection.json<{ id: string }>().id, jql: 'parent = AE-786', metric: 'percent_done' } });
    expect([200, 201]).toContain(link.statusCode);

    const exported = pacerExportSchema.parse((await ctx().request('GET', '/api/v1/exports/pacer', { as: admin })).json());
    expect(exported.jiraLinks).toEqual([expect.objectContaining({ objectiveId: linked.id, connectionName: 'Sim Jira', jql: 'parent = AE-786', metric: 'percent_done' })]);
    expect(JSON.stringify(exported)).not.toContain('sim-api-token-dana');
    const firstLink = exported.jiraLinks[0];
    if (!firstLink) throw new Error('the export holds no Jira link');
    const document = { ...exported, jiraLinks: [...exported.jiraLinks, { ...firstLink, objectiveId: other.id, connectionName: 'Other Jira' }] };
    const bytes = Buffer.from(JSON.stringify(document));

    const dryRun = (await postImport(ctx(), admin, bytes, 'pacer', true)).json<ImportReport>();
    expect(dryRun.warnings).toContain('1 Jira link is linked again to the connection of the same name; it syncs at the next sync round');
    expect(dryRun.skipped).toEqual([
      { type: 'jiraLink', externalId: other.id, reason: expect.stringMatching(/is not restored: this Pacer has no Jira connection named "Other Jira"; add the connection in Admin > Integrations/) },
    ]);

    const before = new Date().toISOString();
    expectStatus(await postImport(ctx(), admin, bytes, 'pacer', false), 200);
    const objectives = (await ctx().request('GET', `/api/v1/objectives?cycleId=${cycle.id}`, { as: admin })).json<Objective[]>();
    const copies = objectives.filter((objective) => objective.title === 'Linked objective');
    expect(copies).toHaveLength(2);
    const copy = copies.find((objective) => objective.id !== linked.id);
    expect(copy?.integration).toMatchObject({ connectionName: 'Sim Jira', jql: 'parent = AE-786', metric: 'percent_done', lastSyncedAt: null });
    expect(objectives.filter((objective) => objective.title === 'Linked elsewhere').map((objective) => objective.integration)).toEqual([null, null]);
    const due = await ctx().db.selectFrom('integration_links').select(['next_due_at']).where('objective_id', '=', copy?.id ?? '').executeTakeFirstOrThrow();
    expect(due.next_due_at <= new Date().toISOString() && due.next_due_at >= before.slice(0, 19)).toBe(true);
  });
});
