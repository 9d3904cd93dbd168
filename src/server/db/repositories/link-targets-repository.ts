/**
 * SQL a link needs from the objective or key result it drives: the period it is measured over,
 * the key result's values, and the writes that hand an unlinked item back to manual updates.
 */
import type { Period } from '../../../core';
import type { Db, LinkTarget } from './integration-links-repository';
import { chunked, unique } from '../in-list-chunks';

/** The effective period (own dates, else the cycle's) of each objective, by objective id. */
async function objectivePeriods(db: Db, objectiveIds: readonly string[]): Promise<Map<string, Period>> {
  const periods = new Map<string, Period>();
  for (const chunk of chunked(unique(objectiveIds))) {
    const rows = await db
      .selectFrom('objectives')
      .innerJoin('cycles', 'cycles.id', 'objectives.cycle_id')
      .select([
        'objectives.id as id',
        'objectives.start_date as own_start',
        'objectives.end_date as own_end',
        'cycles.start_date as cycle_start',
        'cycles.end_date as cycle_end',
      ])
      .where('objectives.id', 'in', chunk)
      .execute();
    for (const row of rows) periods.set(row.id, { startDate: row.own_start ?? row.cycle_start, endDate: row.own_end ?? row.cycle_end });
  }
  return periods;
}

/** The objective each key result belongs to. */
async function objectivesOfKeyResults(db: Db, keyResultIds: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const chunk of chunked(unique(keyResultIds))) {
    const rows = await db.selectFrom('key_results').select(['id', 'objective_id']).where('id', 'in', chunk).execute();
    for (const row of rows) owners.set(row.id, row.objective_id);
  }
  return owners;
}

/** The period each target is measured over (a key result's is its objective's), keyed by the target's id. */
export async function findTargetPeriods(db: Db, targets: readonly LinkTarget[]): Promise<Map<string, Period>> {
  const keyResultIds = targets.flatMap((target) => (target.keyResultId !== undefined ? [target.keyResultId] : []));
  const owners = await objectivesOfKeyResults(db, keyResultIds);
  const objectiveIds = targets.flatMap((target) => (target.objectiveId !== undefined ? [target.objectiveId] : []));
  const periods = await objectivePeriods(db, [...objectiveIds, ...owners.values()]);
  const byTarget = new Map<string, Period>();
  for (const target of targets) {
    const objectiveId = target.objectiveId ?? owners.get(target.keyResultId ?? '');
    const period = objectiveId === undefined ? undefined : periods.get(objectiveId);
    if (period) byTarget.set(target.objectiveId ?? target.keyResultId ?? '', period);
  }
  return byTarget;
}

export async function findKeyResultValues(
  db: Db,
  keyResultId: string,
): Promise<{ startValue: number; targetValue: number; currentValue: number } | null> {
  const row = await db
    .selectFrom('key_results')
    .select(['start_value', 'target_value', 'current_value'])
    .where('id', '=', keyResultId)
    .executeTakeFirst();
  return row ? { startValue: Number(row.start_value), targetValue: Number(row.target_value), currentValue: Number(row.current_value) } : null;
}

export async function setKeyResultCurrentValue(db: Db, keyResultId: string, value: number, now: string): Promise<void> {
  await db.updateTable('key_results').set({ current_value: value, updated_at: now }).where('id', '=', keyResultId).execute();
}

/**
 * Hands an unlinked objective back to manual check-ins at its last synced progress, recorded as a
 * check-in so the history shows where the manual updates start from.
 */
export async function returnObjectiveToManual(
  db: Db,
  objectiveId: string,
  lastProgress: number | null,
  checkIn: { authorId: string; note: string },
  now: string,
): Promise<void> {
  await db
    .updateTable('objectives')
    .set({ progress_mode: 'manual', manual_progress: lastProgress, updated_at: now })
    .where('id', '=', objectiveId)
    .execute();
  if (lastProgress === null) return;
  await db
    .insertInto('check_ins')
    .values({ id: crypto.randomUUID(), key_result_id: null, objective_id: objectiveId, value: lastProgress, note: checkIn.note, author_id: checkIn.authorId, created_at: now })
    .execute();
}

/** A key result keeps its current value when unlinked; the check-in marks where manual updates start. */
export async function recordKeyResultUnlinked(
  db: Db,
  keyResultId: string,
  checkIn: { authorId: string; note: string },
  now: string,
): Promise<void> {
  const values = await findKeyResultValues(db, keyResultId);
  if (!values) return;
  await db
    .insertInto('check_ins')
    .values({ id: crypto.randomUUID(), key_result_id: keyResultId, objective_id: null, value: values.currentValue, note: checkIn.note, author_id: checkIn.authorId, created_at: now })
    .execute();
}
