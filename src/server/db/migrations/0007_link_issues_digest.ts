/**
 * A fingerprint of each link's stored matching issues, so a sync whose issues did not change can
 * tell so without reading the link's rows back (a 2,000-issue link is 2,000 rows to read on every
 * scheduled round). Null until the link's next sync: that sync compares row by row and sets it.
 */
import type { Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('integration_links').addColumn('issues_digest', 'text').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  await db.schema.alterTable('integration_links').dropColumn('issues_digest').execute();
}
