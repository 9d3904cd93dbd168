/**
 * Migrations run by one process at a time. Every Pacer process migrates at start (so an upgrade
 * needs no separate step); on PostgreSQL several may start at once, so the whole check-and-migrate
 * runs under a session advisory lock and the others wait, then find nothing left to do. SQLite has
 * one process, and its own file lock.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { DialectName } from './database';
import type { Database } from './schema';
import { migrateToLatest } from './migrate';

/** pg_advisory_lock key for "Pacer is migrating" (any fixed bigint; this one spells PACERMIG). */
export const MIGRATION_LOCK_KEY = BigInt('0x50414345524d4947');

export async function migrateOneAtATime(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  if (dialect !== 'postgres') return migrateToLatest(db);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(connection);
    try {
      return await migrateToLatest(db);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(connection);
    }
  });
}

/**
 * Runs `work` while holding the same lock on its own connection: other set-up steps that must not
 * run side by side in several processes (pg-boss creating its queues) use it too.
 */
export async function withSetupLock<T>(connectionString: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, application_name: 'pacer-setup-lock' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    return await work();
  } finally {
    // Closing the session releases the lock even if unlocking fails.
    await client.end().catch(() => undefined);
  }
}
