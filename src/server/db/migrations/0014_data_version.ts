/**
 * Issue 11: a data version the OKR list can trust. `data_version` holds one row whose `version`
 * changes in the same transaction as any write to a table the cycle list is built from, so a
 * cached answer is reused only while the version it was built at is still the current one.
 * Triggers (not application code) bump it because other processes write too: pg-boss workers on
 * PostgreSQL, the CLI on either database, and raw SQL in the sync engine.
 *
 * - SQLite: a row trigger per table and operation. Writers are serialised anyway, so the extra
 *   one-row update adds no waiting.
 * - PostgreSQL: a constraint trigger DEFERRABLE INITIALLY DEFERRED, so the row is updated at
 *   commit, once per transaction (a transaction-local setting remembers it): the row lock is held
 *   only for the instant between that update and the commit, not for the whole writing
 *   transaction, and a bulk import does not update it 50,000 times. Because the bump is an
 *   ordinary UPDATE, a reader sees the new version only once the data it stands for is committed.
 *
 * Tables left out on purpose: the Jira mirror (jira_issues, jira_query_issues, jira_queries),
 * sync runs, sessions, tokens, webhooks, external refs and comments — none of them is read by the
 * list, and the mirror and sessions are written far more often than OKRs change.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

/** Every table the cycle list (objectives-service listObjectiveViews) reads. */
export const VERSIONED_TABLES = [
  'users',
  'settings',
  'cycles',
  'objectives',
  'key_results',
  'check_ins',
  'integration_links',
  'jira_connections',
  'milestones',
  'objective_parents',
  'objective_teams',
  'teams',
  'team_owners',
  'team_members',
] as const;

const OPERATIONS = ['insert', 'update', 'delete'] as const;

function isSqlite(db: AnyDatabase): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into data_version (id, version) values (1, 1)`.execute(db);

  if (isSqlite(db)) {
    for (const table of VERSIONED_TABLES) {
      for (const operation of OPERATIONS) {
        await sql
          .raw(
            `create trigger ${table}_${operation}_data_version after ${operation} on ${table} ` +
              'begin update data_version set version = version + 1 where id = 1; end',
          )
          .execute(db);
      }
    }
    return;
  }

  await sql`
    create function pacer_bump_data_version() returns trigger language plpgsql as $$
    begin
      -- Once per transaction: the deferred trigger fires for every changed row at commit.
      if coalesce(current_setting('pacer.data_version_bumped', true), '') <> txid_current()::text then
        update data_version set version = version + 1 where id = 1;
        perform set_config('pacer.data_version_bumped', txid_current()::text, true);
      end if;
      return null;
    end
    $$`.execute(db);
  for (const table of VERSIONED_TABLES) {
    await sql
      .raw(
        `create constraint trigger ${table}_data_version after insert or update or delete on ${table} ` +
          'deferrable initially deferred for each row execute function pacer_bump_data_version()',
      )
      .execute(db);
  }
}

export async function down(db: AnyDatabase): Promise<void> {
  if (isSqlite(db)) {
    for (const table of VERSIONED_TABLES) {
      for (const operation of OPERATIONS) await sql.raw(`drop trigger if exists ${table}_${operation}_data_version`).execute(db);
    }
  } else {
    for (const table of VERSIONED_TABLES) await sql.raw(`drop trigger if exists ${table}_data_version on ${table}`).execute(db);
    await sql`drop function if exists pacer_bump_data_version()`.execute(db);
  }
  await db.schema.dropTable('data_version').execute();
}
