/**
 * A query's membership across syncs, on SQLite and PostgreSQL (no Jira needed: the fetch's result
 * is given): generations move only when something changed, tombstones let a link that synced an
 * older generation list what left, each done rule finds its newly done issues, and pruning drops
 * tombstones, unused queries and mirrored issues no query refers to.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { countMirrorIssues, upsertMirrorPage, type MirrorIssue } from '../../db/repositories/jira-mirror-repository';
import { listLinkDiff, pruneTombstones } from '../../db/repositories/jira-queries-repository';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import type { DoneFacts } from './matching-issues';
import { commitMembership, pruneMirror } from './sync-commit';

const NOW = '2027-01-15T10:00:00.000Z';
const QUERY = { connectionId: 'jc1', jql: 'project = AE', hash: 'h1' };

function issue(id: string, status: string, category: string, resolution: string | null = null): MirrorIssue {
  return {
    issueId: id,
    key: `AE-${id}`,
    summary: `Issue ${id}`,
    status,
    statusCategory: category,
    assignee: null,
    resolution,
    createdAt: NOW,
    resolutionDate: null,
    statusCategoryChangedAt: null,
    updatedAt: NOW,
    storyPoints: undefined,
    numbers: new Map(),
  };
}

/** Mirrors the issues and commits them as the query's members, as a sync would. */
async function sync(db: Kysely<Database>, issues: MirrorIssue[]): Promise<number> {
  await upsertMirrorPage(db, QUERY.connectionId, issues, NOW);
  const members = new Map<string, DoneFacts>(issues.map((i) => [i.issueId, { status: i.status, statusCategory: i.statusCategory, hasResolution: i.resolution !== null }]));
  return (await commitMembership(db, { query: QUERY, members, totals: new Map(), walks: 1 }, NOW)).generation;
}

const sorted = (diff: { added: string[]; removed: string[]; newlyDone: string[] }) => ({ added: diff.added.sort(), removed: diff.removed.sort(), newlyDone: diff.newlyDone.sort() });

for (const dialect of DIALECTS) {
  describe(`a query's membership across syncs [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('generations, tombstones, the three done rules and pruning', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      await migrateToLatest(db);
      // Only the columns a connection needs; the others (some added by later migrations) take their defaults.
      await sql`insert into jira_connections (id, name, url, username, auth_type, secret_ciphertext, deployment_type, health, created_at, updated_at)
        values ('jc1', 'Jira', 'https://jira.example.com', 'a', 'basic', 'v1:x', 'cloud', 'ok', ${NOW}, ${NOW})`.execute(db);

      expect(await sync(db, [issue('1', 'To Do', 'new'), issue('2', 'In Review', 'indeterminate'), issue('3', 'To Do', 'new')])).toBe(1);
      // The same members and facts: no new generation, nothing written.
      expect(await sync(db, [issue('1', 'To Do', 'new'), issue('2', 'In Review', 'indeterminate'), issue('3', 'To Do', 'new')])).toBe(1);

      // 1 done (category and resolution), 2 moved to a status a statuses rule counts as done, 3 left, 4 joined.
      const g2 = await sync(db, [issue('1', 'Done', 'done', 'Fixed'), issue('2', 'Closed ', 'indeterminate'), issue('4', 'To Do', 'new')]);
      expect(g2).toBe(2);
      expect(sorted(await listLinkDiff(db, 'h1', 1, g2, { type: 'status_category' }))).toEqual({ added: ['AE-4'], removed: ['AE-3'], newlyDone: ['AE-1'] });
      expect(sorted(await listLinkDiff(db, 'h1', 1, g2, { type: 'resolution' }))).toEqual({ added: ['AE-4'], removed: ['AE-3'], newlyDone: ['AE-1'] });
      expect(sorted(await listLinkDiff(db, 'h1', 1, g2, { type: 'statuses', names: ['closed'] }))).toEqual({ added: ['AE-4'], removed: ['AE-3'], newlyDone: ['AE-2'] });
      // A link that never synced this query sees every member as added, nothing removed or newly done.
      expect(sorted(await listLinkDiff(db, 'h1', 0, g2, { type: 'status_category' }))).toEqual({ added: ['AE-1', 'AE-2', 'AE-4'], removed: [], newlyDone: [] });
      // A link already at this generation sees nothing.
      expect(sorted(await listLinkDiff(db, 'h1', g2, g2, { type: 'status_category' }))).toEqual({ added: [], removed: [], newlyDone: [] });

      // The tombstone stays while a link still stands at generation 1, and goes once every link is past it.
      await db.insertInto('users').values({ id: 'u1', email: 'a@example.com', name: 'A', role: 'admin', password_hash: 'x', created_at: NOW, updated_at: NOW }).execute();
      await db.insertInto('cycles').values({ id: 'c1', name: 'Q', start_date: '2027-01-01', end_date: '2027-03-31', created_at: NOW, updated_at: NOW }).execute();
      await db
        .insertInto('objectives')
        .values({ id: 'o1', cycle_id: 'c1', title: 'O', description: '', owner_id: null, parent_id: null, start_date: null, end_date: null, progress_mode: 'key_results', manual_progress: null, created_at: NOW, updated_at: NOW })
        .execute();
      await db
        .insertInto('integration_links')
        .values({ id: 'l1', objective_id: 'o1', key_result_id: null, type: 'jira', connection_id: 'jc1', jql: 'project = AE', metric: 'percent_done', options: '{}', query_hash: 'h1', synced_query_hash: 'h1', synced_generation: 1, total: 3, done: 0, progress: 0, measured: 0, last_synced_at: NOW, last_attempt_at: NOW, last_error_code: null, last_error_message: null, next_due_at: NOW, sync_state: 'idle', lease_owner: null, lease_expires_at: null, created_at: NOW, updated_at: NOW })
        .execute();
      expect(await pruneTombstones(db, 'h1')).toBe(0);
      await db.updateTable('integration_links').set({ synced_generation: 2 }).execute();
      expect(await pruneTombstones(db, 'h1')).toBe(1);

      // Every query is still used: pruning leaves the mirror alone (issue 3's row waits for a query of its connection to go).
      expect(await countMirrorIssues(db, 'jc1')).toBe(4);
      await pruneMirror(db);
      expect(await countMirrorIssues(db, 'jc1')).toBe(4);
      // The link is gone: its query and every mirrored issue go.
      await db.deleteFrom('integration_links').execute();
      await pruneMirror(db);
      expect(await db.selectFrom('jira_queries').select('hash').execute()).toEqual([]);
      expect(await countMirrorIssues(db, 'jc1')).toBe(0);
    });
  });
}
