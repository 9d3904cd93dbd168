import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../test/support/app-harness';
import { checkAppliedMigrations, MIGRATION_TABLE, MigrationMismatchError, migrateToLatest } from './migrate';
import { MIGRATIONS } from './migrations/index';

test('applied migrations must be a prefix of the known ones', () => {
  expect(() => checkAppliedMigrations([], ['0001_a', '0002_b'])).not.toThrow();
  expect(() => checkAppliedMigrations(['0001_a'], ['0001_a', '0002_b'])).not.toThrow();
  expect(() => checkAppliedMigrations(['0001_a', '0003_c'], ['0001_a', '0002_b'])).toThrow(/newer Pacer.*0003_c/);
  expect(() => checkAppliedMigrations(['0002_b'], ['0001_a', '0002_b'])).toThrow(/out of order/);
});

test('the migration index is in name order', () => {
  const names = MIGRATIONS.map(([name]) => name);
  expect(names).toEqual([...names].sort());
});

describeEachDatabase('migrations at start', (ctx) => {
  test('running them again changes nothing', async () => {
    expect(await migrateToLatest(ctx().db)).toEqual([]);
  });

  test('the schema enforces unique emails regardless of case and cascades deletes', async () => {
    const { db } = ctx();
    const now = new Date().toISOString();
    const user = { name: 'A', role: 'member' as const, password_hash: 'x', created_at: now, updated_at: now };
    await db.insertInto('users').values({ ...user, id: 'u1', email: 'Case@Example.com' }).execute();
    await expect(db.insertInto('users').values({ ...user, id: 'u2', email: 'case@example.com' }).execute()).rejects.toThrow();

    await db.insertInto('cycles').values({ id: 'c1', name: 'Q1', start_date: '2027-01-01', end_date: '2027-03-31', created_at: now, updated_at: now }).execute();
    await db
      .insertInto('objectives')
      .values({ id: 'o1', cycle_id: 'c1', title: 'O', description: '', owner_id: 'u1', parent_id: null, start_date: null, end_date: null, progress_mode: 'key_results', manual_progress: null, created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('key_results')
      .values({ id: 'k1', objective_id: 'o1', title: 'K', owner_id: null, start_value: 0, target_value: 10, current_value: 2.5, unit: '', weight: 1, created_at: now, updated_at: now })
      .execute();
    await db.insertInto('check_ins').values({ id: 'ch1', key_result_id: 'k1', objective_id: null, value: 2.5, note: '', author_id: 'u1', created_at: now }).execute();

    const kr = await db.selectFrom('key_results').select(['current_value']).where('id', '=', 'k1').executeTakeFirstOrThrow();
    expect(kr.current_value).toBe(2.5);
    // A cycle with objectives cannot be deleted; deleting the objective takes its key results and check-ins along.
    await expect(db.deleteFrom('cycles').where('id', '=', 'c1').execute()).rejects.toThrow();
    await db.deleteFrom('objectives').where('id', '=', 'o1').execute();
    expect(await db.selectFrom('key_results').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('check_ins').selectAll().execute()).toEqual([]);
  });

  test('a database migrated by a newer Pacer is refused with a clear message', async () => {
    const { db } = ctx();
    await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values ('9999_from_the_future', ${new Date().toISOString()})`.execute(db);
    const attempt = migrateToLatest(db);
    await expect(attempt).rejects.toBeInstanceOf(MigrationMismatchError);
    await expect(migrateToLatest(db)).rejects.toThrow(/migrated by a newer Pacer.*9999_from_the_future.*restore a backup/);
  });
});
