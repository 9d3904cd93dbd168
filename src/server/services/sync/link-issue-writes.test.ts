/**
 * What a sync writes for a link's stored issues, on SQLite and PostgreSQL: nothing when Jira did
 * not change (the rows keep their physical identity), only the changed, new and gone rows when it
 * did, and a full row-by-row comparison when the link's digest is unknown (as after the migration).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase, type AppTestContext } from '../../../../test/support/app-harness';
import { listLinkIssues } from '../../db/repositories/sync-runs-repository';
import {
  BUG_EPIC,
  CAMPAIGN_EPIC,
  addStoryToEpic,
  createObjective,
  epicJql,
  linkItem,
  runsOf,
  setUpJiraWorld,
  syncDepsOf,
  type JiraWorld,
} from '../../routes/integration-links/link-test-helpers';
import { runDueSyncs } from './sync-rounds';

const DAY_MS = 86_400_000;

/** Each stored row's physical identity: SQLite's rowid, PostgreSQL's ctid. Both change when a row is rewritten. */
async function rowIdentities(ctx: AppTestContext, linkId: string): Promise<Map<string, string>> {
  const identity = ctx.dialect === 'sqlite' ? sql<string>`cast(rowid as text)` : sql<string>`ctid::text`;
  const rows = await ctx.db
    .selectFrom('integration_link_issues')
    .select(['issue_key', identity.as('identity')])
    .where('link_id', '=', linkId)
    .execute();
  return new Map(rows.map((row) => [row.issue_key, row.identity]));
}

async function digestOf(ctx: AppTestContext, linkId: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('integration_links').select('issues_digest').where('id', '=', linkId).executeTakeFirstOrThrow();
  return row.issues_digest;
}

describeEachDatabase('a sync writes only the stored issues that changed', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
  });
  afterAll(async () => {
    await sim.close();
  });

  test('unchanged issues are not rewritten; changed, new and gone ones are, and the run says which', async () => {
    const objectiveId = await createObjective(ctx(), world, 'Writes only changes');
    const path = `/api/v1/objectives/${objectiveId}`;
    const link = await linkItem(ctx(), world, path, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    // Rows stored after this link's: SQLite reuses the highest rowids, so a rewrite of the newest rows could look like no change.
    await linkItem(ctx(), world, `/api/v1/objectives/${await createObjective(ctx(), world, 'Stored later')}`, { jql: epicJql('cloud', BUG_EPIC), metric: 'percent_done' });
    const first = await rowIdentities(ctx(), link.id);
    expect(first.size).toBe(10);
    const firstDigest = await digestOf(ctx(), link.id);
    expect(firstDigest).not.toBeNull();

    // Jira unchanged: the round records a run but touches no stored row.
    expect(await runDueSyncs(syncDepsOf(ctx()), new Date(Date.now() + 2 * DAY_MS))).toMatchObject({ ok: 2 });
    expect(await rowIdentities(ctx(), link.id)).toEqual(first);
    expect(await digestOf(ctx(), link.id)).toBe(firstDigest);
    const [quiet] = await runsOf(ctx(), world, path);
    expect(quiet).toMatchObject({ trigger: 'schedule', outcome: 'ok', total: 10, addedKeys: [], removedKeys: [], newlyDoneKeys: [] });

    // One renamed, one done, one new, one gone.
    const keys = [...first.keys()].sort();
    const [renamed, finished, removed] = [keys[0] ?? '', keys[1] ?? '', keys[2] ?? ''];
    sim.store.update(renamed, { summary: 'Renamed in Jira' });
    sim.store.transition(finished, 'Done');
    sim.store.delete(removed);
    const added = addStoryToEpic(sim, CAMPAIGN_EPIC, 'New in Jira');
    const wasDone = (await listLinkIssues(ctx().db, link.id)).find((issue) => issue.key === finished)?.done;

    expect(await runDueSyncs(syncDepsOf(ctx()), new Date(Date.now() + 4 * DAY_MS))).toMatchObject({ ok: 2 });
    const after = await rowIdentities(ctx(), link.id);
    expect([...after.keys()].sort()).toEqual([...keys.filter((key) => key !== removed), added].sort());
    for (const key of keys.slice(3)) expect(after.get(key), `${key} was rewritten`).toBe(first.get(key));
    const stored = new Map((await listLinkIssues(ctx().db, link.id)).map((issue) => [issue.key, issue]));
    expect(stored.get(renamed)?.summary).toBe('Renamed in Jira');
    expect(stored.get(finished)?.done).toBe(true);
    expect(await digestOf(ctx(), link.id)).not.toBe(firstDigest);
    const [changed] = await runsOf(ctx(), world, path);
    expect(changed).toMatchObject({ addedKeys: [added], removedKeys: [removed], newlyDoneKeys: wasDone ? [] : [finished] });
  });

  test('without a digest (as after the upgrade) rows are compared one by one and a wrong row is repaired', async () => {
    const objectiveId = await createObjective(ctx(), world, 'Digest unknown');
    const link = await linkItem(ctx(), world, `/api/v1/objectives/${objectiveId}`, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    const before = await rowIdentities(ctx(), link.id);
    const [tampered] = [...before.keys()].sort();
    await ctx().db.updateTable('integration_link_issues').set({ summary: 'stale text' }).where('link_id', '=', link.id).where('issue_key', '=', tampered ?? '').execute();
    await ctx().db.updateTable('integration_links').set({ issues_digest: null }).where('id', '=', link.id).execute();

    expect(await runDueSyncs(syncDepsOf(ctx()), new Date(Date.now() + 6 * DAY_MS))).toMatchObject({ ok: 3 });
    const after = await rowIdentities(ctx(), link.id);
    const stored = await listLinkIssues(ctx().db, link.id);
    expect(stored.find((issue) => issue.key === tampered)?.summary).not.toBe('stale text');
    for (const [key, identity] of before) if (key !== tampered) expect(after.get(key)).toBe(identity);
    expect(await digestOf(ctx(), link.id)).not.toBeNull();
  });
});
