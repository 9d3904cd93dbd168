/**
 * Jira insight (issue 12): what a link's history, forecast and "why did progress move" need that
 * the runs did not record yet.
 * - sync_runs: the keys that went from done back to not done (`reopened_keys`, JSON like the other
 *   key lists), and the amounts the metric counts (`scope_amount`, `done_amount`: issues, story
 *   points or the field's sum), so a recorded day of a points link is in points, not issues. Old
 *   runs keep '[]' and nulls: the insight falls back to their issue counts.
 * - integration_links: the forecast of the link's last sync (reason, finish date, whether it is
 *   before the period end, when it was worked out), so OKR lists show a hint and the status option
 *   applies without working the insight out per row.
 * - jira_query_issues: when a member last stopped being done by each rule (its status category
 *   left Done, its resolution was cleared) and the status it had before its last status change, so
 *   a link's run can tell "reopened" the way it tells "newly done", whatever generation it last
 *   synced. Existing members start with nulls (no reopening known before the upgrade).
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('sync_runs').addColumn('reopened_keys', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('sync_runs').addColumn('scope_amount', 'double precision').execute();
  await db.schema.alterTable('sync_runs').addColumn('done_amount', 'double precision').execute();

  await db.schema.alterTable('integration_links').addColumn('forecast_reason', 'text').execute();
  await db.schema.alterTable('integration_links').addColumn('forecast_finish_date', 'text').execute();
  await db.schema.alterTable('integration_links').addColumn('forecast_finishes_before_end', 'integer').execute();
  await db.schema.alterTable('integration_links').addColumn('forecast_at', 'text').execute();

  await db.schema.alterTable('jira_query_issues').addColumn('category_undone_generation', 'integer').execute();
  await db.schema.alterTable('jira_query_issues').addColumn('unresolved_generation', 'integer').execute();
  await db.schema.alterTable('jira_query_issues').addColumn('previous_status', 'text').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('jira_query_issues').dropColumn('previous_status').execute();
  await db.schema.alterTable('jira_query_issues').dropColumn('unresolved_generation').execute();
  await db.schema.alterTable('jira_query_issues').dropColumn('category_undone_generation').execute();
  await db.schema.alterTable('integration_links').dropColumn('forecast_at').execute();
  await db.schema.alterTable('integration_links').dropColumn('forecast_finishes_before_end').execute();
  await db.schema.alterTable('integration_links').dropColumn('forecast_finish_date').execute();
  await db.schema.alterTable('integration_links').dropColumn('forecast_reason').execute();
  await db.schema.alterTable('sync_runs').dropColumn('done_amount').execute();
  await db.schema.alterTable('sync_runs').dropColumn('scope_amount').execute();
  await db.schema.alterTable('sync_runs').dropColumn('reopened_keys').execute();
}
