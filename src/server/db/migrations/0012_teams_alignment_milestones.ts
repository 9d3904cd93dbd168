/**
 * Issue 14: teams, alignment under several weighted parents, phased targets, and the external ids
 * an import remembers.
 * - teams (a parent team, or none) with team_owners and team_members; objective_teams says which
 *   teams an objective belongs to (zero or more).
 * - objective_parents: one row per (objective, parent) with a weight in percent (0..100, null when
 *   not set) and the parent's position (0 first). objectives.parent_id stays and is kept equal to
 *   the parent at position 0 by the one repository that writes parents, so `parentId` in the API
 *   and code that reads the column keep working. Existing parent ids are copied in as position 0
 *   without a weight.
 * - milestones: dated values of a key result (in its unit) or of a manual objective (a fraction
 *   0..1); exactly one owner per row.
 * - external_refs: (source, entity type, external id) → local id, so importing the same file again
 *   updates instead of duplicating. No foreign key (the local id may be in any table); deleting an
 *   objective, key result or team deletes the refs to it.
 * Links are removed explicitly by the repositories (not only by ON DELETE CASCADE) so both engines
 * behave the same; the cascades are a safety net.
 */
import { sql, type Kysely } from 'kysely';

// Migrations must not depend on the current schema types, which will keep changing.
type AnyDatabase = Kysely<unknown>;

export async function up(db: AnyDatabase): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('teams_parent_team_id_idx').on('teams').column('parent_team_id').execute();

  for (const table of ['team_owners', 'team_members'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint(`${table}_pk`, ['team_id', 'user_id'])
      .execute();
    await db.schema.createIndex(`${table}_user_id_idx`).on(table).column('user_id').execute();
  }

  await db.schema
    .createTable('objective_teams')
    .addColumn('objective_id', 'text', (c) => c.notNull().references('objectives.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('objective_teams_pk', ['objective_id', 'team_id'])
    .execute();
  await db.schema.createIndex('objective_teams_team_id_idx').on('objective_teams').column('team_id').execute();

  await db.schema
    .createTable('objective_parents')
    .addColumn('objective_id', 'text', (c) => c.notNull().references('objectives.id').onDelete('cascade'))
    .addColumn('parent_objective_id', 'text', (c) => c.notNull().references('objectives.id').onDelete('cascade'))
    .addColumn('weight', 'double precision')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('objective_parents_pk', ['objective_id', 'parent_objective_id'])
    .addCheckConstraint('objective_parents_weight_check', sql`weight is null or (weight >= 0 and weight <= 100)`)
    .addCheckConstraint('objective_parents_not_self_check', sql`objective_id <> parent_objective_id`)
    .execute();
  await db.schema.createIndex('objective_parents_parent_idx').on('objective_parents').column('parent_objective_id').execute();
  await sql`insert into objective_parents (objective_id, parent_objective_id, weight, position)
    select id, parent_id, null, 0 from objectives where parent_id is not null and parent_id <> id`.execute(db);

  await db.schema
    .createTable('milestones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_result_id', 'text', (c) => c.references('key_results.id').onDelete('cascade'))
    .addColumn('objective_id', 'text', (c) => c.references('objectives.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addCheckConstraint('milestones_one_owner_check', sql`(key_result_id is null) <> (objective_id is null)`)
    .execute();
  await db.schema.createIndex('milestones_key_result_date_unique').on('milestones').columns(['key_result_id', 'date']).unique().execute();
  await db.schema.createIndex('milestones_objective_date_unique').on('milestones').columns(['objective_id', 'date']).unique().execute();

  await db.schema
    .createTable('external_refs')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('external_refs_pk', ['source', 'entity_type', 'external_id'])
    .execute();
  // Local ids are UUIDs, unique across tables: deleting a row forgets its refs by local id alone.
  await db.schema.createIndex('external_refs_local_id_idx').on('external_refs').column('local_id').execute();
}

export async function down(db: AnyDatabase): Promise<void> {
  for (const table of ['external_refs', 'milestones', 'objective_parents', 'objective_teams', 'team_members', 'team_owners', 'teams']) {
    await db.schema.dropTable(table).execute();
  }
}
