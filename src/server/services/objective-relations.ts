/**
 * An objective's parents (alignment with weights), teams and milestones: reading the request's
 * wishes into complete lists, checking what a schema cannot (ids exist, no loop, milestones inside
 * the period) with the field named as the request named it, and writing them in the caller's
 * transaction. `parentId` is the first parent: given alone it replaces only the first parent (what
 * a client that knows one parent means), null clears them all.
 */
import type { Kysely } from 'kysely';
import { findLoopingParent, milestoneProblems, type Period } from '../../core';
import { listParentsOf, loadAncestry, replaceParents, type ParentLink } from '../db/repositories/alignment-repository';
import { replaceMilestones, type MilestoneOwner, type MilestoneRecord } from '../db/repositories/milestones-repository';
import { findObjectivesByIds } from '../db/repositories/objectives-repository';
import { existingTeamIds, replaceObjectiveTeams } from '../db/repositories/teams-repository';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';
import type { FieldProblem } from '../errors';

export interface ParentsInput {
  parentId?: string | null;
  parents?: ReadonlyArray<{ objectiveId: string; weight?: number | null }>;
}

/** The parents asked for, and the field each came from (for messages); undefined when the request leaves them alone. */
export interface WantedParents {
  list: ParentLink[];
  fieldOf: (index: number) => string;
}

/**
 * Turns `parentId` / `parents` into the full new list. `current` is the objective's list today
 * ([] for a new one).
 */
export function wantedParents(input: ParentsInput, current: readonly ParentLink[], problems: FieldProblem[]): WantedParents | undefined {
  if (input.parents !== undefined) {
    const list = input.parents.map((p) => ({ parentId: p.objectiveId, weight: p.weight ?? null }));
    if (input.parentId !== undefined && input.parentId !== (list[0]?.parentId ?? null)) {
      problems.push({ field: 'parentId', message: 'differs from the first of parents; send only parents, or make parentId its first objectiveId' });
    }
    return { list, fieldOf: (index) => `parents.${index}.objectiveId` };
  }
  if (input.parentId === undefined) return undefined;
  if (input.parentId === null) return { list: [], fieldOf: () => 'parentId' };
  const first = input.parentId;
  const kept = current.find((p) => p.parentId === first);
  const others = current.slice(1).filter((p) => p.parentId !== first);
  return { list: [{ parentId: first, weight: kept?.weight ?? null }, ...others], fieldOf: () => 'parentId' };
}

/**
 * Each parent must be another existing objective (any cycle), listed once, and must not be this
 * objective's descendant: that would make alignment a loop, which the roll-up cannot measure.
 */
export async function checkParents(db: Kysely<Database>, objectiveId: string | null, wanted: WantedParents, problems: FieldProblem[]): Promise<void> {
  const ids = wanted.list.map((p) => p.parentId);
  const existing = await findObjectivesByIds(db, ids);
  const seen = new Set<string>();
  let allFine = true;
  wanted.list.forEach((parent, index) => {
    const field = wanted.fieldOf(index);
    let problem: string | null = null;
    if (parent.parentId === objectiveId) problem = 'an objective cannot be aligned under itself; pick another parent';
    else if (seen.has(parent.parentId)) problem = `lists objective "${parent.parentId}" twice; list each parent once`;
    else if (!existing.has(parent.parentId)) problem = `no objective has the id "${parent.parentId}"; pick an existing objective`;
    seen.add(parent.parentId);
    if (problem !== null) {
      allFine = false;
      problems.push({ field, message: problem });
    }
  });
  if (!allFine || objectiveId === null || ids.length === 0) return;
  const looping = findLoopingParent(objectiveId, ids, await loadAncestry(db, ids));
  if (looping !== null) {
    problems.push({
      field: wanted.fieldOf(ids.indexOf(looping)),
      message: `objective "${looping}" is aligned under this one, so making it a parent would create a loop; pick an objective outside this one's subtree`,
    });
  }
}

/** The parents an objective has now, first first. */
export async function currentParents(db: Kysely<Database>, objectiveId: string): Promise<ParentLink[]> {
  return (await listParentsOf(db, [objectiveId])).get(objectiveId) ?? [];
}

export async function checkTeams(db: Kysely<Database>, teamIds: readonly string[], problems: FieldProblem[]): Promise<void> {
  const existing = await existingTeamIds(db, teamIds);
  const missing = teamIds.filter((id) => !existing.has(id));
  if (missing.length > 0) {
    problems.push({ field: 'teamIds', message: `no team has the id "${missing.join('", "')}"; pick existing teams (GET /api/v1/teams)` });
  }
}

/** Milestones must fall inside the period the item is measured against, in strictly increasing dates. */
export function checkMilestones(milestones: readonly MilestoneRecord[], period: Period, problems: FieldProblem[]): void {
  for (const problem of milestoneProblems(milestones, period)) {
    problems.push({ field: `milestones.${problem.index}.${problem.part}`, message: problem.message });
  }
}

/** Writes whatever the request changed; call inside the transaction that writes the objective. */
export async function writeObjectiveRelations(
  trx: Db,
  objectiveId: string,
  changes: { parents?: WantedParents; teamIds?: readonly string[]; milestones?: readonly MilestoneRecord[] },
  now: string,
): Promise<void> {
  if (changes.parents !== undefined) await replaceParents(trx, objectiveId, changes.parents.list, now);
  if (changes.teamIds !== undefined) await replaceObjectiveTeams(trx, objectiveId, changes.teamIds);
  if (changes.milestones !== undefined) await replaceMilestones(trx, { objectiveId }, changes.milestones);
}

export async function writeKeyResultMilestones(trx: Db, owner: MilestoneOwner, milestones: readonly MilestoneRecord[] | undefined): Promise<void> {
  if (milestones !== undefined) await replaceMilestones(trx, owner, milestones);
}
