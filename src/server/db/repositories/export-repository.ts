/**
 * SQL for the Pacer export (GET /api/v1/exports/pacer): every row the document holds, one query per
 * table, in a stable order (so two exports of the same data are the same bytes apart from the
 * time). Only what the export may show is selected: no password hashes, sessions or tokens, and of
 * a Jira connection only its name — its URL, username and secrets never leave this file.
 */
import type { Db } from '../database';

export interface ExportUserRow {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  deactivatedAt: string | null;
}

export interface ExportObjectiveRow {
  id: string;
  cycleId: string;
  title: string;
  description: string;
  ownerId: string | null;
  startDate: string | null;
  endDate: string | null;
  progressMode: 'key_results' | 'manual';
  manualProgress: number | null;
  closedAt: string | null;
  score: number | null;
  createdAt: string;
}

export interface ExportKeyResultRow {
  id: string;
  objectiveId: string;
  title: string;
  ownerId: string | null;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string;
  weight: number;
  closedAt: string | null;
  score: number | null;
  createdAt: string;
}

export interface ExportHistoryRow {
  id: string;
  objectiveId: string | null;
  keyResultId: string | null;
  authorId: string | null;
  createdAt: string;
}

export interface ExportJiraLinkRow {
  objectiveId: string | null;
  keyResultId: string | null;
  connectionName: string | null;
  jql: string;
  metric: 'percent_done' | 'done_count' | 'points_done' | 'field_sum';
  options: string;
}

const nullableNumber = (value: number | null): number | null => (value === null ? null : Number(value));

export async function listUsersForExport(db: Db): Promise<ExportUserRow[]> {
  const rows = await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'deactivated_at']).orderBy('email').execute();
  return rows.map((row) => ({ id: row.id, email: row.email, name: row.name, role: row.role, deactivatedAt: row.deactivated_at }));
}

export async function listTeamsForExport(db: Db): Promise<{ teams: { id: string; name: string; parentId: string | null }[]; owners: { teamId: string; userId: string }[]; members: { teamId: string; userId: string }[] }> {
  const [teams, owners, members] = await Promise.all([
    db.selectFrom('teams').select(['id', 'name', 'parent_team_id']).orderBy('name').orderBy('id').execute(),
    db.selectFrom('team_owners').select(['team_id', 'user_id']).orderBy('team_id').orderBy('user_id').execute(),
    db.selectFrom('team_members').select(['team_id', 'user_id']).orderBy('team_id').orderBy('user_id').execute(),
  ]);
  return {
    teams: teams.map((row) => ({ id: row.id, name: row.name, parentId: row.parent_team_id })),
    owners: owners.map((row) => ({ teamId: row.team_id, userId: row.user_id })),
    members: members.map((row) => ({ teamId: row.team_id, userId: row.user_id })),
  };
}

export async function listCyclesForExport(db: Db): Promise<{ id: string; name: string; startDate: string; endDate: string }[]> {
  const rows = await db.selectFrom('cycles').select(['id', 'name', 'start_date', 'end_date']).orderBy('start_date').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, startDate: row.start_date, endDate: row.end_date }));
}

export async function listObjectivesForExport(db: Db): Promise<ExportObjectiveRow[]> {
  const rows = await db
    .selectFrom('objectives')
    .select(['id', 'cycle_id', 'title', 'description', 'owner_id', 'start_date', 'end_date', 'progress_mode', 'manual_progress', 'closed_at', 'score', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    cycleId: row.cycle_id,
    title: row.title,
    description: row.description,
    ownerId: row.owner_id,
    startDate: row.start_date,
    endDate: row.end_date,
    progressMode: row.progress_mode,
    manualProgress: nullableNumber(row.manual_progress),
    closedAt: row.closed_at,
    score: nullableNumber(row.score),
    createdAt: row.created_at,
  }));
}

/** Parents (in position order), teams and milestones of every objective and key result. */
export async function listRelationsForExport(db: Db): Promise<{
  parents: { objectiveId: string; parentId: string; weight: number | null }[];
  objectiveTeams: { objectiveId: string; teamId: string }[];
  milestones: { keyResultId: string | null; objectiveId: string | null; date: string; value: number }[];
}> {
  const [parents, objectiveTeams, milestones] = await Promise.all([
    db.selectFrom('objective_parents').select(['objective_id', 'parent_objective_id', 'weight']).orderBy('objective_id').orderBy('position').execute(),
    db.selectFrom('objective_teams').select(['objective_id', 'team_id']).orderBy('objective_id').orderBy('team_id').execute(),
    db.selectFrom('milestones').select(['key_result_id', 'objective_id', 'date', 'value']).orderBy('date').orderBy('id').execute(),
  ]);
  return {
    parents: parents.map((row) => ({ objectiveId: row.objective_id, parentId: row.parent_objective_id, weight: nullableNumber(row.weight) })),
    objectiveTeams: objectiveTeams.map((row) => ({ objectiveId: row.objective_id, teamId: row.team_id })),
    milestones: milestones.map((row) => ({ keyResultId: row.key_result_id, objectiveId: row.objective_id, date: row.date, value: Number(row.value) })),
  };
}

export async function listKeyResultsForExport(db: Db): Promise<ExportKeyResultRow[]> {
  const rows = await db
    .selectFrom('key_results')
    .select(['id', 'objective_id', 'title', 'owner_id', 'start_value', 'target_value', 'current_value', 'unit', 'weight', 'closed_at', 'score', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    objectiveId: row.objective_id,
    title: row.title,
    ownerId: row.owner_id,
    startValue: Number(row.start_value),
    targetValue: Number(row.target_value),
    currentValue: Number(row.current_value),
    unit: row.unit,
    weight: Number(row.weight),
    closedAt: row.closed_at,
    score: nullableNumber(row.score),
    createdAt: row.created_at,
  }));
}

export async function listCheckInsForExport(db: Db): Promise<(ExportHistoryRow & { value: number; note: string })[]> {
  const rows = await db.selectFrom('check_ins').select(['id', 'objective_id', 'key_result_id', 'author_id', 'value', 'note', 'created_at']).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, objectiveId: row.objective_id, keyResultId: row.key_result_id, authorId: row.author_id, value: Number(row.value), note: row.note, createdAt: row.created_at }));
}

export async function listCommentsForExport(db: Db): Promise<(ExportHistoryRow & { text: string })[]> {
  const rows = await db.selectFrom('comments').select(['id', 'objective_id', 'key_result_id', 'author_id', 'text', 'created_at']).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, objectiveId: row.objective_id, keyResultId: row.key_result_id, authorId: row.author_id, text: row.text, createdAt: row.created_at }));
}

export async function listJiraLinksForExport(db: Db): Promise<ExportJiraLinkRow[]> {
  const rows = await db
    .selectFrom('integration_links')
    .leftJoin('jira_connections', 'jira_connections.id', 'integration_links.connection_id')
    .select(['integration_links.objective_id', 'integration_links.key_result_id', 'jira_connections.name as connection_name', 'integration_links.jql', 'integration_links.metric', 'integration_links.options'])
    .orderBy('integration_links.created_at')
    .orderBy('integration_links.id')
    .execute();
  return rows.map((row) => ({ objectiveId: row.objective_id, keyResultId: row.key_result_id, connectionName: row.connection_name, jql: row.jql, metric: row.metric, options: row.options }));
}
