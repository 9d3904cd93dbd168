/**
 * SQL for teams, their owners and members, and the teams objectives belong to. Owner and member
 * lists are replaced whole, inside the caller's transaction.
 */
import type { Db } from '../database';
import { chunked, unique } from '../in-list-chunks';
import { deleteRefsTo } from './external-refs-repository';

export interface TeamRecord {
  id: string;
  name: string;
  parentId: string | null;
  ownerIds: string[];
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TeamFields {
  name: string;
  parentId: string | null;
}

/** Every team (or these), name order, with owner and member ids. */
export async function listTeams(db: Db, ids?: readonly string[]): Promise<TeamRecord[]> {
  if (ids !== undefined && ids.length === 0) return [];
  let query = db.selectFrom('teams').selectAll().orderBy('name').orderBy('id');
  if (ids !== undefined) query = query.where('id', 'in', unique(ids));
  const rows = await query.execute();
  const teamIds = rows.map((row) => row.id);
  const [owners, members] = await Promise.all([usersOf(db, 'team_owners', teamIds), usersOf(db, 'team_members', teamIds)]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    parentId: row.parent_team_id,
    ownerIds: owners.get(row.id) ?? [],
    memberIds: members.get(row.id) ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export async function findTeam(db: Db, id: string): Promise<TeamRecord | null> {
  const [team] = await listTeams(db, [id]);
  return team ?? null;
}

async function usersOf(db: Db, table: 'team_owners' | 'team_members', teamIds: readonly string[]): Promise<Map<string, string[]>> {
  const byTeam = new Map<string, string[]>();
  for (const chunk of chunked(teamIds)) {
    const rows = await db.selectFrom(table).select(['team_id', 'user_id']).where('team_id', 'in', chunk).orderBy('user_id').execute();
    for (const row of rows) byTeam.set(row.team_id, [...(byTeam.get(row.team_id) ?? []), row.user_id]);
  }
  return byTeam;
}

/** Parent team id of every team (for the loop check: teams are few). */
export async function listTeamParents(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('teams').select(['id', 'parent_team_id']).execute();
  return new Map(rows.map((row) => [row.id, row.parent_team_id === null ? [] : [row.parent_team_id]]));
}

/** Which of these ids are teams. */
export async function existingTeamIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunked(unique(ids))) {
    for (const row of await db.selectFrom('teams').select('id').where('id', 'in', chunk).execute()) found.add(row.id);
  }
  return found;
}

export async function insertTeam(db: Db, fields: TeamFields, now: string): Promise<string> {
  const id = crypto.randomUUID();
  await db.insertInto('teams').values({ id, name: fields.name, parent_team_id: fields.parentId, created_at: now, updated_at: now }).execute();
  return id;
}

export async function updateTeam(db: Db, id: string, changes: Partial<TeamFields>, now: string): Promise<void> {
  await db
    .updateTable('teams')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.parentId !== undefined ? { parent_team_id: changes.parentId } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Replaces a team's owners or members with these user ids. */
export async function replaceTeamUsers(db: Db, table: 'team_owners' | 'team_members', teamId: string, userIds: readonly string[]): Promise<void> {
  await db.deleteFrom(table).where('team_id', '=', teamId).execute();
  const ids = unique(userIds);
  if (ids.length > 0) await db.insertInto(table).values(ids.map((userId) => ({ team_id: teamId, user_id: userId }))).execute();
}

/** Deletes a team: sub-teams become top-level, objectives simply stop belonging to it. Run inside a transaction. */
export async function deleteTeam(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('teams').set({ parent_team_id: null, updated_at: now }).where('parent_team_id', '=', id).execute();
  await db.deleteFrom('objective_teams').where('team_id', '=', id).execute();
  await db.deleteFrom('team_owners').where('team_id', '=', id).execute();
  await db.deleteFrom('team_members').where('team_id', '=', id).execute();
  await deleteRefsTo(db, [id]);
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

/** The teams a user owns or is a member of. */
export async function listTeamIdsOfUser(db: Db, userId: string): Promise<Set<string>> {
  const [owned, member] = await Promise.all([
    db.selectFrom('team_owners').select('team_id').where('user_id', '=', userId).execute(),
    db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute(),
  ]);
  return new Set([...owned, ...member].map((row) => row.team_id));
}

/** The team ids of these objectives, keyed by objective id; objectives in no team are absent. */
export async function listTeamIdsOfObjectives(db: Db, objectiveIds: readonly string[]): Promise<Map<string, string[]>> {
  const byObjective = new Map<string, string[]>();
  for (const chunk of chunked(unique(objectiveIds))) {
    const rows = await db.selectFrom('objective_teams').select(['objective_id', 'team_id']).where('objective_id', 'in', chunk).orderBy('team_id').execute();
    for (const row of rows) byObjective.set(row.objective_id, [...(byObjective.get(row.objective_id) ?? []), row.team_id]);
  }
  return byObjective;
}

/** The team ids of every objective of a cycle in one joined query (the OKR page's list). */
export async function listTeamIdsInCycle(db: Db, cycleId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('objective_teams')
    .innerJoin('objectives', 'objectives.id', 'objective_teams.objective_id')
    .select(['objective_teams.objective_id', 'objective_teams.team_id'])
    .where('objectives.cycle_id', '=', cycleId)
    .orderBy('objective_teams.team_id')
    .execute();
  const byObjective = new Map<string, string[]>();
  for (const row of rows) byObjective.set(row.objective_id, [...(byObjective.get(row.objective_id) ?? []), row.team_id]);
  return byObjective;
}

/** Replaces the teams an objective belongs to. Run inside a transaction. */
export async function replaceObjectiveTeams(db: Db, objectiveId: string, teamIds: readonly string[]): Promise<void> {
  await db.deleteFrom('objective_teams').where('objective_id', '=', objectiveId).execute();
  const ids = unique(teamIds);
  if (ids.length > 0) await db.insertInto('objective_teams').values(ids.map((teamId) => ({ objective_id: objectiveId, team_id: teamId }))).execute();
}
