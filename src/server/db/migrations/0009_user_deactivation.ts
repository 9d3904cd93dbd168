/**
 * Admins can cut a user off without deleting them: a deactivated user keeps their OKRs, check-ins
 * and history (everything refers to them by id), but their sessions and API tokens are refused and
 * they cannot sign in. Null means active.
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute();
}
