/**
 * Objectives: create, read, change, delete, list per cycle. Checks the things a schema cannot:
 * referenced cycle, owner and parent exist, the alignment tree has no loops, and the objective's
 * own dates combine with its cycle's into a real period.
 */
import type { Kysely } from 'kysely';
import { effectivePeriod, isValidPeriod } from '../../core';
import { findCycle, type CycleRecord } from '../db/repositories/cycles-repository';
import { listLinksInCycle } from '../db/repositories/integration-links-repository';
import { listKeyResultsInCycle } from '../db/repositories/key-results-repository';
import {
  deleteObjectiveCascade,
  findObjective,
  findParentIds,
  insertObjective,
  listObjectivesInCycle,
  updateObjective,
  type ObjectiveChanges,
  type ObjectiveRecord,
  type ProgressMode,
} from '../db/repositories/objectives-repository';
import { findUserById } from '../db/repositories/users-repository';
import type { CurrentUser } from '../auth/current-user';
import { assertMayEditObjective } from '../auth/okr-permissions';
import type { Database } from '../db/schema';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors';
import { requireCycle } from './cycles-service';
import { presentObjectives, presentOneObjective } from './objectives-evaluation';
import type { ObjectiveView } from './okr-presenters';

export interface CreateObjectiveInput {
  cycleId: string;
  title: string;
  description?: string;
  ownerId?: string | null;
  parentId?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  progressMode?: ProgressMode;
}

export type ChangeObjectiveInput = Partial<CreateObjectiveInput>;

export async function requireObjective(db: Kysely<Database>, id: string): Promise<ObjectiveRecord> {
  const objective = await findObjective(db, id);
  if (!objective) throw new NotFoundError(`Objective ${id}`);
  return objective;
}

/** A whole cycle: its key results and links are read per cycle (one joined query each), not per item. */
export async function listObjectiveViews(db: Kysely<Database>, cycleId: string, now: Date, viewer: CurrentUser): Promise<ObjectiveView[]> {
  const cycle = await requireCycle(db, cycleId);
  const [objectives, keyResults, links] = await Promise.all([
    listObjectivesInCycle(db, cycleId),
    listKeyResultsInCycle(db, cycleId),
    listLinksInCycle(db, cycleId),
  ]);
  return presentObjectives(db, objectives, now, viewer, [cycle], { keyResults, links });
}

export async function getObjectiveView(db: Kysely<Database>, id: string, now: Date, viewer: CurrentUser): Promise<ObjectiveView> {
  return presentOneObjective(db, await requireObjective(db, id), now, viewer);
}

/** Without an ownerId the creator owns it ("mine" by default); an explicit null means no owner. */
export function ownerOrCreator(ownerId: string | null | undefined, creatorId: string): string | null {
  return ownerId === undefined ? creatorId : ownerId;
}

/** Open to every signed-in user (reading and creating stay open; changing is for owners and admins). */
export async function createObjective(db: Kysely<Database>, input: CreateObjectiveInput, creator: CurrentUser, now: Date): Promise<ObjectiveView> {
  const problems: FieldProblem[] = [];
  const ownerId = ownerOrCreator(input.ownerId, creator.id);
  const cycle = await checkCycle(db, input.cycleId, problems);
  await checkOwner(db, ownerId, problems);
  await checkParent(db, null, input.parentId ?? null, problems);
  if (cycle) checkOwnPeriod({ startDate: input.startDate ?? null, endDate: input.endDate ?? null }, cycle, problems);
  if (problems.length > 0) throw new ValidationError(problems);

  const created = await insertObjective(
    db,
    {
      cycleId: input.cycleId,
      title: input.title,
      description: input.description ?? '',
      ownerId,
      parentId: input.parentId ?? null,
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      progressMode: input.progressMode ?? 'key_results',
    },
    now.toISOString(),
  );
  return presentOneObjective(db, created, now, creator);
}

export async function changeObjective(
  db: Kysely<Database>,
  id: string,
  input: ChangeObjectiveInput,
  editor: CurrentUser,
  now: Date,
): Promise<ObjectiveView> {
  const current = await requireObjective(db, id);
  await assertMayEditObjective(db, editor, current, 'change');
  const problems: FieldProblem[] = [];
  const cycle =
    input.cycleId !== undefined && input.cycleId !== current.cycleId
      ? await checkCycle(db, input.cycleId, problems)
      : await requireCycle(db, current.cycleId);
  if (input.ownerId !== undefined) await checkOwner(db, input.ownerId, problems);
  if (input.parentId !== undefined) await checkParent(db, id, input.parentId, problems);
  if (cycle && (input.startDate !== undefined || input.endDate !== undefined || input.cycleId !== undefined)) {
    const own = {
      startDate: input.startDate !== undefined ? input.startDate : current.startDate,
      endDate: input.endDate !== undefined ? input.endDate : current.endDate,
    };
    checkOwnPeriod(own, cycle, problems);
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const changes: ObjectiveChanges = {
    ...(input.cycleId !== undefined ? { cycleId: input.cycleId } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
    ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
    ...(input.startDate !== undefined ? { startDate: input.startDate } : {}),
    ...(input.endDate !== undefined ? { endDate: input.endDate } : {}),
    ...(input.progressMode !== undefined ? { progressMode: input.progressMode } : {}),
  };
  await updateObjective(db, id, changes, now.toISOString());
  return getObjectiveView(db, id, now, editor);
}

export async function removeObjective(db: Kysely<Database>, id: string, remover: CurrentUser, now: Date): Promise<void> {
  await assertMayEditObjective(db, remover, await requireObjective(db, id), 'delete');
  await deleteObjectiveCascade(db, id, now.toISOString());
}

async function checkCycle(db: Kysely<Database>, cycleId: string, problems: FieldProblem[]): Promise<CycleRecord | null> {
  const cycle = await findCycle(db, cycleId);
  if (!cycle) problems.push({ field: 'cycleId', message: `no cycle has the id "${cycleId}"; pick an existing cycle` });
  return cycle;
}

/** Also used for key results: an owner must be an existing user. */
export async function checkOwner(db: Kysely<Database>, ownerId: string | null, problems: FieldProblem[]): Promise<void> {
  if (ownerId === null) return;
  if (!(await findUserById(db, ownerId))) {
    problems.push({ field: 'ownerId', message: `no user has the id "${ownerId}"; pick an existing user or leave it empty` });
  }
}

/**
 * The parent must be an existing objective (in any cycle) and must not be the objective itself or
 * one of its descendants, which would make the alignment tree a loop. Walks up from the proposed
 * parent; the tree is shallow, so one small query per level is cheap for a single write.
 */
async function checkParent(
  db: Kysely<Database>,
  objectiveId: string | null,
  parentId: string | null,
  problems: FieldProblem[],
): Promise<void> {
  if (parentId === null) return;
  if (parentId === objectiveId) {
    problems.push({ field: 'parentId', message: 'an objective cannot be aligned under itself; pick another parent' });
    return;
  }
  const parents = await findParentIds(db, [parentId]);
  if (!parents.has(parentId)) {
    problems.push({ field: 'parentId', message: `no objective has the id "${parentId}"; pick an existing objective` });
    return;
  }
  if (objectiveId === null) return;
  const seen = new Set<string>([parentId]);
  let ancestor = parents.get(parentId) ?? null;
  while (ancestor !== null && !seen.has(ancestor)) {
    if (ancestor === objectiveId) {
      problems.push({
        field: 'parentId',
        message: 'that objective is aligned under this one, so making it the parent would create a loop; pick an objective outside this one\'s subtree',
      });
      return;
    }
    seen.add(ancestor);
    ancestor = (await findParentIds(db, [ancestor])).get(ancestor) ?? null;
  }
}

/** Own dates may be given alone or together; whatever is missing comes from the cycle. */
function checkOwnPeriod(
  own: { startDate: string | null; endDate: string | null },
  cycle: CycleRecord,
  problems: FieldProblem[],
): void {
  const period = effectivePeriod(own, cycle);
  if (isValidPeriod(period)) return;
  const startSource = own.startDate !== null ? 'its start date' : `the cycle's start date`;
  const endSource = own.endDate !== null ? 'its end date' : `the cycle's end date`;
  problems.push({
    field: own.endDate !== null ? 'endDate' : 'startDate',
    message: `the objective would end (${endSource}, ${period.endDate}) before it starts (${startSource}, ${period.startDate}); choose dates with the end on or after the start`,
  });
}
