/**
 * The commit step's writes, one function per kind, all inside the transaction commitImportPlan
 * opened (import-commit-service.ts). Each one resolves the plan's external ids to local ids (a
 * matched row keeps its id, a new one gets a UUID), inserts new rows in batches, updates matched
 * ones, and queues the external refs. A plan that names something it does not hold (a check-in of
 * an objective that is not in it) is a bug in the planner: it throws, and nothing is written.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database';
import { updateCycle } from '../../db/repositories/cycles-repository';
import {
  addTeamUsers,
  clearImportedRelations,
  findKeyResultRows,
  findObjectiveRows,
  insertCheckIns,
  insertComments,
  insertCycles,
  insertKeyResults,
  insertMilestones,
  insertObjectiveParents,
  insertObjectiveTeams,
  insertObjectives,
  insertTeams,
  updateImportedKeyResult,
  updateImportedObjective,
  type ImportKind,
  type ImportedRef,
} from '../../db/repositories/import-repository';
import { listTeamParents, updateTeam } from '../../db/repositories/teams-repository';
import type { CheckInsTable, CommentsTable, KeyResultsTable, MilestonesTable, ObjectivesTable } from '../../db/schema';
import type { PlanCounts, PlannedObjective, PlannedTarget, PlannedTeam, VivaImportPlan } from '../../imports/viva-import-plan-types';

/** What the writes share: the transaction, the counts, the refs to save, and local ids by external id. */
export interface CommitState {
  trx: Db;
  now: string;
  actorId: string;
  created: PlanCounts;
  matched: PlanCounts;
  refs: ImportedRef[];
  warnings: string[];
  /** Of the ids the plan matched, those that still exist. */
  live: Map<ImportKind, Set<string>>;
  /** By lower-cased email. */
  userIds: Map<string, string>;
  cycleIds: Map<string, string>;
  teamIds: Map<string, string>;
  objectiveIds: Map<string, string>;
  keyResultIds: Map<string, string>;
}

class InconsistentPlanError extends Error {
  constructor(what: string) {
    super(`The import plan is inconsistent (${what}); nothing was imported. This is a bug in the import: report it with the file's form.`);
  }
}

/** The local id a planned row gets: the row it matched while that still exists, else a new one (counted). */
function localIdOf(state: CommitState, kind: ImportKind, existingId: string | null): { id: string; isNew: boolean } {
  const isNew = existingId === null || !state.live.get(kind)?.has(existingId);
  if (isNew) state.created[kind] += 1;
  else state.matched[kind] += 1;
  return { id: isNew ? crypto.randomUUID() : (existingId as string), isNew };
}

function userIdOf(state: CommitState, email: string | null): string | null {
  return email === null ? null : (state.userIds.get(email.toLowerCase()) ?? null);
}

const targetKey = (target: PlannedTarget): string => `${target.kind}:${target.externalId}`;

/** The latest check-in time of each item: a closed item's closing time (Viva gives none). */
function latestCheckins(plan: VivaImportPlan): Map<string, string> {
  const latest = new Map<string, string>();
  for (const checkin of plan.checkins) {
    const key = targetKey(checkin.target);
    const date = isoTime(checkin.date);
    if ((latest.get(key) ?? '') < date) latest.set(key, date);
  }
  return latest;
}

function isoTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InconsistentPlanError(`"${value.slice(0, 40)}" is not a time`);
  return new Date(ms).toISOString();
}

export async function writeCycles(state: CommitState, plan: VivaImportPlan): Promise<void> {
  const rows = [];
  for (const cycle of plan.cycles) {
    const { id, isNew } = localIdOf(state, 'cycle', cycle.existingId);
    state.cycleIds.set(cycle.externalId, id);
    state.refs.push({ kind: 'cycle', externalId: cycle.externalId, localId: id });
    const fields = { name: cycle.name, start_date: cycle.startDate, end_date: cycle.endDate };
    if (isNew) rows.push({ id, ...fields, created_at: state.now, updated_at: state.now });
    else await updateCycle(state.trx, id, { name: cycle.name, startDate: cycle.startDate, endDate: cycle.endDate }, state.now);
  }
  await insertCycles(state.trx, rows);
}

/** Teams, then their parents (once every team has an id; a parent that would close a loop with teams already in Pacer is left out), then owners added. */
export async function writeTeams(state: CommitState, plan: VivaImportPlan): Promise<void> {
  const rows = [];
  for (const team of plan.teams) {
    const { id, isNew } = localIdOf(state, 'team', team.existingId);
    state.teamIds.set(team.externalId, id);
    state.refs.push({ kind: 'team', externalId: team.externalId, localId: id });
    if (isNew) rows.push({ id, name: team.name, parent_team_id: null, created_at: state.now, updated_at: state.now });
    else await updateTeam(state.trx, id, { name: team.name }, state.now);
  }
  await insertTeams(state.trx, rows);
  const parents = await listTeamParents(state.trx);
  for (const team of plan.teams) {
    const id = state.teamIds.get(team.externalId);
    const parentId = team.parentExternalId === null ? undefined : state.teamIds.get(team.parentExternalId);
    if (id === undefined || parentId === undefined) continue;
    let loops = false;
    for (let at: string | undefined = parentId, steps = 0; at !== undefined && steps <= parents.size; at = parents.get(at)?.[0], steps += 1) {
      if (at === id) loops = true;
    }
    if (loops) {
      state.warnings.push(`Team "${team.name}": its parent team would make a loop with the teams already in Pacer; it keeps the parent it had`);
      continue;
    }
    parents.set(id, [parentId]);
    await updateTeam(state.trx, id, { parentId }, state.now);
  }
  const rowsOf = (emailsOf: (team: PlannedTeam) => string[]) =>
    plan.teams.flatMap((team) =>
      emailsOf(team).flatMap((email) => {
        const teamId = state.teamIds.get(team.externalId);
        const userId = userIdOf(state, email);
        return teamId !== undefined && userId !== null ? [{ team_id: teamId, user_id: userId }] : [];
      }),
    );
  await addTeamUsers(state.trx, 'team_owners', rowsOf((team) => team.ownerEmails));
  await addTeamUsers(state.trx, 'team_members', rowsOf((team) => team.memberEmails));
}

/**
 * True when a matched row already holds what the file says (its closing time aside, which a
 * re-import keeps): importing the same file again then costs a read per 500 rows, not an UPDATE
 * per row.
 */
function unchanged(stored: Record<string, unknown> | undefined, changes: Record<string, unknown>, closedAt: string | null): boolean {
  if (stored === undefined || (stored.closed_at === null) !== (closedAt === null)) return false;
  return Object.entries(changes).every(([column, value]) => column === 'updated_at' || value === undefined || stored[column] === value || (typeof value === 'number' && Number(stored[column]) === value));
}

/** New objectives ordered parents first: parent_id is a foreign key checked per INSERT statement. */
function parentsFirst(objectives: PlannedObjective[]): PlannedObjective[] {
  const byId = new Map(objectives.map((objective) => [objective.externalId, objective]));
  const ordered: PlannedObjective[] = [];
  const placed = new Set<string>();
  const stack: { objective: PlannedObjective; expanded: boolean }[] = [];
  for (const root of objectives) {
    stack.push({ objective: root, expanded: false });
    // Iterative depth-first walk: an alignment chain can be thousands deep in a generated file.
    while (stack.length > 0) {
      const top = stack.pop() as { objective: PlannedObjective; expanded: boolean };
      if (placed.has(top.objective.externalId)) continue;
      if (top.expanded) {
        placed.add(top.objective.externalId);
        ordered.push(top.objective);
        continue;
      }
      stack.push({ objective: top.objective, expanded: true });
      for (const parent of top.objective.parents) {
        const next = byId.get(parent.externalId);
        if (next && !placed.has(next.externalId)) stack.push({ objective: next, expanded: false });
      }
    }
  }
  return ordered;
}

export async function writeObjectives(state: CommitState, plan: VivaImportPlan): Promise<void> {
  const latest = latestCheckins(plan);
  const newOnes = new Set<string>();
  for (const objective of plan.objectives) {
    const { id, isNew } = localIdOf(state, 'objective', objective.existingId);
    state.objectiveIds.set(objective.externalId, id);
    state.refs.push({ kind: 'objective', externalId: objective.externalId, localId: id });
    if (isNew) newOnes.add(objective.externalId);
  }
  const parentRows: { objective_id: string; parent_objective_id: string; weight: number | null; position: number }[] = [];
  const teamRows: { objective_id: string; team_id: string }[] = [];
  const milestoneRows: Insertable<MilestonesTable>[] = [];
  const rowOf = (objective: PlannedObjective): Insertable<ObjectivesTable> & { id: string } => {
    const id = state.objectiveIds.get(objective.externalId) as string;
    const cycleId = state.cycleIds.get(objective.cycleExternalId);
    if (cycleId === undefined) throw new InconsistentPlanError(`objective ${objective.externalId}'s cycle ${objective.cycleExternalId} is not in it`);
    const weights = new Map<string, number | null>();
    for (const parent of objective.parents) {
      const parentId = state.objectiveIds.get(parent.externalId);
      if (parentId === undefined) state.warnings.push(`Objective ${objective.externalId}: its alignment to ${parent.externalId}, which is not in the file, was left out`);
      else if (parentId !== id && !weights.has(parentId)) weights.set(parentId, parent.weight);
    }
    const parentIds = [...weights.keys()];
    parentIds.forEach((parentId, position) => parentRows.push({ objective_id: id, parent_objective_id: parentId, weight: weights.get(parentId) ?? null, position }));
    for (const teamId of new Set(objective.teamExternalIds.map((team) => state.teamIds.get(team)))) if (teamId !== undefined) teamRows.push({ objective_id: id, team_id: teamId });
    for (const milestone of objective.milestones) milestoneRows.push({ id: crypto.randomUUID(), objective_id: id, key_result_id: null, date: milestone.date, value: milestone.value });
    return {
      id,
      cycle_id: cycleId,
      title: objective.title,
      description: objective.description,
      owner_id: userIdOf(state, objective.ownerEmail),
      parent_id: parentIds[0] ?? null,
      start_date: objective.startDate,
      end_date: objective.endDate,
      progress_mode: objective.progressMode,
      manual_progress: objective.progressMode === 'manual' ? objective.manualProgress : null,
      created_at: objective.createdAt ?? state.now,
      updated_at: state.now,
      closed_at: objective.closed ? (objective.closedAt ?? latest.get(`objective:${objective.externalId}`) ?? state.now) : null,
      score: objective.score,
    };
  };
  const newRows = parentsFirst(plan.objectives.filter((objective) => newOnes.has(objective.externalId))).map(rowOf);
  await insertObjectives(state.trx, newRows);
  const matched = plan.objectives.filter((objective) => !newOnes.has(objective.externalId));
  const matchedRows = matched.map(rowOf);
  await clearImportedRelations(
    state.trx,
    matchedRows.map((row) => row.id),
    [],
  );
  const storedObjectives = await findObjectiveRows(state.trx, matchedRows.map((row) => row.id));
  for (const { id, created_at: _created, closed_at: closedAt, ...changes } of matchedRows) {
    if (unchanged(storedObjectives.get(id), changes, closedAt ?? null)) continue;
    await updateImportedObjective(state.trx, id, { ...changes, closed_at: closedAt ?? null });
  }
  await insertObjectiveParents(state.trx, parentRows);
  await insertObjectiveTeams(state.trx, teamRows);
  await insertMilestones(state.trx, milestoneRows);
}

export async function writeKeyResults(state: CommitState, plan: VivaImportPlan): Promise<void> {
  const latest = latestCheckins(plan);
  const newRows: Insertable<KeyResultsTable>[] = [];
  const matchedRows: (Insertable<KeyResultsTable> & { id: string })[] = [];
  const milestoneRows: Insertable<MilestonesTable>[] = [];
  for (const keyResult of plan.keyResults) {
    const objectiveId = state.objectiveIds.get(keyResult.objectiveExternalId);
    if (objectiveId === undefined) throw new InconsistentPlanError(`key result ${keyResult.externalId}'s objective ${keyResult.objectiveExternalId} is not in it`);
    const { id, isNew } = localIdOf(state, 'keyResult', keyResult.existingId);
    state.keyResultIds.set(keyResult.externalId, id);
    state.refs.push({ kind: 'keyResult', externalId: keyResult.externalId, localId: id });
    for (const milestone of keyResult.milestones) milestoneRows.push({ id: crypto.randomUUID(), objective_id: null, key_result_id: id, date: milestone.date, value: milestone.value });
    const row = {
      id,
      objective_id: objectiveId,
      title: keyResult.title,
      owner_id: userIdOf(state, keyResult.ownerEmail),
      start_value: keyResult.startValue,
      target_value: keyResult.targetValue,
      current_value: keyResult.currentValue,
      unit: keyResult.unit,
      weight: keyResult.weight,
      created_at: keyResult.createdAt ?? state.now,
      updated_at: state.now,
      closed_at: keyResult.closed ? (keyResult.closedAt ?? latest.get(`keyResult:${keyResult.externalId}`) ?? state.now) : null,
      score: keyResult.score,
    };
    (isNew ? newRows : matchedRows).push(row);
  }
  await insertKeyResults(state.trx, newRows);
  await clearImportedRelations(
    state.trx,
    [],
    matchedRows.map((row) => row.id),
  );
  const storedKeyResults = await findKeyResultRows(state.trx, matchedRows.map((row) => row.id));
  for (const { id, created_at: _created, closed_at: closedAt, ...changes } of matchedRows) {
    if (unchanged(storedKeyResults.get(id), changes, closedAt ?? null)) continue;
    await updateImportedKeyResult(state.trx, id, { ...changes, closed_at: closedAt ?? null });
  }
  await insertMilestones(state.trx, milestoneRows);
}

function targetColumns(state: CommitState, target: PlannedTarget, what: string): { objective_id: string | null; key_result_id: string | null } {
  const id = target.kind === 'objective' ? state.objectiveIds.get(target.externalId) : state.keyResultIds.get(target.externalId);
  if (id === undefined) throw new InconsistentPlanError(`${what}'s ${target.kind === 'objective' ? 'objective' : 'key result'} ${target.externalId} is not in it`);
  return target.kind === 'objective' ? { objective_id: id, key_result_id: null } : { objective_id: null, key_result_id: id };
}

/**
 * Check-ins and comments not imported before. A check-in's time is its date, made 1 ms later than
 * the item's previous one when equal: history is ordered by time alone (check-ins-repository.ts).
 */
export async function writeCheckinsAndComments(state: CommitState, plan: VivaImportPlan): Promise<void> {
  const checkinRows: Insertable<CheckInsTable>[] = [];
  const lastTime = new Map<string, number>();
  for (const checkin of plan.checkins) {
    const columns = targetColumns(state, checkin.target, `check-in ${checkin.externalId}`);
    const { id, isNew } = localIdOf(state, 'checkin', checkin.existingId);
    if (!isNew) continue;
    const key = targetKey(checkin.target);
    const ms = Math.max(Date.parse(isoTime(checkin.date)), (lastTime.get(key) ?? Number.NEGATIVE_INFINITY) + 1);
    lastTime.set(key, ms);
    checkinRows.push({ id, ...columns, value: checkin.value, note: checkin.note, author_id: userIdOf(state, checkin.authorEmail) ?? state.actorId, created_at: new Date(ms).toISOString() });
    state.refs.push({ kind: 'checkin', externalId: checkin.externalId, localId: id });
  }
  await insertCheckIns(state.trx, checkinRows);
  const commentRows: Insertable<CommentsTable>[] = [];
  for (const comment of plan.comments) {
    const columns = targetColumns(state, comment.target, `comment ${comment.externalId}`);
    const { id, isNew } = localIdOf(state, 'comment', comment.existingId);
    if (!isNew) continue;
    commentRows.push({ id, ...columns, author_id: userIdOf(state, comment.authorEmail), text: comment.text, created_at: comment.createdAt === null ? state.now : isoTime(comment.createdAt) });
    state.refs.push({ kind: 'comment', externalId: comment.externalId, localId: id });
  }
  await insertComments(state.trx, commentRows);
}
