/**
 * Issue 14, what an import keeps that Pacer had no place for:
 * - comments: a remark on an objective or a key result (exactly one, like check_ins), with its
 *   author (null when the export names nobody Pacer knows; a deleted user leaves it authorless)
 *   and its time. Shown on the item's activity; deleting the item deletes them (explicitly by the
 *   repositories, ON DELETE CASCADE as the safety net).
 * - objectives.closed_at and key_results.closed_at: when the item was closed (Viva's status
 *   Closed), null while open; objectives.score and key_results.score: Viva's score as it was
 *   given (usually 0..1), null when none.
 */
import { sql, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('objective_id', 'text', (c) => c.references('objectives.id').onDelete('cascade'))
    .addColumn('key_result_id', 'text', (c) => c.references('key_results.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('comments_one_target_check', sql`(key_result_id is null) <> (objective_id is null)`)
    .execute();
  await db.schema.createIndex('comments_objective_created_idx').on('comments').columns(['objective_id', 'created_at']).execute();
  await db.schema.createIndex('comments_key_result_created_idx').on('comments').columns(['key_result_id', 'created_at']).execute();
  await db.schema.createIndex('comments_author_id_idx').on('comments').column('author_id').execute();

  for (const table of ['objectives', 'key_results'] as const) {
    await db.schema.alterTable(table).addColumn('closed_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('score', 'double precision').execute();
  }
}

export async function down(db: AnyDatabase): Promise<void> {
  for (const table of ['objectives', 'key_results'] as const) {
    await db.schema.alterTable(table).dropColumn('score').execute();
    await db.schema.alterTable(table).dropColumn('closed_at').execute();
  }
  await db.schema.dropTable('comments').execute();
}
