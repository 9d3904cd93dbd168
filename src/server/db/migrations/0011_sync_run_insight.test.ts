/**
 * Migration 0011 on a database at 0010 that already holds a linked item, its query's members and
 * runs (filled with SQL as the previous code wrote them): old runs read back with no reopened keys
 * and no amounts (the insight falls back to their issue counts), links have no forecast yet,
 * members no "stopped being done" generations, nothing else changes; the next sync of a migrated
 * member that is reopened records it; down() takes the columns away again.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { getLinkInsight } from '../../services/insight/insight-service';
import { commitMembership } from '../../services/sync/sync-commit';
import { listLinkDiff } from '../repositories/jira-queries-repository';
import { listItemSyncRuns } from '../repositories/sync-runs-repository';
import { migrateToLatest } from '../migrate';
import type { Database } from '../schema';
import { MIGRATIONS } from './index';
import * as m0011 from './0011_sync_run_insight';

const T1 = '2027-01-10T10:00:00.000Z';
const T2 = '2027-01-12T10:00:00.000Z';
const UP_TO_0010 = MIGRATIONS.findIndex(([name]) => name === '0011_sync_run_insight');

async function seedAt0010(db: Kysely<Database>): Promise<void> {
  const run = (query: ReturnType<typeof sql>) => query.execute(db);
  await run(sql`insert into users (id, email, name, role, password_hash, created_at, updated_at) values ('u1', 'a@example.com', 'A', 'admin', 'x', ${T1}, ${T1})`);
  await run(sql`insert into cycles (id, name, start_date, end_date, created_at, updated_at) values ('c1', 'Q1', '2027-01-01', '2027-03-31', ${T1}, ${T1})`);
  await run(sql`insert into objectives (id, cycle_id, title, description, owner_id, progress_mode, created_at, updated_at)
    values ('o1', 'c1', 'Linked', '', 'u1', 'key_results', ${T1}, ${T1})`);
  await run(sql`insert into jira_connections (id, name, url, username, auth_type, secret_ciphertext, deployment_type, health, created_at, updated_at)
    values ('jc1', 'Jira', 'https://jira.example.com', 'a@example.com', 'basic', 'v1:x:y:z', 'cloud', 'ok', ${T1}, ${T1})`);
  await run(sql`insert into integration_links (id, objective_id, key_result_id, type, connection_id, jql, metric, options, query_hash, total, done, progress, measured,
      last_synced_at, last_attempt_at, next_due_at, sync_state, created_at, updated_at, synced_query_hash, synced_generation)
    values ('l1', 'o1', null, 'jira', 'jc1', 'project = AE', 'percent_done', '{}', 'h1', 2, 1, 0.5, 1, ${T2}, ${T2}, ${T2}, 'idle', ${T1}, ${T1}, 'h1', 1)`);
  await run(sql`insert into jira_queries (hash, connection_id, jql, generation, issue_count, digest, synced_at, created_at) values ('h1', 'jc1', 'project = AE', 1, 2, null, ${T2}, ${T1})`);
  for (const [id, status, category, resolved] of [
    ['10001', 'Done', 'done', '2027-01-08T12:00:00.000Z'],
    ['10002', 'In Progress', 'indeterminate', null],
  ] as const) {
    await run(sql`insert into jira_issues (connection_id, issue_id, issue_key, sort_key, summary, status, status_category, resolution, created_at, resolution_date, updated_at, numeric_fields, content_hash, mirrored_at)
      values ('jc1', ${id}, ${`AE-${Number(id) - 10000}`}, ${id.padStart(20, '0')}, 'Story', ${status}, ${category}, ${resolved === null ? null : 'Done'}, '2027-01-05T09:00:00.000Z', ${resolved}, ${T2}, '{}', 'hash', ${T2})`);
    await run(sql`insert into jira_query_issues (query_hash, connection_id, issue_id, joined_generation, left_generation, status, status_category, has_resolution,
        category_done_generation, resolved_generation, status_generation)
      values ('h1', 'jc1', ${id}, 1, null, ${status}, ${category}, ${resolved === null ? 0 : 1}, ${category === 'done' ? 1 : null}, ${resolved === null ? null : 1}, 1)`);
  }
  const syncRun = (id: string, outcome: 'ok' | 'failed', at: string, total: number | null, done: number | null, before: number | null, after: number | null) =>
    run(sql`insert into sync_runs (id, link_id, objective_id, key_result_id, "trigger", started_at, finished_at, outcome, jira_requests, total, done,
        progress_before, progress_after, added_keys, removed_keys, newly_done_keys, note)
      values (${id}, 'l1', 'o1', null, 'schedule', ${at}, ${at}, ${outcome}, 1, ${total}, ${done}, ${before}, ${after}, '["AE-2"]', '[]', '["AE-1"]', 'kept')`);
  await syncRun('r1', 'ok', T1, 1, 0, null, 0);
  await syncRun('r2', 'ok', T2, 2, 1, 0, 0.5);
  await syncRun('r3', 'failed', '2027-01-13T10:00:00.000Z', null, null, 0.5, 0.5);
}

const rowsOf = async (db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<unknown[]> => (await query.execute(db)).rows;

for (const dialect of DIALECTS) {
  describe(`migration 0011: what the Jira insight needs [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('old runs, links and members take empty defaults, keep everything else, and work with the insight and the next sync', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      expect(UP_TO_0010).toBeGreaterThan(0);
      await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0010));
      await seedAt0010(db);
      const oldRunColumns = sql`select id, link_id, objective_id, "trigger", started_at, finished_at, outcome, total, done, progress_before, progress_after, added_keys, removed_keys, newly_done_keys, note from sync_runs order by id`;
      const runsBefore = await rowsOf(db, oldRunColumns);
      const linksBefore = await rowsOf(db, sql`select id, total, done, progress, measured, last_synced_at, synced_query_hash, synced_generation from integration_links`);
      expect(await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0010 + 1))).toEqual(['0011_sync_run_insight']);

      expect(await rowsOf(db, oldRunColumns)).toEqual(runsBefore);
      expect(await rowsOf(db, sql`select id, total, done, progress, measured, last_synced_at, synced_query_hash, synced_generation from integration_links`)).toEqual(linksBefore);
      const runs = await db.selectFrom('sync_runs').select(['id', 'reopened_keys', 'scope_amount', 'done_amount']).orderBy('id').execute();
      expect(runs).toEqual([
        { id: 'r1', reopened_keys: '[]', scope_amount: null, done_amount: null },
        { id: 'r2', reopened_keys: '[]', scope_amount: null, done_amount: null },
        { id: 'r3', reopened_keys: '[]', scope_amount: null, done_amount: null },
      ]);
      expect(await db.selectFrom('integration_links').select(['forecast_reason', 'forecast_finish_date', 'forecast_finishes_before_end', 'forecast_at']).execute()).toEqual([
        { forecast_reason: null, forecast_finish_date: null, forecast_finishes_before_end: null, forecast_at: null },
      ]);
      expect(await db.selectFrom('jira_query_issues').select(['category_undone_generation', 'unresolved_generation', 'previous_status']).execute()).toEqual([
        { category_undone_generation: null, unresolved_generation: null, previous_status: null },
        { category_undone_generation: null, unresolved_generation: null, previous_status: null },
      ]);

      // The runs read back as before, with nothing reopened.
      const [latest] = await listItemSyncRuns(db, { objectiveId: 'o1' }, 10);
      expect(latest).toMatchObject({ id: 'r3', outcome: 'failed', reopenedKeys: [], scopeAmount: null, doneAmount: null, newlyDoneKeys: ['AE-1'] });

      // The insight draws old runs from their issue counts: 10 Jan recorded 0 of 1, 12 Jan 1 of 2, carried to 14 Jan.
      const insight = await getLinkInsight({ db, now: () => new Date('2027-01-14T08:00:00.000Z') }, { objectiveId: 'o1' });
      expect(insight.series.slice(8)).toEqual([
        { date: '2027-01-09', scope: 2, done: 1, progress: 0.5, source: 'backfill' },
        { date: '2027-01-10', scope: 1, done: 0, progress: 0, source: 'recorded' },
        { date: '2027-01-11', scope: 1, done: 0, progress: 0, source: 'recorded' },
        { date: '2027-01-12', scope: 2, done: 1, progress: 0.5, source: 'recorded' },
        { date: '2027-01-13', scope: 2, done: 1, progress: 0.5, source: 'recorded' },
        { date: '2027-01-14', scope: 2, done: 1, progress: 0.5, source: 'recorded' },
      ]);
      expect(insight.lastChange).toMatchObject({ at: T2, progressBefore: 0, progressAfter: 0.5, added: 1, completed: 1, reopened: 0 });

      // The next sync reopens the migrated done member: its run can tell.
      const members = new Map([
        ['10001', { status: 'In Progress', statusCategory: 'indeterminate', hasResolution: false }],
        ['10002', { status: 'In Progress', statusCategory: 'indeterminate', hasResolution: false }],
      ]);
      const { generation } = await commitMembership(db, { query: { hash: 'h1', connectionId: 'jc1', jql: 'project = AE' }, members, totals: new Map(), walks: 1 }, T2);
      expect(generation).toBe(2);
      expect((await listLinkDiff(db, 'h1', 1, 2, { type: 'status_category' })).reopened).toEqual(['AE-1']);
      expect((await listLinkDiff(db, 'h1', 1, 2, { type: 'statuses', names: ['done'] })).reopened).toEqual(['AE-1']);

      // Down: the columns go, the rest stays.
      await m0011.down(db as unknown as Kysely<unknown>);
      const columnsOf = async (table: string) => (await db.introspection.getTables()).find((t) => t.name === table)?.columns.map((column) => column.name) ?? [];
      expect(await columnsOf('sync_runs')).not.toContain('reopened_keys');
      expect(await columnsOf('sync_runs')).not.toContain('scope_amount');
      expect(await columnsOf('integration_links')).not.toContain('forecast_reason');
      expect(await columnsOf('jira_query_issues')).not.toContain('previous_status');
      expect(await rowsOf(db, oldRunColumns)).toEqual(runsBefore);
    });
  });
}
