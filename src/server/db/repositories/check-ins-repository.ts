/**
 * SQL for check-ins. Check-ins are append-only: each one is a new row and the value it reports is
 * copied onto its key result (current_value) or objective (manual_progress) in the same
 * transaction, so the latest check-in and the shown value can never disagree.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { chunked, unique } from '../in-list-chunks';
import type { CheckInsTable, Database } from '../schema';

export interface CheckInRecord {
  id: string;
  keyResultId: string | null;
  objectiveId: string | null;
  value: number;
  note: string;
  authorId: string;
  createdAt: string;
}

export interface NewCheckIn {
  value: number;
  note: string;
  authorId: string;
}

type Target = { keyResultId: string } | { objectiveId: string };

function toRecord(row: Selectable<CheckInsTable>): CheckInRecord {
  return {
    id: row.id,
    keyResultId: row.key_result_id,
    objectiveId: row.objective_id,
    value: Number(row.value),
    note: row.note,
    authorId: row.author_id,
    createdAt: row.created_at,
  };
}

/**
 * The time to stamp on a new check-in: now, or 1 ms after the target's latest check-in when that is
 * not earlier. Ids are random, so time is the only order; two check-ins in the same millisecond
 * (scripts do this) would otherwise have no defined order and "newest first" could lie.
 */
async function nextCheckInTime(trx: Transaction<Database>, target: Target, now: Date): Promise<string> {
  const latest = await trx
    .selectFrom('check_ins')
    .select('created_at')
    .where(
      'keyResultId' in target ? 'key_result_id' : 'objective_id',
      '=',
      'keyResultId' in target ? target.keyResultId : target.objectiveId,
    )
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const latestMs = latest ? Date.parse(latest.created_at) : Number.NEGATIVE_INFINITY;
  return new Date(Math.max(now.getTime(), latestMs + 1)).toISOString();
}

/**
 * Takes the write lock on the key result or objective before anything else. Without it two
 * concurrent check-ins on PostgreSQL both read the same "latest" time, got the same timestamp, and
 * the value shown could be the one the history lists second. With it they run one after the other
 * (SQLite's single connection already did), so times are distinct and the newest is what is shown.
 */
async function lockTarget(trx: Transaction<Database>, target: Target): Promise<void> {
  if ('keyResultId' in target) {
    await trx.updateTable('key_results').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', target.keyResultId).execute();
  } else {
    await trx.updateTable('objectives').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', target.objectiveId).execute();
  }
}

async function insertCheckIn(trx: Transaction<Database>, target: Target, checkIn: NewCheckIn, now: Date) {
  await lockTarget(trx, target);
  const row: Selectable<CheckInsTable> = {
    id: crypto.randomUUID(),
    key_result_id: 'keyResultId' in target ? target.keyResultId : null,
    objective_id: 'objectiveId' in target ? target.objectiveId : null,
    value: checkIn.value,
    note: checkIn.note,
    author_id: checkIn.authorId,
    created_at: await nextCheckInTime(trx, target, now),
  };
  await trx.insertInto('check_ins').values(row).execute();
  return row;
}

/** Records a check-in on a key result and makes its value the key result's current value. */
export async function addKeyResultCheckIn(
  db: Kysely<Database>,
  keyResultId: string,
  checkIn: NewCheckIn,
  now: Date,
): Promise<CheckInRecord> {
  return db.transaction().execute((trx) => recordKeyResultCheckIn(trx, keyResultId, checkIn, now));
}

/** The same inside a caller's transaction (an edit of the key result that changes its value). */
export async function recordKeyResultCheckIn(
  trx: Transaction<Database>,
  keyResultId: string,
  checkIn: NewCheckIn,
  now: Date,
): Promise<CheckInRecord> {
  const row = await insertCheckIn(trx, { keyResultId }, checkIn, now);
  await trx
    .updateTable('key_results')
    .set({ current_value: checkIn.value, updated_at: row.created_at })
    .where('id', '=', keyResultId)
    .execute();
  return toRecord(row);
}

/** Records a manual progress check-in (0..1) on an objective and makes it the objective's progress. */
export async function addObjectiveCheckIn(
  db: Kysely<Database>,
  objectiveId: string,
  checkIn: NewCheckIn,
  now: Date,
): Promise<CheckInRecord> {
  return db.transaction().execute(async (trx) => {
    const row = await insertCheckIn(trx, { objectiveId }, checkIn, now);
    await trx
      .updateTable('objectives')
      .set({ manual_progress: checkIn.value, updated_at: row.created_at })
      .where('id', '=', objectiveId)
      .execute();
    return toRecord(row);
  });
}

/** History of a key result or objective, newest first. */
export async function listCheckIns(db: Kysely<Database>, target: Target): Promise<CheckInRecord[]> {
  const query = db.selectFrom('check_ins').selectAll();
  const filtered =
    'keyResultId' in target
      ? query.where('key_result_id', '=', target.keyResultId)
      : query.where('objective_id', '=', target.objectiveId);
  const rows = await filtered.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toRecord);
}

/**
 * Which of these key results have at least one check-in (one query per 500 ids, on the
 * key_result_id index): a key result without one whose value is still its start value has not
 * started (core's keyResultProgressSoFar).
 */
export async function keyResultIdsWithCheckIns(db: Kysely<Database>, keyResultIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunked(unique(keyResultIds))) {
    const rows = await db.selectFrom('check_ins').select('key_result_id').distinct().where('key_result_id', 'in', chunk).execute();
    for (const row of rows) if (row.key_result_id !== null) found.add(row.key_result_id);
  }
  return found;
}
