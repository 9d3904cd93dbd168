/**
 * Objectives: create, read, change, delete, list per cycle (optionally one team's, or the caller's).
 * Checks the things a schema cannot: referenced cycle, owner, parents and teams exist, alignment
 * has no loops, the objective's own dates combine with its cycle's into a real period, and
 * milestones fall inside it. Each write is one transaction: nothing is half-written.
 */
import type { Kysely } from 'kysely';
import { effectivePeriod, isValidPeriod, type Period } from '../../core';
import { findCycle, type CycleRecord } from '../db/repositories/cycles-repository';
import { listLinksInCycle } from '../db/repositories/integration-links-repository';
import { listKeyResultsInCycle, listKeyResultsOfObjectives } from '../db/repositories/key-results-repository';
import { listAlignmentOfCycle } from '../db/repositories/alignment-repository';
import { listMilestonesInCycle, listMilestonesOf } from '../db/repositories/milestones-repository';
import { listTeamIdsInCycle, listTeamIdsOfUser } from '../db/repositories/teams-repository';
import {
  deleteObjectiveCascade,
  findObjective,
  insertObjective,
  listObjectivesInCycle,
  updateObjective,
  type ObjectiveChanges,
  type ObjectiveRecord,
  type ProgressMode,
} from '../db/repositories/objectives-repository';
import { findUserById } from '../db/repositories/users-repository';
import { readDataVersion } from '../db/repositories/data-version-repository';
import type { AnswerCache, CachedAnswer } from './answer-cache';
import type { CurrentUser } from '../auth/current-user';
import { assertMayEditObjective } from '../auth/okr-permissions';
import type { Database } from '../db/schema';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors';
import { requireCycle } from './cycles-service';
import { presentObjectives, presentOneObjective } from './objectives-evaluation';
import {
  checkMilestones,
  checkParents,
  checkTeams,
  currentParents,
  wantedParents,
  writeObjectiveRelations,
  type WantedParents,
} from './objective-relations';
import type { ObjectiveView } from './okr-presenters';

export interface CreateObjectiveInput {
  cycleId: string;
  title: string;
  description?: string;
  ownerId?: string | null;
  parentId?: string | null;
  parents?: ReadonlyArray<{ objectiveId: string; weight?: number | null }>;
  teamIds?: readonly string[];
  startDate?: string | null;
  endDate?: string | null;
  progressMode?: ProgressMode;
  milestones?: ReadonlyArray<{ date: string; value: number }>;
}

/** Which objectives of the cycle to list: one team's, and/or the caller's ("My OKRs"). */
export interface ObjectiveFilter {
  cycleId: string;
  teamId?: string;
  mine?: 'true' | 'false';
}

export type ChangeObjectiveInput = Partial<CreateObjectiveInput>;

export async function requireObjective(db: Kysely<Database>, id: string): Promise<ObjectiveRecord> {
  const objective = await findObjective(db, id);
  if (!objective) throw new NotFoundError(`Objective ${id}`);
  return objective;
}

/**
 * A whole cycle: its key results and links are read per cycle (one joined query each), not per item.
 * `teamId` keeps the objectives belonging to that team; `mine` those the caller owns or that belong
 * to a team the caller owns or is a member of. Roll-ups still count every aligned child.
 */
export async function listObjectiveViews(db: Kysely<Database>, cycleOrFilter: string | ObjectiveFilter, now: Date, viewer: CurrentUser): Promise<ObjectiveView[]> {
  const filter = typeof cycleOrFilter === 'string' ? { cycleId: cycleOrFilter } : cycleOrFilter;
  const cycle = await requireCycle(db, filter.cycleId);
  const [all, keyResults, links, milestones, alignment, teams] = await Promise.all([
    listObjectivesInCycle(db, filter.cycleId),
    listKeyResultsInCycle(db, filter.cycleId),
    listLinksInCycle(db, filter.cycleId),
    listMilestonesInCycle(db, filter.cycleId),
    listAlignmentOfCycle(db, filter.cycleId),
    listTeamIdsInCycle(db, filter.cycleId),
  ]);
  const objectives = await filterObjectives(db, all, teams, filter, viewer);
  return presentObjectives(db, objectives, now, viewer, [cycle], { keyResults, links, milestones, teams, ...alignment });
}

/**
 * The cycle list as the bytes of its JSON answer, from the app's answer cache while no OKR data has
 * changed. The data version is read BEFORE the data: a write that lands during the build then
 * leaves an entry under the older version, which the next request no longer accepts; the other
 * order could keep a pre-write answer under the post-write version. Keyed by viewer, because
 * `canEdit` and "My OKRs" depend on who asks.
 */
export async function listObjectivesAnswer(db: Kysely<Database>, cache: AnswerCache, filter: ObjectiveFilter, now: Date, viewer: CurrentUser): Promise<CachedAnswer> {
  const version = await readDataVersion(db);
  const key = JSON.stringify([filter.cycleId, filter.teamId ?? null, filter.mine === 'true', viewer.id, viewer.role]);
  return cache.answer(key, version, now.getTime(), async () => Buffer.from(JSON.stringify(await listObjectiveViews(db, filter, now, viewer)), 'utf8'));
}

async function filterObjectives(
  db: Kysely<Database>,
  objectives: ObjectiveRecord[],
  teamsOf: ReadonlyMap<string, readonly string[]>,
  filter: ObjectiveFilter,
  viewer: CurrentUser,
): Promise<ObjectiveRecord[]> {
  const mine = filter.mine === 'true';
  if (filter.teamId === undefined && !mine) return objectives;
  if (filter.teamId !== undefined) {
    const problems: FieldProblem[] = [];
    await checkTeams(db, [filter.teamId], problems);
    if (problems.length > 0) throw new ValidationError(problems.map((p) => ({ ...p, field: 'teamId' })));
  }
  const myTeams = mine ? await listTeamIdsOfUser(db, viewer.id) : new Set<string>();
  return objectives.filter((objective) => {
    const teams = teamsOf.get(objective.id) ?? [];
    if (filter.teamId !== undefined && !teams.includes(filter.teamId)) return false;
    return !mine || objective.ownerId === viewer.id || teams.some((id) => myTeams.has(id));
  });
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
  const parents = wantedParents(input, [], problems);
  if (parents) await checkParents(db, null, parents, problems);
  if (input.teamIds !== undefined) await checkTeams(db, input.teamIds, problems);
  const own = { startDate: input.startDate ?? null, endDate: input.endDate ?? null };
  const progressMode = input.progressMode ?? 'key_results';
  if (cycle && checkOwnPeriod(own, cycle, problems)) checkObjectiveMilestones(input.milestones, progressMode, effectivePeriod(own, cycle), problems);
  if (problems.length > 0) throw new ValidationError(problems);

  const stamp = now.toISOString();
  const created = await db.transaction().execute(async (trx) => {
    const objective = await insertObjective(
      trx,
      {
        cycleId: input.cycleId,
        title: input.title,
        description: input.description ?? '',
        ownerId,
        parentId: null,
        startDate: own.startDate,
        endDate: own.endDate,
        progressMode,
      },
      stamp,
    );
    await writeObjectiveRelations(trx, objective.id, { parents, teamIds: input.teamIds, milestones: input.milestones }, stamp);
    return objective;
  });
  return getObjectiveView(db, created.id, now, creator);
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
  let parents: WantedParents | undefined;
  if (input.parentId !== undefined || input.parents !== undefined) {
    parents = wantedParents(input, await currentParents(db, id), problems);
    if (parents) await checkParents(db, id, parents, problems);
  }
  if (input.teamIds !== undefined) await checkTeams(db, input.teamIds, problems);
  const own = {
    startDate: input.startDate !== undefined ? input.startDate : current.startDate,
    endDate: input.endDate !== undefined ? input.endDate : current.endDate,
  };
  const periodChanges = input.startDate !== undefined || input.endDate !== undefined || input.cycleId !== undefined;
  const periodFine = cycle !== null && (!periodChanges || checkOwnPeriod(own, cycle, problems));
  if (cycle && periodFine) {
    const period = effectivePeriod(own, cycle);
    const progressMode = input.progressMode ?? current.progressMode;
    if (input.milestones !== undefined) checkObjectiveMilestones(input.milestones, progressMode, period, problems);
    if (periodChanges) await checkKeptMilestones(db, id, input.milestones === undefined, period, problems);
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const changes: ObjectiveChanges = {
    ...(input.cycleId !== undefined ? { cycleId: input.cycleId } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
    ...(input.startDate !== undefined ? { startDate: input.startDate } : {}),
    ...(input.endDate !== undefined ? { endDate: input.endDate } : {}),
    ...(input.progressMode !== undefined ? { progressMode: input.progressMode } : {}),
  };
  const stamp = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await updateObjective(trx, id, changes, stamp);
    await writeObjectiveRelations(trx, id, { parents, teamIds: input.teamIds, milestones: input.milestones }, stamp);
  });
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

/** Milestones of an objective: only a manual objective takes them (a roll-up's key results carry their own). */
function checkObjectiveMilestones(
  milestones: ReadonlyArray<{ date: string; value: number }> | undefined,
  progressMode: ProgressMode,
  period: Period,
  problems: FieldProblem[],
): void {
  if (milestones === undefined || milestones.length === 0) return;
  if (progressMode !== 'manual') {
    problems.push({
      field: 'milestones',
      message: 'only a manual objective takes milestones; set progressMode to "manual", or give its key results milestones instead',
    });
    return;
  }
  checkMilestones(milestones, period, problems);
}

/**
 * A new period must still hold the milestones already saved on the objective (unless the same
 * request replaces them) and on its key results; the answer names what to move.
 */
async function checkKeptMilestones(db: Kysely<Database>, objectiveId: string, includeOwn: boolean, period: Period, problems: FieldProblem[]): Promise<void> {
  const keyResults = ((await listKeyResultsOfObjectives(db, [objectiveId])).get(objectiveId) ?? []).map((kr) => kr.id);
  const saved = await listMilestonesOf(db, { keyResultIds: keyResults, objectiveIds: includeOwn ? [objectiveId] : [] });
  const outside = [...saved.byObjective.values(), ...saved.byKeyResult.values()]
    .flat()
    .filter((m) => m.date < period.startDate || m.date > period.endDate);
  if (outside.length > 0) {
    problems.push({
      field: 'milestones',
      message: `${outside.length} milestone(s) of this objective or its key results (e.g. ${outside[0]?.date}) would fall outside the new period ${period.startDate} to ${period.endDate}; move or remove them first`,
    });
  }
}

/** Own dates may be given alone or together; whatever is missing comes from the cycle. */
function checkOwnPeriod(
  own: { startDate: string | null; endDate: string | null },
  cycle: CycleRecord,
  problems: FieldProblem[],
): boolean {
  const period = effectivePeriod(own, cycle);
  if (isValidPeriod(period)) return true;
  const startSource = own.startDate !== null ? 'its start date' : `the cycle's start date`;
  const endSource = own.endDate !== null ? 'its end date' : `the cycle's end date`;
  problems.push({
    field: own.endDate !== null ? 'endDate' : 'startDate',
    message: `the objective would end (${endSource}, ${period.endDate}) before it starts (${startSource}, ${period.startDate}); choose dates with the end on or after the start`,
  });
  return false;
}
