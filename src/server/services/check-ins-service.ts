/**
 * Check-ins: dated reports of a key result's value or a manual objective's progress. Append-only,
 * so the history shows how things moved; the newest one is what the key result or objective shows.
 */
import type { Kysely } from 'kysely';
import { addKeyResultCheckIn, addObjectiveCheckIn, listCheckIns, type CheckInRecord } from '../db/repositories/check-ins-repository';
import type { Database } from '../db/schema';
import type { CurrentUser } from '../auth/current-user';
import { assertMayEditKeyResult, assertMayEditObjective } from '../auth/okr-permissions';
import { ConflictError } from '../errors';
import { requireKeyResult } from './key-results-service';
import { loadPeople } from './objectives-evaluation';
import { requireObjective } from './objectives-service';
import { presentCheckIn, type CheckInView } from './okr-presenters';
import { assertNotLinked } from './sync/link-guard';

export interface CheckInInput {
  value: number;
  note?: string;
}

async function present(db: Kysely<Database>, checkIns: readonly CheckInRecord[]): Promise<CheckInView[]> {
  const people = await loadPeople(db, checkIns.map((c) => c.authorId));
  return checkIns.map((c) => presentCheckIn(c, people));
}

export async function listKeyResultCheckIns(db: Kysely<Database>, keyResultId: string): Promise<CheckInView[]> {
  await requireKeyResult(db, keyResultId);
  return present(db, await listCheckIns(db, { keyResultId }));
}

export async function checkInKeyResult(
  db: Kysely<Database>,
  keyResultId: string,
  input: CheckInInput,
  author: CurrentUser,
  now: Date,
): Promise<CheckInView> {
  const keyResult = await requireKeyResult(db, keyResultId);
  await assertMayEditKeyResult(db, author, keyResult, 'checkIn');
  await assertNotLinked(db, { keyResultId }, `Key result "${keyResult.title}"`);
  const created = await addKeyResultCheckIn(db, keyResultId, { value: input.value, note: input.note ?? '', authorId: author.id }, now);
  const [view] = await present(db, [created]);
  if (!view) throw new Error('The new check-in could not be presented.');
  return view;
}

export async function listObjectiveCheckIns(db: Kysely<Database>, objectiveId: string): Promise<CheckInView[]> {
  await requireObjective(db, objectiveId);
  return present(db, await listCheckIns(db, { objectiveId }));
}

/** Only manual-mode objectives take check-ins; the others derive progress from their key results. */
export async function checkInObjective(
  db: Kysely<Database>,
  objectiveId: string,
  input: CheckInInput,
  author: CurrentUser,
  now: Date,
): Promise<CheckInView> {
  const objective = await requireObjective(db, objectiveId);
  await assertMayEditObjective(db, author, objective, 'checkIn');
  await assertNotLinked(db, { objectiveId }, `Objective "${objective.title}"`);
  if (objective.progressMode !== 'manual') {
    throw new ConflictError(
      `Objective "${objective.title}" takes its progress from its key results; check in on a key result, or switch the objective's progressMode to "manual" first.`,
    );
  }
  const created = await addObjectiveCheckIn(db, objectiveId, { value: input.value, note: input.note ?? '', authorId: author.id }, now);
  const [view] = await present(db, [created]);
  if (!view) throw new Error('The new check-in could not be presented.');
  return view;
}
