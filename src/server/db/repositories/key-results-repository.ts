/** SQL for key results. Returns camelCase records so nothing above this layer sees column names. */
import type { Kysely, Selectable } from 'kysely';
import { deleteRefsTo } from './external-refs-repository';
import type { Database, KeyResultsTable } from '../schema';
import { chunked, unique } from '../in-list-chunks';

export interface KeyResultRecord {
  id: string;
  objectiveId: string;
  title: string;
  ownerId: string | null;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string;
  weight: number;
  /** When it was closed (kept from an import's "Closed" status); null while open. */
  closedAt: string | null;
  /** A score given at closing (kept from an import); null when none. */
  score: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewKeyResult {
  objectiveId: string;
  title: string;
  ownerId: string | null;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string;
  weight: number;
}

export type KeyResultChanges = Partial<Omit<NewKeyResult, 'objectiveId'>>;

function toRecord(row: Selectable<KeyResultsTable>): KeyResultRecord {
  // Number(): some drivers hand back numeric columns as strings; the API promises numbers.
  return {
    id: row.id,
    objectiveId: row.objective_id,
    title: row.title,
    ownerId: row.owner_id,
    startValue: Number(row.start_value),
    targetValue: Number(row.target_value),
    currentValue: Number(row.current_value),
    unit: row.unit,
    weight: Number(row.weight),
    closedAt: row.closed_at,
    score: row.score === null ? null : Number(row.score),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findKeyResult(db: Kysely<Database>, id: string): Promise<KeyResultRecord | null> {
  const row = await db.selectFrom('key_results').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Key results of many objectives, one query per chunk of objective ids, each objective's in creation order. */
export async function listKeyResultsOfObjectives(
  db: Kysely<Database>,
  objectiveIds: readonly string[],
): Promise<Map<string, KeyResultRecord[]>> {
  const byObjective = new Map<string, KeyResultRecord[]>();
  for (const chunk of chunked(unique(objectiveIds))) {
    const rows = await db
      .selectFrom('key_results')
      .selectAll()
      .where('objective_id', 'in', chunk)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    for (const row of rows) {
      const list = byObjective.get(row.objective_id);
      if (list) list.push(toRecord(row));
      else byObjective.set(row.objective_id, [toRecord(row)]);
    }
  }
  return byObjective;
}

/**
 * Key results of every objective in a cycle in ONE query (the OKR page's list): cheaper than
 * `IN (…)` chunks of objective ids for a big cycle. Each objective's list is in creation order.
 */
export async function listKeyResultsInCycle(db: Kysely<Database>, cycleId: string): Promise<Map<string, KeyResultRecord[]>> {
  const rows = await db
    .selectFrom('key_results')
    .innerJoin('objectives', 'objectives.id', 'key_results.objective_id')
    .selectAll('key_results')
    .where('objectives.cycle_id', '=', cycleId)
    .orderBy('key_results.created_at', 'asc')
    .orderBy('key_results.id', 'asc')
    .execute();
  const byObjective = new Map<string, KeyResultRecord[]>();
  for (const row of rows) {
    const list = byObjective.get(row.objective_id);
    if (list) list.push(toRecord(row));
    else byObjective.set(row.objective_id, [toRecord(row)]);
  }
  return byObjective;
}

export async function insertKeyResult(
  db: Kysely<Database>,
  keyResult: NewKeyResult,
  now: string,
): Promise<KeyResultRecord> {
  const row: Selectable<KeyResultsTable> = {
    id: crypto.randomUUID(),
    objective_id: keyResult.objectiveId,
    title: keyResult.title,
    owner_id: keyResult.ownerId,
    start_value: keyResult.startValue,
    target_value: keyResult.targetValue,
    current_value: keyResult.currentValue,
    unit: keyResult.unit,
    weight: keyResult.weight,
    created_at: now,
    updated_at: now,
    closed_at: null,
    score: null,
  };
  await db.insertInto('key_results').values(row).execute();
  return toRecord(row);
}

export async function updateKeyResult(
  db: Kysely<Database>,
  id: string,
  changes: KeyResultChanges,
  now: string,
): Promise<void> {
  await db
    .updateTable('key_results')
    .set({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.ownerId !== undefined ? { owner_id: changes.ownerId } : {}),
      ...(changes.startValue !== undefined ? { start_value: changes.startValue } : {}),
      ...(changes.targetValue !== undefined ? { target_value: changes.targetValue } : {}),
      ...(changes.currentValue !== undefined ? { current_value: changes.currentValue } : {}),
      ...(changes.unit !== undefined ? { unit: changes.unit } : {}),
      ...(changes.weight !== undefined ? { weight: changes.weight } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Deletes a key result with its check-ins, comments and milestones together. */
export async function deleteKeyResultCascade(db: Kysely<Database>, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('check_ins').where('key_result_id', '=', id).execute();
    await trx.deleteFrom('comments').where('key_result_id', '=', id).execute();
    await trx.deleteFrom('milestones').where('key_result_id', '=', id).execute();
    await deleteRefsTo(trx, [id]);
    await trx.deleteFrom('key_results').where('id', '=', id).execute();
  });
}
