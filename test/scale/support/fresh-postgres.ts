/**
 * A new, migrated database on the throwaway PostgreSQL server of the test run, dropped afterwards,
 * for tests that need their own database (several processes, the shared Jira limits).
 */
import pg from 'pg';
import { createDatabase, type PacerDatabase } from '../../../src/server/db/database';
import { migrateToLatest } from '../../../src/server/db/migrate';

export interface FreshPostgres {
  url: string;
  database: PacerDatabase;
  drop: () => Promise<void>;
}

/** `migrate: false` leaves the database empty, for processes that migrate it themselves at start. */
export async function createFreshPostgres(serverUrl: string, prefix = 'pacer_scale', options: { migrate?: boolean } = {}): Promise<FreshPostgres> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = createDatabase({ database: { kind: 'postgres', connectionString: url.toString() } });
  if (options.migrate ?? true) await migrateToLatest(database.db);
  return {
    url: url.toString(),
    database,
    drop: async () => {
      await database.destroy();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
