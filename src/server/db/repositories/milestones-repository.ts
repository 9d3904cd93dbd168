/**
 * SQL for milestones (phased targets): dated values of a key result or of a manual objective.
 * A list is always replaced whole, so it is read back exactly as it was written, in date order.
 */
import type { Db } from '../database';
import { chunked, unique } from '../in-list-chunks';

export interface MilestoneRecord {
  date: string;
  value: number;
}

export type MilestoneOwner = { keyResultId: string } | { objectiveId: string };

/** Milestones of these key results and objectives in date order, keyed by owner id; owners without any are absent. */
export async function listMilestonesOf(
  db: Db,
  owners: { keyResultIds: readonly string[]; objectiveIds: readonly string[] },
): Promise<{ byKeyResult: Map<string, MilestoneRecord[]>; byObjective: Map<string, MilestoneRecord[]> }> {
  const byKeyResult = new Map<string, MilestoneRecord[]>();
  const byObjective = new Map<string, MilestoneRecord[]>();
  const add = (map: Map<string, MilestoneRecord[]>, id: string, record: MilestoneRecord) => {
    const list = map.get(id) ?? [];
    list.push(record);
    map.set(id, list);
  };
  for (const chunk of chunked(unique(owners.keyResultIds))) {
    const rows = await db.selectFrom('milestones').select(['key_result_id', 'date', 'value']).where('key_result_id', 'in', chunk).orderBy('date').execute();
    for (const row of rows) if (row.key_result_id !== null) add(byKeyResult, row.key_result_id, { date: row.date, value: Number(row.value) });
  }
  for (const chunk of chunked(unique(owners.objectiveIds))) {
    const rows = await db.selectFrom('milestones').select(['objective_id', 'date', 'value']).where('objective_id', 'in', chunk).orderBy('date').execute();
    for (const row of rows) if (row.objective_id !== null) add(byObjective, row.objective_id, { date: row.date, value: Number(row.value) });
  }
  return { byKeyResult, byObjective };
}

/** Milestones of every key result and objective of a cycle in two joined queries (the OKR page's list). */
export async function listMilestonesInCycle(
  db: Db,
  cycleId: string,
): Promise<{ byKeyResult: Map<string, MilestoneRecord[]>; byObjective: Map<string, MilestoneRecord[]> }> {
  const [ofKeyResults, ofObjectives] = await Promise.all([
    db
      .selectFrom('milestones')
      .innerJoin('key_results', 'key_results.id', 'milestones.key_result_id')
      .innerJoin('objectives', 'objectives.id', 'key_results.objective_id')
      .select(['milestones.key_result_id as owner', 'milestones.date', 'milestones.value'])
      .where('objectives.cycle_id', '=', cycleId)
      .orderBy('milestones.date')
      .execute(),
    db
      .selectFrom('milestones')
      .innerJoin('objectives', 'objectives.id', 'milestones.objective_id')
      .select(['milestones.objective_id as owner', 'milestones.date', 'milestones.value'])
      .where('objectives.cycle_id', '=', cycleId)
      .orderBy('milestones.date')
      .execute(),
  ]);
  const group = (rows: ReadonlyArray<{ owner: string | null; date: string; value: number }>) => {
    const byOwner = new Map<string, MilestoneRecord[]>();
    for (const row of rows) {
      if (row.owner === null) continue;
      byOwner.set(row.owner, [...(byOwner.get(row.owner) ?? []), { date: row.date, value: Number(row.value) }]);
    }
    return byOwner;
  };
  return { byKeyResult: group(ofKeyResults), byObjective: group(ofObjectives) };
}

/** Replaces an owner's milestones with these (already checked). Run inside a transaction. */
export async function replaceMilestones(db: Db, owner: MilestoneOwner, milestones: readonly MilestoneRecord[]): Promise<void> {
  const ownerColumns = 'keyResultId' in owner
    ? { key_result_id: owner.keyResultId, objective_id: null }
    : { key_result_id: null, objective_id: owner.objectiveId };
  if ('keyResultId' in owner) await db.deleteFrom('milestones').where('key_result_id', '=', owner.keyResultId).execute();
  else await db.deleteFrom('milestones').where('objective_id', '=', owner.objectiveId).execute();
  if (milestones.length === 0) return;
  await db
    .insertInto('milestones')
    .values(milestones.map((m) => ({ id: crypto.randomUUID(), ...ownerColumns, date: m.date, value: m.value })))
    .execute();
}
