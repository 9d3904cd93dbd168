/**
 * SQL for the insight of a Jira link (issue 12): its query's current members grouped by the day
 * they were created and the day they were done (one aggregate statement: however many issues the
 * query holds, the answer is a few hundred or thousand groups, never the issues), its recorded
 * runs, the created days of keys runs recorded as added, the items' periods, and the forecast
 * stored on a link.
 */
import { sql, SqliteAdapter, type Expression, type SqlBool } from 'kysely';
import type { MemberDayGroup, RecordedRun } from '../../../core';
import type { Db } from '../database';
import type { StoredForecast } from './integration-links-repository';
import { chunked, unique } from '../in-list-chunks';
import type { NotDoneFilter } from './query-issues-repository';
import type { SyncRunsTable } from '../schema';

/** The link's done rule on the membership snapshot; a status-name rule as the exact snapshot names that are done. */
export type SnapshotDoneFilter = NotDoneFilter;

/** A done issue with no date at all (rows mirrored before issue 10) counts as done since it was created. */
const UNKNOWN_DONE_DAY = '0001-01-01';

function isSqlite(db: Db): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

function doneCondition(rule: SnapshotDoneFilter): Expression<SqlBool> {
  if (rule.type === 'status_category') return sql<SqlBool>`qi.status_category = 'done'`;
  if (rule.type === 'resolution') return sql<SqlBool>`qi.has_resolution = 1`;
  if (rule.doneStatuses.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`qi.status in (${sql.join(rule.doneStatuses)})`;
}

/** The numeric field's value of each issue (0 when it has none), read from the mirror's JSON. */
function fieldValue(db: Db, field: string | null): Expression<number> {
  if (field === null) return sql<number>`0`;
  // The path quotes the field id, so ids with dots or dashes are one key.
  if (isSqlite(db)) return sql<number>`coalesce(json_extract(i.numeric_fields, ${`$."${field.replaceAll('"', '\\"')}"`}), 0)`;
  return sql<number>`coalesce((i.numeric_fields::json ->> ${field})::double precision, 0)`;
}

/**
 * The query's current members grouped by (created day, done day): done by the link's rule on what
 * the query saw at its last sync; done-at is the resolution date, else when the status category
 * last changed (Cloud), else when the issue was last updated. Days are the UTC dates of the
 * mirror's ISO instants (stored in UTC), so the first ten characters.
 */
export async function listMemberDayGroups(db: Db, queryHash: string, rule: SnapshotDoneFilter, field: string | null): Promise<MemberDayGroup[]> {
  const rows = await sql<{ created_day: string | null; done_day: string | null; n: number | string; points: number | string | null; value: number | string | null }>`
    select substr(i.created_at, 1, 10) as created_day,
      case when ${doneCondition(rule)}
        then coalesce(substr(coalesce(i.resolution_date, i.status_category_changed_at, i.updated_at), 1, 10), ${UNKNOWN_DONE_DAY})
        else null end as done_day,
      count(*) as n,
      sum(coalesce(i.story_points, 0)) as points,
      sum(${fieldValue(db, field)}) as value
    from jira_query_issues qi
    join jira_issues i on i.connection_id = qi.connection_id and i.issue_id = qi.issue_id
    where qi.query_hash = ${queryHash} and qi.left_generation is null
    group by 1, 2`.execute(db);
  return rows.rows.map((row) => ({
    createdDay: row.created_day,
    doneDay: row.done_day,
    count: Number(row.n),
    points: Number(row.points ?? 0),
    value: Number(row.value ?? 0),
  }));
}

/** A recorded run with its id, so the key lists can be read for the few runs that need them. */
export interface InsightRunRecord extends RecordedRun {
  id: string;
  linkId: string;
}

const nullableNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

function keyList(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    return [];
  }
}

type RunFigures = Pick<SyncRunsTable, 'id' | 'link_id' | 'finished_at' | 'trigger' | 'total' | 'done' | 'scope_amount' | 'done_amount' | 'progress_before' | 'progress_after'>;

function toRecordedRun(row: RunFigures): InsightRunRecord {
  return {
    id: row.id,
    linkId: row.link_id ?? '',
    at: row.finished_at,
    trigger: row.trigger,
    // Runs before 0011 recorded issue counts only.
    scope: nullableNumber(row.scope_amount) ?? nullableNumber(row.total),
    done: nullableNumber(row.done_amount) ?? nullableNumber(row.done),
    progressBefore: nullableNumber(row.progress_before),
    progressAfter: nullableNumber(row.progress_after),
    addedKeys: [],
    removedKeys: [],
    newlyDoneKeys: [],
    reopenedKeys: [],
  };
}

/**
 * The links' successful runs with their figures but without key lists (a link's first run lists
 * every issue it matched: 50,000 keys are not read to draw a line), oldest first.
 */
export async function listRecordedRuns(db: Db, linkIds: readonly string[]): Promise<InsightRunRecord[]> {
  const runs: InsightRunRecord[] = [];
  for (const ids of chunked(unique(linkIds))) {
    const rows = await db
      .selectFrom('sync_runs')
      .select(['id', 'link_id', 'finished_at', 'trigger', 'total', 'done', 'scope_amount', 'done_amount', 'progress_before', 'progress_after'])
      .where('link_id', 'in', ids)
      .where('outcome', '=', 'ok')
      .orderBy('finished_at')
      .orderBy('id')
      .execute();
    runs.push(...rows.map(toRecordedRun));
  }
  return runs;
}

/** Fills in the key lists of these runs (in place). */
export async function loadRunKeys(db: Db, runs: readonly InsightRunRecord[]): Promise<void> {
  const byId = new Map(runs.map((run) => [run.id, run]));
  for (const ids of chunked([...byId.keys()])) {
    const rows = await db.selectFrom('sync_runs').select(['id', 'added_keys', 'removed_keys', 'newly_done_keys', 'reopened_keys']).where('id', 'in', ids).execute();
    for (const row of rows) {
      const run = byId.get(row.id);
      if (!run) continue;
      run.addedKeys = keyList(row.added_keys);
      run.removedKeys = keyList(row.removed_keys);
      run.newlyDoneKeys = keyList(row.newly_done_keys);
      run.reopenedKeys = keyList(row.reopened_keys);
    }
  }
}

/** The UTC created day of each key in the connection's mirror; keys no longer mirrored map to null. */
export async function findCreatedDays(db: Db, connectionId: string, keys: readonly string[]): Promise<Map<string, string | null>> {
  const days = new Map<string, string | null>(keys.map((key) => [key, null]));
  for (const chunk of chunked(unique(keys))) {
    const rows = await db.selectFrom('jira_issues').select(['issue_key', 'created_at']).where('connection_id', '=', connectionId).where('issue_key', 'in', chunk).execute();
    for (const row of rows) days.set(row.issue_key, row.created_at === null ? null : row.created_at.slice(0, 10));
  }
  return days;
}

/** An item's own dates and its cycle's, for its effective period. */
export interface ItemDates {
  startDate: string | null;
  endDate: string | null;
  cycleStartDate: string;
  cycleEndDate: string;
}

/** The period dates of each link's item (a key result's are its objective's), by link id. */
export async function listLinkItemDates(db: Db, linkIds: readonly string[]): Promise<Map<string, ItemDates>> {
  const dates = new Map<string, ItemDates>();
  for (const ids of chunked(unique(linkIds))) {
    const rows = await db
      .selectFrom('integration_links as l')
      .leftJoin('key_results as k', 'k.id', 'l.key_result_id')
      .innerJoin('objectives as o', (join) => join.on((eb) => eb('o.id', '=', eb.fn.coalesce('l.objective_id', 'k.objective_id'))))
      .innerJoin('cycles as c', 'c.id', 'o.cycle_id')
      .select(['l.id', 'o.start_date', 'o.end_date', 'c.start_date as cycle_start', 'c.end_date as cycle_end'])
      .where('l.id', 'in', ids)
      .execute();
    for (const row of rows) dates.set(row.id, { startDate: row.start_date, endDate: row.end_date, cycleStartDate: row.cycle_start, cycleEndDate: row.cycle_end });
  }
  return dates;
}

// Declared beside LinkRecord, which holds it; re-exported here for the insight services.
export type { StoredForecast };

/** Stores the forecast worked out after a link's sync (a link removed meanwhile is left alone). */
export async function setLinkForecast(db: Db, linkId: string, forecast: StoredForecast): Promise<void> {
  await db
    .updateTable('integration_links')
    .set({
      forecast_reason: forecast.reason,
      forecast_finish_date: forecast.finishDate,
      forecast_finishes_before_end: forecast.finishesBeforeEnd === null ? null : forecast.finishesBeforeEnd ? 1 : 0,
      forecast_at: forecast.at,
    })
    .where('id', '=', linkId)
    .execute();
}

/** The query a link last synced and its connection (null: never synced, or the query is gone). */
export async function findSyncedQuery(db: Db, linkId: string): Promise<{ hash: string; connectionId: string } | null> {
  const row = await db
    .selectFrom('integration_links as l')
    .innerJoin('jira_queries as q', 'q.hash', 'l.synced_query_hash')
    .select(['q.hash', 'q.connection_id'])
    .where('l.id', '=', linkId)
    .executeTakeFirst();
  return row ? { hash: row.hash, connectionId: row.connection_id } : null;
}
