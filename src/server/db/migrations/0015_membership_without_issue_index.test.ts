/**
 * Migration 0015 on a database at 0014 holding two connections' mirrors and memberships: the
 * index by issue goes and every row stays; the two readers that used it (pruning the mirror and
 * a webhook's "which links hold this issue") give the same answers through the queries' primary
 * keys, across connections that share Jira ids; down() puts the index back.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import type { DialectName } from '../database';
import { pruneUnreferencedIssues } from '../repositories/jira-mirror-repository';
import { listLinkIdsHoldingIssues } from '../repositories/webhooks-repository';
import { migrateToLatest } from '../migrate';
import type { Database } from '../schema';
import { MIGRATIONS } from './index';
import * as m0015 from './0015_membership_without_issue_index';

const T1 = '2027-01-10T10:00:00.000Z';
const UP_TO_0014 = MIGRATIONS.findIndex(([name]) => name === '0015_membership_without_issue_index');

/** Two connections; jc1 has queries h1 {1, 2, 5 (left)} and h2 {2, 3}; jc2 has h3 {1} (the same Jira id as jc1's issue 1). */
async function seedAt0014(db: Kysely<Database>): Promise<void> {
  const run = (query: ReturnType<typeof sql>) => query.execute(db);
  for (const connection of ['jc1', 'jc2']) {
    await run(sql`insert into jira_connections (id, name, url, username, auth_type, secret_ciphertext, deployment_type, health, created_at, updated_at)
      values (${connection}, ${connection}, ${`https://${connection}.example.com`}, 'a', 'basic', 'v1:x', 'cloud', 'ok', ${T1}, ${T1})`);
  }
  const mirror: Array<[string, string]> = [['jc1', '1'], ['jc1', '2'], ['jc1', '3'], ['jc1', '5'], ['jc1', '9'], ['jc2', '1']];
  for (const [connection, id] of mirror) {
    await run(sql`insert into jira_issues (connection_id, issue_id, issue_key, sort_key, content_hash, mirrored_at)
      values (${connection}, ${id}, ${`${connection.toUpperCase()}-${id}`}, ${id.padStart(20, '0')}, 'x', ${T1})`);
  }
  const queries: Array<[string, string, Array<[string, number | null]>]> = [
    ['h1', 'jc1', [['1', null], ['2', null], ['5', 1]]],
    ['h2', 'jc1', [['2', null], ['3', null]]],
    ['h3', 'jc2', [['1', null]]],
  ];
  for (const [hash, connection, members] of queries) {
    await run(sql`insert into jira_queries (hash, connection_id, jql, generation, issue_count, created_at) values (${hash}, ${connection}, ${`q ${hash}`}, 1, ${members.length}, ${T1})`);
    for (const [id, left] of members) {
      await run(sql`insert into jira_query_issues (query_hash, connection_id, issue_id, joined_generation, left_generation, status, status_category, has_resolution, status_generation)
        values (${hash}, ${connection}, ${id}, 1, ${left}, 'To Do', 'new', 0, 1)`);
    }
  }
  await run(sql`insert into users (id, email, name, role, password_hash, created_at, updated_at) values ('u1', 'a@example.com', 'A', 'admin', 'x', ${T1}, ${T1})`);
  await run(sql`insert into cycles (id, name, start_date, end_date, created_at, updated_at) values ('c1', 'Q1', '2027-01-01', '2027-03-31', ${T1}, ${T1})`);
  // One link per objective (a unique constraint), each on its query.
  for (const [link, connection, hash] of [['l1', 'jc1', 'h1'], ['l2', 'jc1', 'h2'], ['l3', 'jc2', 'h3']]) {
    await run(sql`insert into objectives (id, cycle_id, title, description, owner_id, parent_id, progress_mode, manual_progress, created_at, updated_at)
      values (${`o-${link}`}, 'c1', 'Objective', '', 'u1', null, 'key_results', null, ${T1}, ${T1})`);
    await run(sql`insert into integration_links (id, objective_id, type, connection_id, jql, metric, options, query_hash, synced_query_hash, synced_generation, next_due_at, created_at, updated_at)
      values (${link}, ${`o-${link}`}, 'jira', ${connection}, ${`q ${hash}`}, 'percent_done', '{}', ${hash}, ${hash}, 1, ${T1}, ${T1}, ${T1})`);
  }
}

async function indexNames(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'jira_query_issues' and sql is not null order by name`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'jira_query_issues' and indexname <> 'jira_query_issues_pk' order by indexname`.execute(db);
  return rows.map((row) => row.name);
}

const counts = async (db: Kysely<Database>) => ({
  mirror: Number((await db.selectFrom('jira_issues').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n),
  members: Number((await db.selectFrom('jira_query_issues').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n),
});

for (const dialect of DIALECTS) {
  describe(`migration 0015: the membership without its index by issue [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('rows stay; pruning and the webhook lookup answer by query; down() restores the index', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      expect(UP_TO_0014).toBeGreaterThan(0);
      await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0014));
      await seedAt0014(db);
      expect(await indexNames(db, dialect)).toEqual(['jira_query_issues_issue_idx', 'jira_query_issues_order_idx']);
      expect(await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0014 + 1))).toEqual(['0015_membership_without_issue_index']);
      expect(await indexNames(db, dialect)).toEqual(['jira_query_issues_order_idx']);
      expect(await counts(db)).toEqual({ mirror: 6, members: 6 });

      // Members, not tombstones, of the links' synced queries, each connection on its own.
      expect((await listLinkIdsHoldingIssues(db, 'jc1', ['JC1-2'])).sort()).toEqual(['l1', 'l2']);
      expect(await listLinkIdsHoldingIssues(db, 'jc1', ['JC1-1'])).toEqual(['l1']);
      expect(await listLinkIdsHoldingIssues(db, 'jc2', ['JC2-1'])).toEqual(['l3']);
      expect(await listLinkIdsHoldingIssues(db, 'jc1', ['JC1-5', 'JC1-9', 'JC2-1'])).toEqual([]);

      // Issue 9 is in no query: it goes. 5 stays while h1 keeps its tombstone; jc2's issue 1 is not jc1's.
      expect(await pruneUnreferencedIssues(db, 'jc1')).toBe(1);
      await db.deleteFrom('jira_queries').where('hash', '=', 'h1').execute();
      expect(await pruneUnreferencedIssues(db, 'jc1')).toBe(2);
      const left = await db.selectFrom('jira_issues').select(['connection_id', 'issue_id']).orderBy('connection_id').orderBy('issue_id').execute();
      expect(left).toEqual([
        { connection_id: 'jc1', issue_id: '2' },
        { connection_id: 'jc1', issue_id: '3' },
        { connection_id: 'jc2', issue_id: '1' },
      ]);
      expect(await pruneUnreferencedIssues(db, 'jc2')).toBe(0);

      await m0015.down(db as unknown as Kysely<unknown>);
      expect(await indexNames(db, dialect)).toEqual(['jira_query_issues_issue_idx', 'jira_query_issues_order_idx']);
    });
  });
}
