/**
 * Jira webhooks: each connection gets a secret for its webhook URL (stored encrypted, because the
 * admin page shows the URL again), when the webhook was registered through Jira's API and when a
 * delivery last arrived ("live"). Delivery identifiers are remembered for a while so that Jira's
 * duplicate and retried deliveries are ignored by every process. Sync runs gain the trigger
 * "webhook", and matching issues are found by key (which links hold the changed issue).
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

const TRIGGERS_BEFORE = `'created', 'edited', 'manual', 'schedule'`;
const TRIGGERS_AFTER = `'created', 'edited', 'manual', 'schedule', 'webhook'`;

function isSqlite(db: AnyDatabase): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** SQLite cannot change a check constraint in place, so sync_runs is copied into a new table. */
async function rebuildSqliteSyncRuns(db: AnyDatabase, triggers: string): Promise<void> {
  await sql`create table sync_runs_next (
    id text primary key,
    link_id text not null references integration_links (id) on delete cascade,
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
    constraint sync_runs_trigger_check check ("trigger" in (${sql.raw(triggers)})),
    constraint sync_runs_outcome_check check (outcome in ('ok', 'failed'))
  )`.execute(db);
  await sql`insert into sync_runs_next select id, link_id, "trigger", started_at, finished_at, outcome, error_code, error_message,
    jira_requests, total, done, progress_before, progress_after, added_keys, removed_keys, newly_done_keys, note from sync_runs`.execute(db);
  await sql`drop table sync_runs`.execute(db);
  await sql`alter table sync_runs_next rename to sync_runs`.execute(db);
  await db.schema.createIndex('sync_runs_link_started_idx').on('sync_runs').columns(['link_id', 'started_at']).execute();
}

async function setTriggers(db: AnyDatabase, triggers: string): Promise<void> {
  if (isSqlite(db)) {
    await rebuildSqliteSyncRuns(db, triggers);
    return;
  }
  await sql`alter table sync_runs drop constraint sync_runs_trigger_check`.execute(db);
  await sql`alter table sync_runs add constraint sync_runs_trigger_check check ("trigger" in (${sql.raw(triggers)}))`.execute(db);
}

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('jira_connections').addColumn('webhook_secret_ciphertext', 'text').execute();
  await db.schema.alterTable('jira_connections').addColumn('webhook_registered_at', 'text').execute();
  await db.schema.alterTable('jira_connections').addColumn('webhook_last_delivery_at', 'text').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('jira_connections.id').onDelete('cascade'))
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['connection_id', 'delivery_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_received_idx').on('webhook_deliveries').column('received_at').execute();

  // "Which links hold this issue?" is asked on every webhook delivery.
  await db.schema.createIndex('integration_link_issues_key_idx').on('integration_link_issues').column('issue_key').execute();

  await setTriggers(db, TRIGGERS_AFTER);
}

export async function down(db: AnyDatabase): Promise<void> {
  await sql`delete from sync_runs where "trigger" = 'webhook'`.execute(db);
  await setTriggers(db, TRIGGERS_BEFORE);
  await db.schema.dropIndex('integration_link_issues_key_idx').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  for (const column of ['webhook_last_delivery_at', 'webhook_registered_at', 'webhook_secret_ciphertext']) {
    await db.schema.alterTable('jira_connections').dropColumn(column).execute();
  }
}
