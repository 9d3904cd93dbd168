/** Cycles: the time boxes objectives live in. Admin-only writes are enforced by the routes' config. */
import type { Kysely } from 'kysely';
import { isValidPeriod } from '../../core';
import {
  countObjectivesInCycle,
  deleteCycle,
  findCycle,
  insertCycle,
  listCycles,
  updateCycle,
  type CycleRecord,
  type NewCycle,
} from '../db/repositories/cycles-repository';
import { isForeignKeyViolation } from '../db/database';
import type { Database } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { presentCycle, type CycleView } from './okr-presenters';

/** Throws a 400 naming the field when the period is not two real dates with the end on or after the start. */
export function assertValidPeriod(period: { startDate: string; endDate: string }, fields = { start: 'startDate', end: 'endDate' }): void {
  if (isValidPeriod(period)) return;
  if (!isValidPeriod({ startDate: period.startDate, endDate: period.startDate })) {
    throw ValidationError.field(fields.start, `"${period.startDate}" is not a real calendar date; use YYYY-MM-DD, e.g. 2027-01-31`);
  }
  if (!isValidPeriod({ startDate: period.endDate, endDate: period.endDate })) {
    throw ValidationError.field(fields.end, `"${period.endDate}" is not a real calendar date; use YYYY-MM-DD, e.g. 2027-03-31`);
  }
  throw ValidationError.field(
    fields.end,
    `must be on or after the start date (${period.startDate}); got ${period.endDate}`,
  );
}

export async function requireCycle(db: Kysely<Database>, id: string): Promise<CycleRecord> {
  const cycle = await findCycle(db, id);
  if (!cycle) throw new NotFoundError(`Cycle ${id}`);
  return cycle;
}

export async function listCycleViews(db: Kysely<Database>): Promise<CycleView[]> {
  return (await listCycles(db)).map(presentCycle);
}

export async function createCycle(db: Kysely<Database>, input: NewCycle, now: Date): Promise<CycleView> {
  assertValidPeriod(input);
  return presentCycle(await insertCycle(db, input, now.toISOString()));
}

export async function changeCycle(
  db: Kysely<Database>,
  id: string,
  changes: Partial<NewCycle>,
  now: Date,
): Promise<CycleView> {
  const current = await requireCycle(db, id);
  assertValidPeriod({
    startDate: changes.startDate ?? current.startDate,
    endDate: changes.endDate ?? current.endDate,
  });
  await updateCycle(db, id, changes, now.toISOString());
  return presentCycle(await requireCycle(db, id));
}

export async function removeCycle(db: Kysely<Database>, id: string): Promise<void> {
  const cycle = await requireCycle(db, id);
  const count = await countObjectivesInCycle(db, id);
  if (count > 0) throw cycleNotEmpty(cycle, count);
  try {
    await deleteCycle(db, id);
  } catch (error) {
    // An objective added between the count and the delete: the foreign key refuses, say why.
    if (isForeignKeyViolation(error)) throw cycleNotEmpty(cycle, await countObjectivesInCycle(db, id));
    throw error;
  }
}

function cycleNotEmpty(cycle: CycleRecord, count: number): ConflictError {
  const objectives = `${count} objective${count === 1 ? '' : 's'}`;
  return new ConflictError(`Cycle "${cycle.name}" still has ${objectives}; move or delete its ${objectives} first.`);
}
