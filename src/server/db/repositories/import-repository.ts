/**
 * SQL for the import commit step (issue 14): what an import needs to know of the database before
 * it plans, and the batched writes of a plan. Every batch is a multi-row INSERT chunked so one
 * statement binds at most PARAMETERS_PER_STATEMENT values: far below SQLite's 32,766 and
 * PostgreSQL's 65,535, and few statements for 50,000 check-ins. Callers run these inside their one
 * transaction; foreign keys are checked per statement, so rows go in parents-first.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../database';
import { chunked, unique } from '../in-list-chunks';
import type { CheckInsTable, CommentsTable, CyclesTable, KeyResultsTable, MilestonesTable, ObjectivesTable, TeamsTable } from '../schema';
import { normaliseEmail } from './users-repository';

const PARAMETERS_PER_STATEMENT = 10_000;

/** Rows per INSERT for a table of this many columns. */
function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / columns));
}

/**
 * Stored in password_hash for a user an import created: it is no scrypt hash, so no password ever
 * matches it (verifyPassword refuses any other scheme) until an admin sets one.
 */
export const NO_PASSWORD = '!imported-without-password';

/** The tables an imported kind of row lives in (external_refs.entity_type is the kind). */
export const IMPORT_TABLES = {
  cycle: 'cycles',
  team: 'teams',
  user: 'users',
  objective: 'objectives',
  keyResult: 'key_results',
  checkin: 'check_ins',
  comment: 'comments',
} as const;

export type ImportKind = keyof typeof IMPORT_TABLES;

export interface ImportedRef {
  kind: ImportKind;
  externalId: string;
  localId: string;
}

/** Refs an earlier import of this source saved whose local row still exists (a deleted row is imported again). */
export async function listLiveImportedRefs(db: Db, source: string): Promise<ImportedRef[]> {
  const refs: ImportedRef[] = [];
  for (const [kind, table] of Object.entries(IMPORT_TABLES) as [ImportKind, (typeof IMPORT_TABLES)[ImportKind]][]) {
    // sql.table: Kysely cannot type a join on a table chosen at run time; the names are the constants above.
    const { rows } = await sql<{ external_id: string; local_id: string }>`select r.external_id, r.local_id from external_refs r
      join ${sql.table(table)} t on t.id = r.local_id where r.source = ${source} and r.entity_type = ${kind}`.execute(db);
    for (const row of rows) refs.push({ kind, externalId: row.external_id, localId: row.local_id });
  }
  return refs;
}

export async function listUserEmails(db: Db): Promise<{ id: string; email: string }[]> {
  return db.selectFrom('users').select(['id', 'email']).execute();
}

export async function listCycleDates(db: Db): Promise<{ id: string; name: string; startDate: string; endDate: string }[]> {
  const rows = await db.selectFrom('cycles').select(['id', 'name', 'start_date', 'end_date']).execute();
  return rows.map((row) => ({ id: row.id, name: row.name, startDate: row.start_date, endDate: row.end_date }));
}

export async function listTeamNames(db: Db): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('teams').select(['id', 'name']).execute();
}

/** Which of these ids still exist in the kind's table. */
export async function existingIdsOf(db: Db, kind: ImportKind, ids: readonly string[]): Promise<Set<string>> {
  const table = IMPORT_TABLES[kind];
  const found = new Set<string>();
  for (const chunk of chunked(unique(ids))) {
    const rows = await db.selectFrom(table).select('id').where('id', 'in', chunk).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/** User ids by (lower-cased) email, for these emails. */
export async function findUserIdsByEmails(db: Db, emails: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of chunked(unique(emails.map(normaliseEmail)))) {
    const rows = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', chunk).execute();
    for (const row of rows) found.set(normaliseEmail(row.email), row.id);
  }
  return found;
}

export interface ImportedUser {
  id: string;
  email: string;
  name: string;
}

/** New members, deactivated and without a password: an admin invites them later. */
export async function insertDeactivatedUsers(db: Db, users: readonly ImportedUser[], now: string): Promise<void> {
  for (const chunk of chunked(users, rowsPerStatement(9))) {
    await db
      .insertInto('users')
      .values(
        chunk.map((user) => ({
          id: user.id,
          email: normaliseEmail(user.email),
          name: user.name,
          role: 'member' as const,
          password_hash: NO_PASSWORD,
          created_at: now,
          updated_at: now,
          deactivated_at: now,
        })),
      )
      .execute();
  }
}

export async function insertCycles(db: Db, rows: readonly Insertable<CyclesTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(6))) await db.insertInto('cycles').values(chunk).execute();
}

export async function insertTeams(db: Db, rows: readonly Insertable<TeamsTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(5))) await db.insertInto('teams').values(chunk).execute();
}

/** Adds owners (or members) to teams, keeping the ones they already have. */
export async function addTeamUsers(db: Db, table: 'team_owners' | 'team_members', rows: readonly { team_id: string; user_id: string }[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(2))) {
    await db.insertInto(table).values(chunk).onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing()).execute();
  }
}

export async function insertObjectives(db: Db, rows: readonly Insertable<ObjectivesTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(15))) await db.insertInto('objectives').values(chunk).execute();
}

/** The columns an import sets on an objective it matched (ids and created_at stay). */
export type ImportedObjectiveChanges = Omit<Insertable<ObjectivesTable>, 'id' | 'created_at' | 'closed_at'> & { closed_at: string | null };

/** The stored rows of these objectives, so a re-import updates only those the file changed. */
export async function findObjectiveRows(db: Db, ids: readonly string[]): Promise<Map<string, Selectable<ObjectivesTable>>> {
  const found = new Map<string, Selectable<ObjectivesTable>>();
  for (const chunk of chunked(unique(ids))) for (const row of await db.selectFrom('objectives').selectAll().where('id', 'in', chunk).execute()) found.set(row.id, row);
  return found;
}

/** The stored rows of these key results, so a re-import updates only those the file changed. */
export async function findKeyResultRows(db: Db, ids: readonly string[]): Promise<Map<string, Selectable<KeyResultsTable>>> {
  const found = new Map<string, Selectable<KeyResultsTable>>();
  for (const chunk of chunked(unique(ids))) for (const row of await db.selectFrom('key_results').selectAll().where('id', 'in', chunk).execute()) found.set(row.id, row);
  return found;
}

/** Updates a matched objective; a closed one keeps the closing time it already had. */
export async function updateImportedObjective(db: Db, id: string, changes: ImportedObjectiveChanges): Promise<void> {
  const closedAt = changes.closed_at === null ? null : sql<string>`coalesce(closed_at, ${changes.closed_at})`;
  await db.updateTable('objectives').set({ ...changes, closed_at: closedAt }).where('id', '=', id).execute();
}

export async function insertKeyResults(db: Db, rows: readonly Insertable<KeyResultsTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(13))) await db.insertInto('key_results').values(chunk).execute();
}

export type ImportedKeyResultChanges = Omit<Insertable<KeyResultsTable>, 'id' | 'created_at' | 'closed_at'> & { closed_at: string | null };

export async function updateImportedKeyResult(db: Db, id: string, changes: ImportedKeyResultChanges): Promise<void> {
  const closedAt = changes.closed_at === null ? null : sql<string>`coalesce(closed_at, ${changes.closed_at})`;
  await db.updateTable('key_results').set({ ...changes, closed_at: closedAt }).where('id', '=', id).execute();
}

/** Removes the parents, teams and milestones of these objectives (and the milestones of these key results) before they are written again. */
export async function clearImportedRelations(db: Db, objectiveIds: readonly string[], keyResultIds: readonly string[]): Promise<void> {
  for (const chunk of chunked(unique(objectiveIds))) {
    await db.deleteFrom('objective_parents').where('objective_id', 'in', chunk).execute();
    await db.deleteFrom('objective_teams').where('objective_id', 'in', chunk).execute();
    await db.deleteFrom('milestones').where('objective_id', 'in', chunk).execute();
  }
  for (const chunk of chunked(unique(keyResultIds))) await db.deleteFrom('milestones').where('key_result_id', 'in', chunk).execute();
}

export async function insertObjectiveParents(
  db: Db,
  rows: readonly { objective_id: string; parent_objective_id: string; weight: number | null; position: number }[],
): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(4))) await db.insertInto('objective_parents').values(chunk).execute();
}

export async function insertObjectiveTeams(db: Db, rows: readonly { objective_id: string; team_id: string }[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(2))) await db.insertInto('objective_teams').values(chunk).execute();
}

export async function insertMilestones(db: Db, rows: readonly Insertable<MilestonesTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(5))) await db.insertInto('milestones').values(chunk).execute();
}

export async function insertCheckIns(db: Db, rows: readonly Insertable<CheckInsTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(7))) await db.insertInto('check_ins').values(chunk).execute();
}

export async function insertComments(db: Db, rows: readonly Insertable<CommentsTable>[]): Promise<void> {
  for (const chunk of chunked(rows, rowsPerStatement(6))) await db.insertInto('comments').values(chunk).execute();
}

/**
 * Records (or re-points) where each external item lives locally, in batches. An external id listed
 * twice (an export naming one person id with two emails) keeps its first local id: PostgreSQL
 * refuses one upsert touching a row twice.
 */
export async function saveExternalRefs(db: Db, source: string, refs: readonly ImportedRef[], now: string): Promise<void> {
  const firstOfEach = new Map<string, ImportedRef>();
  for (const ref of refs) {
    const key = `${ref.kind}\u0000${ref.externalId}`;
    if (!firstOfEach.has(key)) firstOfEach.set(key, ref);
  }
  for (const chunk of chunked([...firstOfEach.values()], rowsPerStatement(6))) {
    await db
      .insertInto('external_refs')
      .values(chunk.map((ref) => ({ source, entity_type: ref.kind, external_id: ref.externalId, local_id: ref.localId, created_at: now, updated_at: now })))
      .onConflict((oc) =>
        oc.columns(['source', 'entity_type', 'external_id']).doUpdateSet((eb) => ({ local_id: eb.ref('excluded.local_id'), updated_at: eb.ref('excluded.updated_at') })),
      )
      .execute();
  }
}
