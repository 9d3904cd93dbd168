/**
 * Migration 0008 on a database that already holds linked items, per-link issue copies and runs
 * (migrated to 0007 first, filled with SQL as the previous code wrote it): the issues move into
 * the mirror once per connection, each query gets its members from its most recently synced link,
 * links record the query and generation they synced, and nothing else changes: runs, history and
 * the links' last values survive, and the per-link copies are gone.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { migrateToLatest } from '../migrate';
import type { Database } from '../schema';
import { MIGRATIONS } from './index';

const T1 = '2027-01-10T10:00:00.000Z';
const T2 = '2027-01-15T10:00:00.000Z';
const BEFORE_0008 = MIGRATIONS.findIndex(([name]) => name === '0008_jira_issue_mirror');

async function seedBefore0008(db: Kysely<Database>): Promise<void> {
  const run = (query: ReturnType<typeof sql>) => query.execute(db);
  await run(sql`insert into users (id, email, name, role, password_hash, created_at, updated_at) values ('u1', 'a@example.com', 'A', 'admin', 'x', ${T1}, ${T1})`);
  await run(sql`insert into cycles (id, name, start_date, end_date, created_at, updated_at) values ('c1', 'Q1', '2027-01-01', '2027-03-31', ${T1}, ${T1})`);
  for (const id of ['o1', 'o2', 'o3', 'o4', 'o5']) {
    await run(sql`insert into objectives (id, cycle_id, title, description, owner_id, progress_mode, created_at, updated_at)
      values (${id}, 'c1', ${`Objective ${id}`}, '', 'u1', 'key_results', ${T1}, ${T1})`);
  }
  await run(sql`insert into key_results (id, objective_id, title, start_value, target_value, current_value, unit, weight, created_at, updated_at)
    values ('k1', 'o2', 'KR', 0, 10, 5, '', 1, ${T1}, ${T1})`);
  await run(sql`insert into check_ins (id, key_result_id, objective_id, value, note, author_id, created_at) values ('ci1', 'k1', null, 5, 'Synced', 'u1', ${T1})`);
  await run(sql`insert into jira_connections (id, name, url, username, auth_type, secret_ciphertext, deployment_type, health, created_at, updated_at)
    values ('jc1', 'Jira', 'https://jira.example.com', 'a@example.com', 'basic', 'v1:x:y:z', 'cloud', 'ok', ${T1}, ${T1})`);

  const link = (id: string, item: { objective?: string; keyResult?: string }, connection: string | null, hash: string, synced: string | null, metric: string, options: string, values: [number, number, number, number] | null) =>
    run(sql`insert into integration_links (id, objective_id, key_result_id, type, connection_id, jql, metric, options, query_hash, total, done, progress, measured,
        last_synced_at, last_attempt_at, last_error_code, last_error_message, next_due_at, sync_state, lease_owner, lease_expires_at, created_at, updated_at, issues_digest)
      values (${id}, ${item.objective ?? null}, ${item.keyResult ?? null}, 'jira', ${connection}, ${`project = ${hash}`}, ${metric}, ${options}, ${hash},
        ${values?.[0] ?? null}, ${values?.[1] ?? null}, ${values?.[2] ?? null}, ${values?.[3] ?? null}, ${synced}, ${synced}, null, null, ${T2}, 'idle', null, null, ${T1}, ${T1}, ${synced ? 'digest' : null})`);
  await link('l1', { objective: 'o1' }, 'jc1', 'h1', T2, 'percent_done', '{}', [2, 1, 0.5, 1]);
  await link('l2', { keyResult: 'k1' }, 'jc1', 'h1', T1, 'points_done', '{}', [3, 1, 0.25, 2]);
  await link('l3', { objective: 'o3' }, 'jc1', 'h2', T1, 'field_sum', '{"field":"customfield_1","targetValue":100}', [2, 1, 0.05, 5]);
  await link('l4', { objective: 'o4' }, 'jc1', 'h3', null, 'percent_done', '{}', null);
  await link('l5', { objective: 'o5' }, null, 'h4', T1, 'percent_done', '{}', [1, 0, 0, 0]);

  const issue = (linkId: string, id: string, summary: string, status: [string, string], done: number, points: number | null, value: number | null, resolved: string | null) =>
    run(sql`insert into integration_link_issues (link_id, issue_key, issue_id, summary, status, status_category, assignee, done, points, value, resolved_at, url)
      values (${linkId}, ${`AE-${Number(id) - 10000}`}, ${id}, ${summary}, ${status[0]}, ${status[1]}, 'Dana', ${done}, ${points}, ${value}, ${resolved}, ${`https://jira.example.com/browse/AE-${Number(id) - 10000}`})`);
  // l1 synced last: its copy of 10001 is the newest.
  await issue('l1', '10001', 'Newest summary', ['Done', 'done'], 1, null, null, T2);
  await issue('l1', '10002', 'Open work', ['In Progress', 'indeterminate'], 0, null, null, null);
  await issue('l2', '10001', 'Stale summary', ['In Progress', 'indeterminate'], 0, 3, null, null);
  await issue('l2', '10002', 'Open work', ['In Progress', 'indeterminate'], 0, 8, null, null);
  await issue('l2', '10003', 'Gone since', ['To Do', 'new'], 0, 1, null, null);
  await issue('l3', '10001', 'Newest summary', ['Done', 'done'], 1, null, 5, T2);
  await issue('l3', '10004', 'Only here', ['To Do', 'new'], 0, null, 7, null);
  await issue('l5', '10009', 'Disconnected', ['To Do', 'new'], 0, null, null, null);

  const syncRun = (id: string, linkId: string, objective: string | null, keyResult: string | null, startedAt: string) =>
    run(sql`insert into sync_runs (id, link_id, objective_id, key_result_id, "trigger", started_at, finished_at, outcome, jira_requests, total, done,
        progress_before, progress_after, added_keys, removed_keys, newly_done_keys, note)
      values (${id}, ${linkId}, ${objective}, ${keyResult}, 'schedule', ${startedAt}, ${startedAt}, 'ok', 1, 2, 1, 0.25, 0.5, '["AE-2"]', '["AE-9"]', '["AE-1"]', 'kept')`);
  await syncRun('r1', 'l1', 'o1', null, T2);
  await syncRun('r2', 'l2', null, 'k1', T1);
  await syncRun('r3', 'l5', 'o5', null, T1);
}

async function rowsOf(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<unknown[]> {
  return (await query.execute(db)).rows;
}

for (const dialect of DIALECTS) {
  describe(`migration 0008: the Jira issue mirror [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('per-link issue copies move into the mirror, once per issue; runs, history and last values survive', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      expect(BEFORE_0008).toBeGreaterThan(0);
      await migrateToLatest(db, MIGRATIONS.slice(0, BEFORE_0008));
      await seedBefore0008(db);
      const runsBefore = await rowsOf(db, sql`select * from sync_runs order by id`);
      const linksBefore = await rowsOf(db, sql`select id, total, done, progress, measured, last_synced_at, next_due_at from integration_links order by id`);
      const checkInsBefore = await rowsOf(db, sql`select * from check_ins order by id`);
      // Up to 0008 only: later migrations add columns of their own (0011 adds some to sync_runs).
      expect(await migrateToLatest(db, MIGRATIONS.slice(0, BEFORE_0008 + 1))).toContain('0008_jira_issue_mirror');

      // One mirror row per issue of the connection; the disconnected link's issue has no connection to belong to.
      const issues = await db.selectFrom('jira_issues').selectAll().orderBy('issue_id').execute();
      expect(issues.map((row) => [row.connection_id, row.issue_id, row.issue_key, row.sort_key])).toEqual([
        ['jc1', '10001', 'AE-1', '00000000000000010001'],
        ['jc1', '10002', 'AE-2', '00000000000000010002'],
        ['jc1', '10003', 'AE-3', '00000000000000010003'],
        ['jc1', '10004', 'AE-4', '00000000000000010004'],
      ]);
      const [first, second, , fourth] = issues;
      expect(first).toMatchObject({ summary: 'Newest summary', status: 'Done', status_category: 'done', assignee: 'Dana', resolution_date: T2 });
      expect(JSON.parse(first?.numeric_fields ?? '')).toEqual({ customfield_1: 5 });
      expect(Number(second?.story_points)).toBe(8);
      expect(JSON.parse(fourth?.numeric_fields ?? '')).toEqual({ customfield_1: 7 });

      // One query per distinct query of a connected link; members from its most recently synced link.
      const queries = await db.selectFrom('jira_queries').select(['hash', 'connection_id', 'generation', 'issue_count', 'digest']).orderBy('hash').execute();
      expect(queries.map((row) => [row.hash, row.connection_id, Number(row.generation), Number(row.issue_count), row.digest])).toEqual([
        ['h1', 'jc1', 1, 2, null],
        ['h2', 'jc1', 1, 2, null],
        ['h3', 'jc1', 0, 0, null],
      ]);
      const members = await db.selectFrom('jira_query_issues').selectAll().orderBy('query_hash').orderBy('issue_id').execute();
      expect(
        members.map((row) => [
          row.query_hash,
          row.issue_id,
          Number(row.joined_generation),
          row.left_generation,
          row.status_category,
          Number(row.has_resolution),
          row.category_done_generation === null ? null : Number(row.category_done_generation),
          row.resolved_generation === null ? null : Number(row.resolved_generation),
          Number(row.status_generation),
        ]),
      ).toEqual([
        ['h1', '10001', 1, null, 'done', 1, 1, 1, 1],
        ['h1', '10002', 1, null, 'indeterminate', 0, null, null, 1],
        ['h2', '10001', 1, null, 'done', 1, 1, 1, 1],
        ['h2', '10004', 1, null, 'new', 0, null, null, 1],
      ]);

      // Links that had synced point at their query at generation 1.
      const links = await db.selectFrom('integration_links').select(['id', 'query_hash', 'synced_query_hash', 'synced_generation']).orderBy('id').execute();
      expect(links.map((row) => [row.id, row.synced_query_hash, row.synced_generation === null ? null : Number(row.synced_generation)])).toEqual([
        ['l1', 'h1', 1],
        ['l2', 'h1', 1],
        ['l3', 'h2', 1],
        ['l4', null, null],
        ['l5', null, null],
      ]);

      // Nothing else moved: runs, check-ins and the links' values and schedule.
      expect(await rowsOf(db, sql`select * from sync_runs order by id`)).toEqual(runsBefore);
      expect(await rowsOf(db, sql`select id, total, done, progress, measured, last_synced_at, next_due_at from integration_links order by id`)).toEqual(linksBefore);
      expect(await rowsOf(db, sql`select * from check_ins order by id`)).toEqual(checkInsBefore);

      // The per-link copies and their digest are gone.
      const tables = (await db.introspection.getTables()).map((table) => table.name);
      expect(tables).not.toContain('integration_link_issues');
      const linkColumns = (await db.introspection.getTables()).find((table) => table.name === 'integration_links')?.columns.map((column) => column.name) ?? [];
      expect(linkColumns).not.toContain('issues_digest');
      expect(linkColumns).toEqual(expect.arrayContaining(['synced_query_hash', 'synced_generation']));

      // The connection's issues and queries go with it.
      await db.deleteFrom('jira_connections').execute();
      expect(await db.selectFrom('jira_issues').select('issue_id').execute()).toEqual([]);
      expect(await db.selectFrom('jira_query_issues').select('issue_id').execute()).toEqual([]);
    });
  });
}
