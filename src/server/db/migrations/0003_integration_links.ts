/**
 * Links from objectives and key results to Jira (a JQL query and a metric), the issues each link
 * matches now, and a record of every sync run. A link belongs to exactly one objective or key
 * result and goes with it; deleting its connection only disconnects it (connection_id becomes
 * null) so its last values stay visible.
 */
import { sql, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('integration_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('objective_id', 'text', (c) => c.references('objectives.id').onDelete('cascade'))
    .addColumn('key_result_id', 'text', (c) => c.references('key_results.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('jira'))
    .addColumn('connection_id', 'text', (c) => c.references('jira_connections.id').onDelete('set null'))
    .addColumn('jql', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('query_hash', 'text', (c) => c.notNull())
    .addColumn('total', 'integer')
    .addColumn('done', 'integer')
    .addColumn('progress', 'double precision')
    .addColumn('measured', 'double precision')
    .addColumn('last_synced_at', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('next_due_at', 'text', (c) => c.notNull())
    .addColumn('sync_state', 'text', (c) => c.notNull().defaultTo('idle'))
    // Who holds the sync and until when: a crashed holder's lease runs out and the link is due again.
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('integration_links_one_target_check', sql`(objective_id is null) <> (key_result_id is null)`)
    .addCheckConstraint('integration_links_type_check', sql`type in ('jira')`)
    .addCheckConstraint(
      'integration_links_metric_check',
      sql`metric in ('percent_done', 'done_count', 'points_done', 'field_sum')`,
    )
    .addCheckConstraint('integration_links_sync_state_check', sql`sync_state in ('idle', 'syncing')`)
    .execute();
  // One link per objective and per key result; NULLs (the other kind) do not collide on either engine.
  await db.schema.createIndex('integration_links_objective_unique').on('integration_links').column('objective_id').unique().execute();
  await db.schema.createIndex('integration_links_key_result_unique').on('integration_links').column('key_result_id').unique().execute();
  await db.schema.createIndex('integration_links_next_due_idx').on('integration_links').column('next_due_at').execute();
  await db.schema.createIndex('integration_links_connection_idx').on('integration_links').column('connection_id').execute();

  await db.schema
    .createTable('integration_link_issues')
    .addColumn('link_id', 'text', (c) => c.notNull().references('integration_links.id').onDelete('cascade'))
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assignee', 'text')
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('points', 'double precision')
    .addColumn('value', 'double precision')
    .addColumn('resolved_at', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('integration_link_issues_pk', ['link_id', 'issue_key'])
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('integration_links.id').onDelete('cascade'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('jira_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer')
    .addColumn('done', 'integer')
    .addColumn('progress_before', 'double precision')
    .addColumn('progress_after', 'double precision')
    .addColumn('added_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('removed_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('newly_done_keys', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addCheckConstraint('sync_runs_trigger_check', sql`"trigger" in ('created', 'edited', 'manual', 'schedule')`)
    .addCheckConstraint('sync_runs_outcome_check', sql`outcome in ('ok', 'failed')`)
    .execute();
  await db.schema.createIndex('sync_runs_link_started_idx').on('sync_runs').columns(['link_id', 'started_at']).execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  for (const table of ['sync_runs', 'integration_link_issues', 'integration_links']) {
    await db.schema.dropTable(table).execute();
  }
}
