/**
 * Named connections to Jira sites (Admin > Integrations). The password or token is stored only as
 * AES-256-GCM ciphertext (src/server/secrets); the key never touches the database. Health is what
 * the last connection test found, so the admin page can show it without calling Jira.
 */
import { sql, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('jira_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('auth_type', 'text', (c) => c.notNull())
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('deployment_type', 'text', (c) => c.notNull())
    .addColumn('jira_user_name', 'text')
    .addColumn('jira_account_id', 'text')
    .addColumn('health', 'text', (c) => c.notNull().defaultTo('unknown'))
    .addColumn('last_error_code', 'text')
    .addColumn('last_error_message', 'text')
    .addColumn('last_checked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('jira_connections_auth_type_check', sql`auth_type in ('basic', 'bearer')`)
    .addCheckConstraint('jira_connections_deployment_type_check', sql`deployment_type in ('cloud', 'datacenter')`)
    .addCheckConstraint('jira_connections_health_check', sql`health in ('ok', 'failing', 'unknown')`)
    .execute();
  // "Jira" and "jira" are the same name to a person choosing a connection from a list.
  await db.schema
    .createIndex('jira_connections_name_lower_unique')
    .on('jira_connections')
    .unique()
    .expression(sql`lower(name)`)
    .execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.dropTable('jira_connections').execute();
}
