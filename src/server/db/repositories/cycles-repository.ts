/** SQL for cycles. Returns camelCase records so nothing above this layer sees column names. */
import type { Kysely, Selectable } from 'kysely';
import { toCount } from '../database';
import type { CyclesTable, Database } from '../schema';
import { chunked, unique } from '../in-list-chunks';

export interface CycleRecord {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewCycle {
  name: string;
  startDate: string;
  endDate: string;
}

function toRecord(row: Selectable<CyclesTable>): CycleRecord {
  return {
    id: row.id,
    name: row.name,
    startDate: row.start_date,
    endDate: row.end_date,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Newest start first; ties by name so the order is stable. */
export async function listCycles(db: Kysely<Database>): Promise<CycleRecord[]> {
  const rows = await db.selectFrom('cycles').selectAll().orderBy('start_date', 'desc').orderBy('name', 'asc').execute();
  return rows.map(toRecord);
}

export async function findCycle(db: Kysely<Database>, id: string): Promise<CycleRecord | null> {
  const row = await db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function insertCycle(db: Kysely<Database>, cycle: NewCycle, now: string): Promise<CycleRecord> {
  const row: Selectable<CyclesTable> = {
    id: crypto.randomUUID(),
    name: cycle.name,
    start_date: cycle.startDate,
    end_date: cycle.endDate,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('cycles').values(row).execute();
  return toRecord(row);
}

export async function updateCycle(
  db: Kysely<Database>,
  id: string,
  changes: Partial<NewCycle>,
  now: string,
): Promise<void> {
  await db
    .updateTable('cycles')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.startDate !== undefined ? { start_date: changes.startDate } : {}),
      ...(changes.endDate !== undefined ? { end_date: changes.endDate } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteCycle(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('cycles').where('id', '=', id).execute();
}

export async function countObjectivesInCycle(db: Kysely<Database>, cycleId: string): Promise<number> {
  const row = await db
    .selectFrom('objectives')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('cycle_id', '=', cycleId)
    .executeTakeFirst();
  return toCount(row?.count);
}

/** The cycles with these ids, in one query per chunk of ids. */
export async function findCyclesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, CycleRecord>> {
  const found = new Map<string, CycleRecord>();
  for (const chunk of chunked(unique(ids))) {
    const rows = await db.selectFrom('cycles').selectAll().where('id', 'in', chunk).execute();
    for (const row of rows) found.set(row.id, toRecord(row));
  }
  return found;
}
