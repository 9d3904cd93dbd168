/**
 * Limits on Jira requests that hold across every Pacer process (PostgreSQL with several workers):
 * a fixed set of request slots per connection, each leased by one request in flight, and the time
 * until which a quota limit (HTTP 429 with a quota reason) pauses every request to the connection.
 * Slots are created on first use; a slot whose holder process is gone or whose lease ran out is free.
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('jira_request_slots')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('jira_connections.id').onDelete('cascade'))
    .addColumn('slot', 'integer', (c) => c.notNull())
    // A token per request in flight; null when the slot is free.
    .addColumn('holder', 'text')
    // The holder process's advisory-lock key: when that lock is gone, so is the process.
    .addColumn('holder_process', 'integer')
    // Epoch milliseconds; a holder that hangs past this loses the slot.
    .addColumn('expires_at', 'bigint')
    .addPrimaryKeyConstraint('jira_request_slots_pk', ['connection_id', 'slot'])
    .execute();
  // ISO time until which a quota limit pauses every request to this Jira; null or past: not paused.
  await db.schema.alterTable('jira_connections').addColumn('quota_paused_until', 'text').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('jira_connections').dropColumn('quota_paused_until').execute();
  await db.schema.dropTable('jira_request_slots').execute();
}
