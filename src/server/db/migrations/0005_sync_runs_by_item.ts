/**
 * Sync runs belong to the objective or key result as well as to the link, so that unlinking keeps
 * the item's Jira period in its activity and history: `objective_id` / `key_result_id` are added
 * (filled from each run's link) and cascade with the item, while `link_id` becomes nullable and is
 * set to null when the link goes. SQLite cannot change a foreign key in place, so there the table
 * is rebuilt; PostgreSQL alters it.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

const TRIGGERS = `'created', 'edited', 'manual', 'schedule', 'webhook'`;
const COPIED = ['id', 'link_id', 'trigger', 'started_at', 'finished_at', 'outcome', 'error_code', 'error_message', 'jira_requests', 'total', 'done',
  'progress_before', 'progress_after', 'added_keys', 'removed_keys', 'newly_done_keys', 'note'];
const COPIED_COLUMNS = sql.join(COPIED.map((column) => sql.ref(column)));
const COPIED_FROM_RUN = sql.join(COPIED.map((column) => sql.ref(`r.${column}`)));

function isSqlite(db: AnyDatabase): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** The sync_runs table as of migration 0004 (byItem false) or as this migration leaves it (byItem true). */
async function createSqliteSyncRuns(db: AnyDatabase, name: string, byItem: boolean): Promise<void> {
  const linkColumn = byItem
    ? sql`link_id text references integration_links (id) on delete set null,
    objective_id text references objectives (id) on delete cascade,
    key_result_id text references key_results (id) on delete cascade,`
    : sql`link_id text not null references integration_links (id) on delete cascade,`;
  const itemCheck = byItem ? sql`, constraint sync_runs_one_item_check check ((objective_id is null) <> (key_result_id is null))` : sql``;
  await sql`create table ${sql.table(name)} (
    id text primary key,
    ${linkColumn}
    "trigger" text not null,
    started_at text not null,
    finished_at text not null,
    outcome text not null,
    error_code text,
    error_message text,
    jira_requests integer not null default 0,
    total integer,
    done integer,
    progress_before double precision,
    progress_after double precision,
    added_keys text not null default '[]',
    removed_keys text not null default '[]',
    newly_done_keys text not null default '[]',
    note text not null default '',
    constraint sync_runs_trigger_check check ("trigger" in (${sql.raw(TRIGGERS)})),
    constraint sync_runs_outcome_check check (outcome in ('ok', 'failed'))
    ${itemCheck}
  )`.execute(db);
}

async function createIndexes(db: AnyDatabase, byItem: boolean): Promise<void> {
  await db.schema.createIndex('sync_runs_link_started_idx').on('sync_runs').columns(['link_id', 'started_at']).execute();
  if (!byItem) return;
  await db.schema.createIndex('sync_runs_objective_started_idx').on('sync_runs').columns(['objective_id', 'started_at']).execute();
  await db.schema.createIndex('sync_runs_key_result_started_idx').on('sync_runs').columns(['key_result_id', 'started_at']).execute();
}

async function upSqlite(db: AnyDatabase): Promise<void> {
  // SQLite runs migrations outside a transaction; the rebuild must not stop half way.
  await db.transaction().execute(async (trx) => {
    await createSqliteSyncRuns(trx, 'sync_runs_next', true);
    // Every run has its link today (the old foreign key cascaded), so the join keeps them all.
    await sql`insert into sync_runs_next (${COPIED_COLUMNS}, objective_id, key_result_id)
      select ${COPIED_FROM_RUN}, l.objective_id, l.key_result_id
      from sync_runs r join integration_links l on l.id = r.link_id`.execute(trx);
    await sql`drop table sync_runs`.execute(trx);
    await sql`alter table sync_runs_next rename to sync_runs`.execute(trx);
    await createIndexes(trx, true);
  });
}

/** The name PostgreSQL gave the foreign key from sync_runs.link_id when 0003 created it inline. */
async function linkForeignKeyName(db: AnyDatabase): Promise<string> {
  const result = await sql<{ conname: string }>`select conname from pg_constraint
    where conrelid = 'sync_runs'::regclass and confrelid = 'integration_links'::regclass and contype = 'f'`.execute(db);
  const name = result.rows[0]?.conname;
  if (!name) throw new Error('sync_runs has no foreign key to integration_links; the database does not match migration 0004.');
  return name;
}

async function upPostgres(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('sync_runs').addColumn('objective_id', 'text', (c) => c.references('objectives.id').onDelete('cascade')).execute();
  await db.schema.alterTable('sync_runs').addColumn('key_result_id', 'text', (c) => c.references('key_results.id').onDelete('cascade')).execute();
  await sql`update sync_runs set objective_id = l.objective_id, key_result_id = l.key_result_id
    from integration_links l where l.id = sync_runs.link_id`.execute(db);
  await sql`alter table sync_runs alter column link_id drop not null`.execute(db);
  await sql`alter table sync_runs drop constraint ${sql.id(await linkForeignKeyName(db))}`.execute(db);
  await sql`alter table sync_runs add constraint sync_runs_link_id_fkey
    foreign key (link_id) references integration_links (id) on delete set null`.execute(db);
  await sql`alter table sync_runs add constraint sync_runs_one_item_check
    check ((objective_id is null) <> (key_result_id is null))`.execute(db);
  await db.schema.createIndex('sync_runs_objective_started_idx').on('sync_runs').columns(['objective_id', 'started_at']).execute();
  await db.schema.createIndex('sync_runs_key_result_started_idx').on('sync_runs').columns(['key_result_id', 'started_at']).execute();
}

export async function up(db: AnyDatabase): Promise<void> {
  if (isSqlite(db)) await upSqlite(db);
  else await upPostgres(db);
}

/** Going back forgets the runs of unlinked items: the old table cannot hold a run without a link. */
export async function down(db: AnyDatabase): Promise<void> {
  await sql`delete from sync_runs where link_id is null`.execute(db);
  if (isSqlite(db)) {
    await db.transaction().execute(async (trx) => {
      await createSqliteSyncRuns(trx, 'sync_runs_previous', false);
      await sql`insert into sync_runs_previous (${COPIED_COLUMNS}) select ${COPIED_COLUMNS} from sync_runs`.execute(trx);
      await sql`drop table sync_runs`.execute(trx);
      await sql`alter table sync_runs_previous rename to sync_runs`.execute(trx);
      await createIndexes(trx, false);
    });
    return;
  }
  await db.schema.dropIndex('sync_runs_key_result_started_idx').execute();
  await db.schema.dropIndex('sync_runs_objective_started_idx').execute();
  await sql`alter table sync_runs drop constraint sync_runs_one_item_check`.execute(db);
  await sql`alter table sync_runs drop constraint sync_runs_link_id_fkey`.execute(db);
  await sql`alter table sync_runs add constraint sync_runs_link_id_fkey
    foreign key (link_id) references integration_links (id) on delete cascade`.execute(db);
  await sql`alter table sync_runs alter column link_id set not null`.execute(db);
  await db.schema.alterTable('sync_runs').dropColumn('key_result_id').execute();
  await db.schema.alterTable('sync_runs').dropColumn('objective_id').execute();
}
