/** SQL for objectives. Returns camelCase records so nothing above this layer sees column names. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, ObjectivesTable } from '../schema';
import { chunked, unique } from '../in-list-chunks';
import { detachFromAlignment } from './alignment-repository';
import { deleteRefsTo } from './external-refs-repository';

export type ProgressMode = ObjectivesTable['progress_mode'];

export interface ObjectiveRecord {
  id: string;
  cycleId: string;
  title: string;
  description: string;
  ownerId: string | null;
  parentId: string | null;
  startDate: string | null;
  endDate: string | null;
  progressMode: ProgressMode;
  manualProgress: number | null;
  /** When it was closed (kept from an import's "Closed" status); null while open. */
  closedAt: string | null;
  /** A score given at closing (kept from an import); null when none. */
  score: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewObjective {
  cycleId: string;
  title: string;
  description: string;
  ownerId: string | null;
  parentId: string | null;
  startDate: string | null;
  endDate: string | null;
  progressMode: ProgressMode;
}

export type ObjectiveChanges = Partial<NewObjective>;

function toRecord(row: Selectable<ObjectivesTable>): ObjectiveRecord {
  return {
    id: row.id,
    cycleId: row.cycle_id,
    title: row.title,
    description: row.description,
    ownerId: row.owner_id,
    parentId: row.parent_id,
    startDate: row.start_date,
    endDate: row.end_date,
    progressMode: row.progress_mode,
    manualProgress: row.manual_progress === null ? null : Number(row.manual_progress),
    closedAt: row.closed_at,
    score: row.score === null ? null : Number(row.score),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findObjective(db: Kysely<Database>, id: string): Promise<ObjectiveRecord | null> {
  const row = await db.selectFrom('objectives').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** These objectives (any cycle), keyed by id; unknown ids are absent. */
export async function findObjectivesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, ObjectiveRecord>> {
  const found = new Map<string, ObjectiveRecord>();
  for (const chunk of chunked(unique(ids))) {
    const rows = await db.selectFrom('objectives').selectAll().where('id', 'in', chunk).execute();
    for (const row of rows) found.set(row.id, toRecord(row));
  }
  return found;
}

/** All objectives of a cycle in one query, oldest first (the order people created them in). */
export async function listObjectivesInCycle(db: Kysely<Database>, cycleId: string): Promise<ObjectiveRecord[]> {
  const rows = await db
    .selectFrom('objectives')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toRecord);
}

/**
 * The parent ids of these objectives, keyed by objective id (null for a root). Used to walk up
 * the alignment tree without loading whole rows.
 */
export async function findParentIds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string | null>> {
  const parents = new Map<string, string | null>();
  for (const chunk of chunked(unique(ids))) {
    const rows = await db.selectFrom('objectives').select(['id', 'parent_id']).where('id', 'in', chunk).execute();
    for (const row of rows) parents.set(row.id, row.parent_id);
  }
  return parents;
}

export async function insertObjective(
  db: Kysely<Database>,
  objective: NewObjective,
  now: string,
): Promise<ObjectiveRecord> {
  const row: Selectable<ObjectivesTable> = {
    id: crypto.randomUUID(),
    cycle_id: objective.cycleId,
    title: objective.title,
    description: objective.description,
    owner_id: objective.ownerId,
    parent_id: objective.parentId,
    start_date: objective.startDate,
    end_date: objective.endDate,
    progress_mode: objective.progressMode,
    manual_progress: null,
    created_at: now,
    updated_at: now,
    closed_at: null,
    score: null,
  };
  await db.insertInto('objectives').values(row).execute();
  return toRecord(row);
}

export async function updateObjective(
  db: Kysely<Database>,
  id: string,
  changes: ObjectiveChanges,
  now: string,
): Promise<void> {
  await db
    .updateTable('objectives')
    .set({
      ...(changes.cycleId !== undefined ? { cycle_id: changes.cycleId } : {}),
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.ownerId !== undefined ? { owner_id: changes.ownerId } : {}),
      ...(changes.parentId !== undefined ? { parent_id: changes.parentId } : {}),
      ...(changes.startDate !== undefined ? { start_date: changes.startDate } : {}),
      ...(changes.endDate !== undefined ? { end_date: changes.endDate } : {}),
      ...(changes.progressMode !== undefined ? { progress_mode: changes.progressMode } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Deletes an objective with its key results, every check-in, comment and milestone on either, its team
 * memberships and the import refs to them, in one transaction. Objectives aligned under it lose it
 * as a parent (their next parent, if any, becomes the first; without one they become top-level)
 * rather than disappearing with it. Done explicitly (not by relying on ON DELETE CASCADE) so the
 * outcome is the same on both engines.
 */
export async function deleteObjectiveCascade(db: Kysely<Database>, id: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const keyResultIds = trx.selectFrom('key_results').select('id').where('objective_id', '=', id);
    const ownKeyResults = await keyResultIds.execute();
    await deleteRefsTo(trx, [id, ...ownKeyResults.map((kr) => kr.id)]);
    await trx.deleteFrom('check_ins').where('key_result_id', 'in', keyResultIds).execute();
    await trx.deleteFrom('check_ins').where('objective_id', '=', id).execute();
    await trx.deleteFrom('comments').where('key_result_id', 'in', keyResultIds).execute();
    await trx.deleteFrom('comments').where('objective_id', '=', id).execute();
    await trx.deleteFrom('milestones').where('key_result_id', 'in', keyResultIds).execute();
    await trx.deleteFrom('milestones').where('objective_id', '=', id).execute();
    await trx.deleteFrom('key_results').where('objective_id', '=', id).execute();
    await trx.deleteFrom('objective_teams').where('objective_id', '=', id).execute();
    await detachFromAlignment(trx, id, now);
    // Rows the alignment table does not know (written before it existed by other means) still let go.
    await trx.updateTable('objectives').set({ parent_id: null, updated_at: now }).where('parent_id', '=', id).execute();
    await trx.deleteFrom('objectives').where('id', '=', id).execute();
  });
}
