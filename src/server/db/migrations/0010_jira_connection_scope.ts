/**
 * Per-connection Jira scope: members see what the connection's Jira account sees, so an admin can
 * limit a connection to part of Jira (a scope JQL ANDed onto every preview, link and sync) and to
 * admins only (link_access). Existing connections keep today's behaviour: no scope, everyone.
 */
import { sql, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('jira_connections').addColumn('scope_jql', 'text').execute();
  await db.schema
    .alterTable('jira_connections')
    .addColumn('link_access', 'text', (c) => c.notNull().defaultTo('everyone').check(sql`link_access in ('everyone', 'admins')`))
    .execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('jira_connections').dropColumn('link_access').execute();
  await db.schema.alterTable('jira_connections').dropColumn('scope_jql').execute();
}
