/**
 * The Jira issue mirror on SQLite and PostgreSQL against the simulator: each issue is stored once
 * per connection however many links and queries match it, a steady sync writes no mirror or
 * membership row, and a sync that sees changes rewrites only the changed issues while each link's
 * run still lists the keys added, removed and newly done.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase, type AppTestContext } from '../../../../test/support/app-harness';
import { countMirrorIssues } from '../../db/repositories/jira-mirror-repository';
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
} from '../../../../test/support/link-fixtures';
import { runDueSyncs } from './sync-rounds';

const DAY_MS = 86_400_000;

/** Each mirror row's physical identity (SQLite's rowid, PostgreSQL's ctid: both change when a row is rewritten) and mirrored_at. */
async function mirrorRows(ctx: AppTestContext): Promise<Map<string, string>> {
  const identity = ctx.dialect === 'sqlite' ? sql<string>`cast(rowid as text)` : sql<string>`ctid::text`;
  const rows = await ctx.db.selectFrom('jira_issues').select(['issue_key', 'mirrored_at', identity.as('identity')]).execute();
  return new Map(rows.map((row) => [row.issue_key, `${row.identity}@${row.mirrored_at}`]));
}

async function membershipRows(ctx: AppTestContext): Promise<Map<string, string>> {
  const identity = ctx.dialect === 'sqlite' ? sql<string>`cast(rowid as text)` : sql<string>`ctid::text`;
  const rows = await ctx.db.selectFrom('jira_query_issues').select(['query_hash', 'issue_id', identity.as('identity')]).execute();
  return new Map(rows.map((row) => [`${row.query_hash}/${row.issue_id}`, row.identity]));
}

async function count(ctx: AppTestContext, table: 'jira_issues' | 'jira_queries' | 'jira_query_issues'): Promise<number> {
  const row = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function clearLinks(ctx: AppTestContext): Promise<void> {
  await ctx.db.deleteFrom('integration_links').execute();
  await ctx.db.deleteFrom('jira_queries').execute();
  await ctx.db.deleteFrom('jira_issues').execute();
}

describeEachDatabase('the Jira issue mirror', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let round = 0;
  const nextRound = () => runDueSyncs(syncDepsOf(ctx()), new Date(Date.now() + ++round * 2 * DAY_MS));

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
  });
  afterAll(async () => {
    await sim.close();
  });

  test('two links on one query store its issues once', async () => {
    await clearLinks(ctx());
    const jql = epicJql('cloud', CAMPAIGN_EPIC);
    await linkItem(ctx(), world, `/api/v1/objectives/${await createObjective(ctx(), world, 'First on the epic')}`, { jql, metric: 'percent_done' });
    await linkItem(ctx(), world, `/api/v1/objectives/${await createObjective(ctx(), world, 'Second on the epic')}`, { jql, metric: 'percent_done' });
    expect(await count(ctx(), 'jira_queries')).toBe(1);
    expect(await count(ctx(), 'jira_query_issues')).toBe(10);
    expect(await count(ctx(), 'jira_issues')).toBe(10);
    expect(await countMirrorIssues(ctx().db, world.connectionId)).toBe(10);

    // A round syncs both links with one query; still one row per issue.
    expect(await nextRound()).toMatchObject({ ok: 2, queries: 1 });
    expect(await count(ctx(), 'jira_issues')).toBe(10);
  });

  test('an issue in two queries is stored once, and is kept while one query still has it', async () => {
    await clearLinks(ctx());
    const epicPath = `/api/v1/objectives/${await createObjective(ctx(), world, 'The epic')}`;
    await linkItem(ctx(), world, epicPath, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    const keys = (await ctx().db.selectFrom('jira_issues').select('issue_key').execute()).map((row) => row.issue_key).sort();
    const [first, second] = keys;
    const pairPath = `/api/v1/objectives/${await createObjective(ctx(), world, 'Two of its issues')}`;
    await linkItem(ctx(), world, pairPath, { jql: `key in (${first}, ${second})`, metric: 'percent_done' });
    expect(await count(ctx(), 'jira_queries')).toBe(2);
    expect(await count(ctx(), 'jira_query_issues')).toBe(12);
    expect(await count(ctx(), 'jira_issues')).toBe(10);

    // Unlinking the epic's link drops its query; the two issues the other query has stay mirrored.
    expectOkStatus((await ctx().request('DELETE', `${epicPath}/integration`, { as: world.member })).statusCode);
    expect(await count(ctx(), 'jira_queries')).toBe(1);
    expect((await ctx().db.selectFrom('jira_issues').select('issue_key').execute()).map((row) => row.issue_key).sort()).toEqual([first, second].sort());
  });

  test('a steady sync writes no mirror or membership row; changes rewrite only the changed issues and the run lists them', async () => {
    await clearLinks(ctx());
    const path = `/api/v1/objectives/${await createObjective(ctx(), world, 'Writes only changes')}`;
    await linkItem(ctx(), world, path, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    // Rows written after this query's: SQLite reuses the highest rowids, so a rewrite of the newest rows could look like no change.
    await linkItem(ctx(), world, `/api/v1/objectives/${await createObjective(ctx(), world, 'Stored later')}`, { jql: epicJql('cloud', BUG_EPIC), metric: 'percent_done' });
    const first = await mirrorRows(ctx());
    const members = await membershipRows(ctx());
    const generations = await ctx().db.selectFrom('jira_queries').select(['hash', 'generation']).orderBy('hash').execute();

    expect(await nextRound()).toMatchObject({ ok: 2 });
    expect(await mirrorRows(ctx())).toEqual(first);
    expect(await membershipRows(ctx())).toEqual(members);
    expect(await ctx().db.selectFrom('jira_queries').select(['hash', 'generation']).orderBy('hash').execute()).toEqual(generations);
    const [quiet] = await runsOf(ctx(), world, path);
    expect(quiet).toMatchObject({ trigger: 'schedule', outcome: 'ok', total: 10, addedKeys: [], removedKeys: [], newlyDoneKeys: [] });

    // One renamed, one done, one new, one gone.
    const epicKeys = (
      await ctx()
        .db.selectFrom('jira_issues')
        .innerJoin('jira_query_issues', 'jira_query_issues.issue_id', 'jira_issues.issue_id')
        .innerJoin('integration_links', 'integration_links.synced_query_hash', 'jira_query_issues.query_hash')
        .select(['jira_issues.issue_key', 'jira_issues.status_category'])
        .where('integration_links.objective_id', '=', path.split('/').pop() ?? '')
        .execute()
    ).sort((a, b) => (a.issue_key < b.issue_key ? -1 : 1));
    const open = epicKeys.filter((row) => row.status_category !== 'done').map((row) => row.issue_key);
    const renamed = epicKeys[0]?.issue_key ?? '';
    const finished = open.find((key) => key !== renamed) ?? '';
    const removed = epicKeys.map((row) => row.issue_key).find((key) => key !== renamed && key !== finished) ?? '';
    sim.store.update(renamed, { summary: 'Renamed in Jira' });
    sim.store.transition(finished, 'Done');
    sim.store.delete(removed);
    const added = addStoryToEpic(sim, CAMPAIGN_EPIC, 'New in Jira');

    expect(await nextRound()).toMatchObject({ ok: 2 });
    const after = await mirrorRows(ctx());
    // The removed issue stays as a tombstone's row until every link synced past it (here: at once, so it is pruned later).
    for (const [key, identity] of first) {
      if (key === renamed || key === finished || key === removed) continue;
      expect(after.get(key), `${key} was rewritten`).toBe(identity);
    }
    expect(after.get(renamed)).not.toBe(first.get(renamed));
    expect(after.get(finished)).not.toBe(first.get(finished));
    expect(after.has(added)).toBe(true);
    const renamedRow = await ctx().db.selectFrom('jira_issues').select('summary').where('issue_key', '=', renamed).executeTakeFirstOrThrow();
    expect(renamedRow.summary).toBe('Renamed in Jira');
    const [changed] = await runsOf(ctx(), world, path);
    expect(changed).toMatchObject({ total: 10, addedKeys: [added], removedKeys: [removed], newlyDoneKeys: [finished] });
    // Every link synced past the removal: no tombstone is left.
    const tombstones = await ctx().db.selectFrom('jira_query_issues').select('issue_id').where('left_generation', 'is not', null).execute();
    expect(tombstones).toEqual([]);
  });

  test('the mirror keeps the dates and resolution Jira gives', async () => {
    const rows = await ctx().db.selectFrom('jira_issues').select(['issue_key', 'created_at', 'updated_at', 'status_category', 'resolution', 'resolution_date', 'sort_key', 'issue_id']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.created_at, row.issue_key).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(row.updated_at, row.issue_key).toMatch(/Z$/);
      expect(row.sort_key).toBe(row.issue_id.padStart(20, '0'));
    }
    expect(rows.some((row) => row.resolution !== null && row.resolution_date !== null)).toBe(true);
  });
});

function expectOkStatus(status: number): void {
  expect(status).toBeLessThan(300);
}
