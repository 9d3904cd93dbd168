/**
 * Teams: anyone signed in reads them; admins create them; admins and the team's owners change or
 * delete a team (members only belong to it). Checks what a schema cannot — owners, members and the
 * parent exist, and the parent is not the team itself or one of its sub-teams — and writes each
 * change in one transaction.
 */
import type { Kysely } from 'kysely';
import { findLoopingParent } from '../../core';
import {
  deleteTeam,
  findTeam,
  insertTeam,
  listTeamParents,
  listTeams,
  replaceTeamUsers,
  updateTeam,
  type TeamRecord,
} from '../db/repositories/teams-repository';
import { findUsersByIds } from '../db/repositories/users-repository';
import type { Database } from '../db/schema';
import type { CurrentUser } from '../auth/current-user';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../errors';
import type { Team } from '../../contract/teams';

export interface CreateTeamInput {
  name: string;
  parentId?: string | null;
  ownerIds?: readonly string[];
  memberIds?: readonly string[];
}

export type ChangeTeamInput = Partial<CreateTeamInput>;

function mayEditTeam(team: TeamRecord, user: CurrentUser): boolean {
  return user.role === 'admin' || team.ownerIds.includes(user.id);
}

export function presentTeam(team: TeamRecord, viewer: CurrentUser): Team {
  return {
    id: team.id,
    name: team.name,
    parentId: team.parentId,
    ownerIds: team.ownerIds,
    memberIds: team.memberIds,
    canEdit: mayEditTeam(team, viewer),
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  };
}

async function requireTeam(db: Kysely<Database>, id: string): Promise<TeamRecord> {
  const team = await findTeam(db, id);
  if (!team) throw new NotFoundError(`Team ${id}`);
  return team;
}

function assertMayEdit(team: TeamRecord, user: CurrentUser, action: 'change' | 'delete'): void {
  if (mayEditTeam(team, user)) return;
  throw new ForbiddenError(`Only an admin or an owner of the team "${team.name}" can ${action} it; ask one of them.`);
}

export async function listTeamViews(db: Kysely<Database>, viewer: CurrentUser): Promise<Team[]> {
  return (await listTeams(db)).map((team) => presentTeam(team, viewer));
}

export async function getTeamView(db: Kysely<Database>, id: string, viewer: CurrentUser): Promise<Team> {
  return presentTeam(await requireTeam(db, id), viewer);
}

export async function createTeam(db: Kysely<Database>, input: CreateTeamInput, creator: CurrentUser, now: Date): Promise<Team> {
  const problems: FieldProblem[] = [];
  await checkUsers(db, 'ownerIds', input.ownerIds, problems);
  await checkUsers(db, 'memberIds', input.memberIds, problems);
  await checkParent(db, null, input.parentId ?? null, problems);
  if (problems.length > 0) throw new ValidationError(problems);
  const stamp = now.toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const teamId = await insertTeam(trx, { name: input.name, parentId: input.parentId ?? null }, stamp);
    await replaceTeamUsers(trx, 'team_owners', teamId, input.ownerIds ?? []);
    await replaceTeamUsers(trx, 'team_members', teamId, input.memberIds ?? []);
    return teamId;
  });
  return getTeamView(db, id, creator);
}

export async function changeTeam(db: Kysely<Database>, id: string, input: ChangeTeamInput, editor: CurrentUser, now: Date): Promise<Team> {
  assertMayEdit(await requireTeam(db, id), editor, 'change');
  const problems: FieldProblem[] = [];
  await checkUsers(db, 'ownerIds', input.ownerIds, problems);
  await checkUsers(db, 'memberIds', input.memberIds, problems);
  if (input.parentId !== undefined) await checkParent(db, id, input.parentId, problems);
  if (problems.length > 0) throw new ValidationError(problems);
  await db.transaction().execute(async (trx) => {
    await updateTeam(trx, id, { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.parentId !== undefined ? { parentId: input.parentId } : {}) }, now.toISOString());
    if (input.ownerIds !== undefined) await replaceTeamUsers(trx, 'team_owners', id, input.ownerIds);
    if (input.memberIds !== undefined) await replaceTeamUsers(trx, 'team_members', id, input.memberIds);
  });
  return getTeamView(db, id, editor);
}

/** Sub-teams become top-level; objectives stop belonging to the team and are otherwise untouched. */
export async function removeTeam(db: Kysely<Database>, id: string, remover: CurrentUser, now: Date): Promise<void> {
  assertMayEdit(await requireTeam(db, id), remover, 'delete');
  await db.transaction().execute((trx) => deleteTeam(trx, id, now.toISOString()));
}

async function checkUsers(db: Kysely<Database>, field: 'ownerIds' | 'memberIds', ids: readonly string[] | undefined, problems: FieldProblem[]): Promise<void> {
  if (ids === undefined || ids.length === 0) return;
  const found = await findUsersByIds(db, ids);
  const missing = [...new Set(ids)].filter((userId) => !found.has(userId));
  if (missing.length > 0) problems.push({ field, message: `no user has the id "${missing.join('", "')}"; pick existing users (GET /api/v1/users)` });
}

/** The parent must be another team, and not one of this team's sub-teams (a loop). */
async function checkParent(db: Kysely<Database>, teamId: string | null, parentId: string | null, problems: FieldProblem[]): Promise<void> {
  if (parentId === null) return;
  const parentsOf = await listTeamParents(db);
  if (!parentsOf.has(parentId)) {
    problems.push({ field: 'parentId', message: `no team has the id "${parentId}"; pick an existing team or null for none` });
    return;
  }
  if (teamId !== null && findLoopingParent(teamId, [parentId], parentsOf) !== null) {
    problems.push({
      field: 'parentId',
      message: parentId === teamId
        ? 'a team cannot be its own parent; pick another team or null'
        : 'that team is a sub-team of this one, so making it the parent would create a loop; pick a team outside this one\'s sub-teams',
    });
  }
}
