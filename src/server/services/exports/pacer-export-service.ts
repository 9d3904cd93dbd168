/**
 * GET /api/v1/exports/pacer: the whole Pacer as one versioned document (src/contract/exports.ts)
 * that POST /api/v1/imports with source=pacer restores. One query per table (export-repository.ts)
 * and grouping in memory, so an export of 5,000 objectives with 50,000 check-ins is a handful of
 * queries. Read in one transaction so the document is a consistent snapshot (a check-in written
 * meanwhile cannot point at a key result the document lacks).
 */
import type { Kysely } from 'kysely';
import { PACER_EXPORT_FORMAT, PACER_EXPORT_VERSION, type ExportedJiraLink, type PacerExport } from '../../../contract/exports';
import type { Database } from '../../db/schema';
import {
  listCheckInsForExport,
  listCommentsForExport,
  listCyclesForExport,
  listJiraLinksForExport,
  listKeyResultsForExport,
  listObjectivesForExport,
  listRelationsForExport,
  listTeamsForExport,
  listUsersForExport,
  type ExportJiraLinkRow,
} from '../../db/repositories/export-repository';
import { parseStoredOptions } from '../sync/link-options';

function groupBy<T, V>(rows: readonly T[], key: (row: T) => string | null, value: (row: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const id = key(row);
    if (id === null) continue;
    const list = groups.get(id);
    if (list) list.push(value(row));
    else groups.set(id, [value(row)]);
  }
  return groups;
}

function presentLink(row: ExportJiraLinkRow): ExportedJiraLink {
  const options = parseStoredOptions(row.options);
  return {
    objectiveId: row.objectiveId,
    keyResultId: row.keyResultId,
    connectionName: row.connectionName,
    jql: row.jql,
    metric: row.metric,
    startValue: options.startValue,
    targetValue: options.targetValue,
    field: options.field,
    countAll: options.countAll,
    doneRule: options.doneRule,
    periodScoped: options.periodScoped,
  };
}

export async function buildPacerExport(db: Kysely<Database>, now: Date): Promise<PacerExport> {
  return db.transaction().execute(async (trx) => {
    const users = await listUsersForExport(trx);
    const teams = await listTeamsForExport(trx);
    const cycles = await listCyclesForExport(trx);
    const objectives = await listObjectivesForExport(trx);
    const relations = await listRelationsForExport(trx);
    const keyResults = await listKeyResultsForExport(trx);
    const checkIns = await listCheckInsForExport(trx);
    const comments = await listCommentsForExport(trx);
    const links = await listJiraLinksForExport(trx);

    const ownersOf = groupBy(teams.owners, (row) => row.teamId, (row) => row.userId);
    const membersOf = groupBy(teams.members, (row) => row.teamId, (row) => row.userId);
    const parentsOf = groupBy(relations.parents, (row) => row.objectiveId, (row) => ({ objectiveId: row.parentId, weight: row.weight }));
    const teamsOf = groupBy(relations.objectiveTeams, (row) => row.objectiveId, (row) => row.teamId);
    const objectiveMilestones = groupBy(relations.milestones, (row) => row.objectiveId, (row) => ({ date: row.date, value: row.value }));
    const keyResultMilestones = groupBy(relations.milestones, (row) => row.keyResultId, (row) => ({ date: row.date, value: row.value }));

    return {
      format: PACER_EXPORT_FORMAT,
      version: PACER_EXPORT_VERSION,
      exportedAt: now.toISOString(),
      users: users.map(({ deactivatedAt, ...user }) => ({ ...user, deactivated: deactivatedAt !== null })),
      teams: teams.teams.map((team) => ({ ...team, ownerIds: ownersOf.get(team.id) ?? [], memberIds: membersOf.get(team.id) ?? [] })),
      cycles,
      objectives: objectives.map((objective) => ({
        ...objective,
        parents: parentsOf.get(objective.id) ?? [],
        teamIds: teamsOf.get(objective.id) ?? [],
        milestones: objectiveMilestones.get(objective.id) ?? [],
      })),
      keyResults: keyResults.map((keyResult) => ({ ...keyResult, milestones: keyResultMilestones.get(keyResult.id) ?? [] })),
      checkIns,
      comments,
      jiraLinks: links.map(presentLink),
    };
  });
}
