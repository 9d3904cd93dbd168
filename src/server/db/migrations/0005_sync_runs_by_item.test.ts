/**
 * Migration 0005 on a database that already holds runs (migrated to 0004 first): each run is
 * given its link's objective or key result, survives its link, and goes with its item.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { migrateToLatest } from '../migrate';
import type { Database } from '../schema';
import { MIGRATIONS } from './index';

const NOW = '2027-01-15T10:00:00.000Z';
const BEFORE_0005 = MIGRATIONS.findIndex(([name]) => name === '0005_sync_runs_by_item');

const runFields = {
  trigger: 'created' as const, started_at: NOW, finished_at: NOW, outcome: 'ok' as const, error_code: null, error_message: null, jira_requests: 1, total: 10,
  done: 3, progress_before: null, progress_after: 0.3, added_keys: '["AE-1"]', removed_keys: '[]', newly_done_keys: '[]', note: 'Linked',
};

async function seedBefore0005(db: Kysely<Database>): Promise<void> {
  const stamps = { created_at: NOW, updated_at: NOW };
  await db.insertInto('users').values({ id: 'u1', email: 'a@example.com', name: 'A', role: 'admin', password_hash: 'x', ...stamps }).execute();
  await db.insertInto('cycles').values({ id: 'c1', name: 'Q1', start_date: '2027-01-01', end_date: '2027-03-31', ...stamps }).execute();
  const objective = { cycle_id: 'c1', description: '', owner_id: 'u1', parent_id: null, start_date: null, end_date: null, progress_mode: 'key_results' as const, manual_progress: null, ...stamps };
  await db.insertInto('objectives').values([{ id: 'o1', title: 'Linked objective', ...objective }, { id: 'o2', title: 'Holds a linked key result', ...objective }]).execute();
  await db
    .insertInto('key_results')
    .values({ id: 'k1', objective_id: 'o2', title: 'K', owner_id: null, start_value: 0, target_value: 10, current_value: 3, unit: '', weight: 1, ...stamps })
    .execute();
  const link = {
    type: 'jira' as const, connection_id: null, jql: 'project = AE', metric: 'percent_done' as const, options: '{}', query_hash: 'h', total: 10, done: 3,
    progress: 0.3, measured: 3, last_synced_at: NOW, last_attempt_at: NOW, last_error_code: null, last_error_message: null, next_due_at: NOW,
    sync_state: 'idle' as const, lease_owner: null, lease_expires_at: null, ...stamps,
  };
  await db.insertInto('integration_links').values([{ id: 'l1', objective_id: 'o1', key_result_id: null, ...link }, { id: 'l2', objective_id: null, key_result_id: 'k1', ...link }]).execute();
  // Before 0005 a run had only its link.
  await db.insertInto('sync_runs').values([{ id: 'r1', link_id: 'l1', ...runFields }, { id: 'r2', link_id: 'l2', ...runFields }]).execute();
}

const runsOf = (db: Kysely<Database>) => db.selectFrom('sync_runs').select(['id', 'link_id', 'objective_id', 'key_result_id', 'added_keys']).orderBy('id').execute();

for (const dialect of DIALECTS) {
  describe(`migration 0005: sync runs belong to their item [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('existing runs get their item from their link, outlive the link and go with the item', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      expect(BEFORE_0005).toBeGreaterThan(0);
      await migrateToLatest(db, MIGRATIONS.slice(0, BEFORE_0005));
      await seedBefore0005(db);
      expect(await migrateToLatest(db)).toContain('0005_sync_runs_by_item');

      expect(await runsOf(db)).toEqual([
        { id: 'r1', link_id: 'l1', objective_id: 'o1', key_result_id: null, added_keys: '["AE-1"]' },
        { id: 'r2', link_id: 'l2', objective_id: null, key_result_id: 'k1', added_keys: '["AE-1"]' },
      ]);

      // Unlinking (deleting the link) keeps the runs, without their link.
      await db.deleteFrom('integration_links').execute();
      expect((await runsOf(db)).map((run) => [run.id, run.link_id])).toEqual([['r1', null], ['r2', null]]);

      // A run must belong to exactly one item.
      const orphan = { ...runFields, id: 'r3', link_id: null, objective_id: null, key_result_id: null };
      await expect(db.insertInto('sync_runs').values(orphan).execute()).rejects.toThrow(/sync_runs_one_item_check|CHECK constraint/);

      // Deleting the item removes its runs: the key result's, then the objective's.
      await db.deleteFrom('key_results').where('id', '=', 'k1').execute();
      expect((await runsOf(db)).map((run) => run.id)).toEqual(['r1']);
      await db.deleteFrom('objectives').where('id', '=', 'o1').execute();
      expect(await runsOf(db)).toEqual([]);
    });
  });
}
