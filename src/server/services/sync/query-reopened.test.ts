/**
 * "Reopened" in a link's run, on SQLite and PostgreSQL (the fetch's result is given, no Jira): a
 * member done by the link's rule at the generation it last synced and not done now, for each of
 * the three done rules, including a link that last synced several generations ago.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { upsertMirrorPage, type MirrorIssue } from '../../db/repositories/jira-mirror-repository';
import { listCrossQueryDiff, listLinkDiff } from '../../db/repositories/jira-queries-repository';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import type { DoneFacts } from './matching-issues';
import { commitMembership } from './sync-commit';

const NOW = '2027-01-15T10:00:00.000Z';

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

async function sync(db: Kysely<Database>, hash: string, issues: MirrorIssue[]): Promise<number> {
  await upsertMirrorPage(db, 'jc1', issues, NOW);
  const members = new Map<string, DoneFacts>(issues.map((i) => [i.issueId, { status: i.status, statusCategory: i.statusCategory, hasResolution: i.resolution !== null }]));
  return (await commitMembership(db, { query: { connectionId: 'jc1', jql: `jql ${hash}`, hash }, members, totals: new Map(), walks: 1 }, NOW)).generation;
}

const reopened = async (db: Kysely<Database>, since: number, upTo: number, rule: Parameters<typeof listLinkDiff>[4]) =>
  (await listLinkDiff(db, 'h1', since, upTo, rule)).reopened.sort();

for (const dialect of DIALECTS) {
  describe(`reopened issues in a link's run [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('done at the last sync and not done now, by each rule; a later generation does not count for an earlier sync', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      await migrateToLatest(db);
      await sql`insert into jira_connections (id, name, url, username, auth_type, secret_ciphertext, deployment_type, health, created_at, updated_at)
        values ('jc1', 'Jira', 'https://jira.example.com', 'a', 'basic', 'v1:x', 'cloud', 'ok', ${NOW}, ${NOW})`.execute(db);

      // 1: done (category + resolution); 2: "Closed" (a status a statuses rule counts), no resolution; 3: open throughout.
      const g1 = await sync(db, 'h1', [issue('1', 'Done', 'done', 'Fixed'), issue('2', 'Closed', 'indeterminate'), issue('3', 'To Do', 'new')]);
      // 1 reopened (category left Done, resolution cleared); 2 reopened by the statuses rule only.
      const g2 = await sync(db, 'h1', [issue('1', 'In Progress', 'indeterminate'), issue('2', 'Open', 'indeterminate'), issue('3', 'In Progress', 'indeterminate')]);
      expect(await reopened(db, g1, g2, { type: 'status_category' })).toEqual(['AE-1']);
      expect(await reopened(db, g1, g2, { type: 'resolution' })).toEqual(['AE-1']);
      expect(await reopened(db, g1, g2, { type: 'statuses', names: ['closed'] })).toEqual(['AE-2']);
      // The full diff of that run: nothing added, removed or newly done.
      expect(await listLinkDiff(db, 'h1', g1, g2, { type: 'status_category' })).toEqual({ added: [], removed: [], newlyDone: [], reopened: ['AE-1'] });

      // A link that synced g2 already sees nothing reopened at g3 when nothing else changed for it.
      const g3 = await sync(db, 'h1', [issue('1', 'In Progress', 'indeterminate'), issue('2', 'Open', 'indeterminate'), issue('3', 'To Do', 'new')]);
      expect(await reopened(db, g2, g3, { type: 'status_category' })).toEqual([]);
      expect(await reopened(db, g2, g3, { type: 'statuses', names: ['closed'] })).toEqual([]);
      // A link still at g1 (it missed g2) learns at g3 that AE-1 was reopened.
      expect(await reopened(db, g1, g3, { type: 'status_category' })).toEqual(['AE-1']);
      // A link that synced the query before anything was done sees no reopening, and one that never synced sees only additions.
      expect(await reopened(db, 0, g3, { type: 'status_category' })).toEqual([]);

      // Done again: no longer reopened; then reopened once more is told again.
      const g4 = await sync(db, 'h1', [issue('1', 'Done', 'done', 'Fixed'), issue('2', 'Closed', 'indeterminate'), issue('3', 'To Do', 'new')]);
      expect(await listLinkDiff(db, 'h1', g3, g4, { type: 'resolution' })).toMatchObject({ newlyDone: ['AE-1'], reopened: [] });
      const g5 = await sync(db, 'h1', [issue('1', 'Done', 'done'), issue('2', 'Closed', 'indeterminate'), issue('3', 'To Do', 'new')]);
      // Only its resolution was cleared: reopened for the resolution rule, still done by its category.
      expect(await reopened(db, g4, g5, { type: 'resolution' })).toEqual(['AE-1']);
      expect(await reopened(db, g4, g5, { type: 'status_category' })).toEqual([]);

      // A link whose query changed compares the old query's members with the new one's.
      const other = await sync(db, 'h2', [issue('1', 'To Do', 'new'), issue('2', 'Closed', 'indeterminate')]);
      expect(await listCrossQueryDiff(db, { hash: 'h1', generation: g5 }, { hash: 'h2', generation: other }, { type: 'status_category' })).toEqual({
        added: [],
        removed: ['AE-3'],
        newlyDone: [],
        reopened: ['AE-1'],
      });
    });
  });
}
