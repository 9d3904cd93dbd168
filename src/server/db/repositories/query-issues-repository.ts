/**
 * Reads of a query's member issues from the Jira issue mirror (jira_query_issues joined to
 * jira_issues), one page at a time: the issue list of a link. Pages follow sort_key (the Jira issue
 * id, zero-padded), which stays the same while an issue moves project or status, so a keyset cursor
 * on it gives every issue once however the rows change between two page requests.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { toCount } from '../database';
import type { Db } from './integration-links-repository';

/** Which member rows a link counts as not done, expressed on the membership snapshot. */
export type NotDoneFilter =
  | { type: 'status_category' }
  | { type: 'resolution' }
  /** The exact snapshot status names that are done (the service resolves the rule's names to these). */
  | { type: 'statuses'; doneStatuses: readonly string[] };

export interface QueryIssueFilters {
  /** Rows matching this are left out: the link's done rule, when only open issues are asked for. */
  notDone?: NotDoneFilter;
  /** Text the key or summary contains, case-insensitively. */
  q?: string;
}

export interface QueryIssueRecord {
  issueId: string;
  sortKey: string;
  key: string;
  summary: string;
  assignee: string | null;
  resolutionDate: string | null;
  storyPoints: number | null;
  /** JSON object fieldId → number|null, as the mirror stores it. */
  numericFields: string;
  /** What this query saw at its last sync: the fields the done rule reads. */
  status: string;
  statusCategory: string;
  hasResolution: boolean;
}

/** Where a link's issues come from: the query it last synced and its connection's base URL. */
export interface LinkIssueSource {
  syncedQueryHash: string | null;
  connectionUrl: string | null;
}

export async function findLinkIssueSource(db: Db, linkId: string): Promise<LinkIssueSource | null> {
  const row = await db
    .selectFrom('integration_links')
    .leftJoin('jira_connections', 'jira_connections.id', 'integration_links.connection_id')
    .select(['integration_links.synced_query_hash', 'jira_connections.url'])
    .where('integration_links.id', '=', linkId)
    .executeTakeFirst();
  return row ? { syncedQueryHash: row.synced_query_hash, connectionUrl: row.url } : null;
}

/** The distinct snapshot status names among a query's members (few), so a status-name rule can be applied exactly. */
export async function listMemberStatuses(db: Db, queryHash: string): Promise<string[]> {
  const rows = await db
    .selectFrom('jira_query_issues')
    .select('status')
    .distinct()
    .where('query_hash', '=', queryHash)
    .where('left_generation', 'is', null)
    .execute();
  return rows.map((row) => row.status);
}

/** LIKE's wildcards typed by a person are literal text. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function membersOf(db: Db, queryHash: string, filters: QueryIssueFilters) {
  let query = db
    .selectFrom('jira_query_issues as qi')
    .innerJoin('jira_issues as i', (join) => join.onRef('i.connection_id', '=', 'qi.connection_id').onRef('i.issue_id', '=', 'qi.issue_id'))
    .where('qi.query_hash', '=', queryHash)
    .where('qi.left_generation', 'is', null);
  const notDone = filters.notDone;
  if (notDone?.type === 'status_category') query = query.where('qi.status_category', '<>', 'done');
  if (notDone?.type === 'resolution') query = query.where('qi.has_resolution', '=', 0);
  if (notDone?.type === 'statuses' && notDone.doneStatuses.length > 0) query = query.where('qi.status', 'not in', [...notDone.doneStatuses]);
  const q = filters.q?.trim() ?? '';
  if (q !== '') {
    const pattern = containsPattern(q);
    // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's only for non-ASCII letters.
    const matches = (column: 'i.issue_key' | 'i.summary'): Expression<SqlBool> => sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`;
    query = query.where((eb) => eb.or([matches('i.issue_key'), matches('i.summary')]));
  }
  return query;
}

/** Up to `limit` members after `afterSortKey` (null: from the start), in sort_key order. */
export async function listQueryIssuesPage(
  db: Db,
  queryHash: string,
  page: { afterSortKey: string | null; limit: number },
  filters: QueryIssueFilters = {},
): Promise<QueryIssueRecord[]> {
  let query = membersOf(db, queryHash, filters);
  if (page.afterSortKey !== null) query = query.where('i.sort_key', '>', page.afterSortKey);
  const rows = await query
    .select([
      'i.issue_id',
      'i.sort_key',
      'i.issue_key',
      'i.summary',
      'i.assignee',
      'i.resolution_date',
      'i.story_points',
      'i.numeric_fields',
      'qi.status',
      'qi.status_category',
      'qi.has_resolution',
    ])
    .orderBy('i.sort_key')
    .limit(page.limit)
    .execute();
  return rows.map((row) => ({
    issueId: row.issue_id,
    sortKey: row.sort_key,
    key: row.issue_key,
    summary: row.summary,
    assignee: row.assignee,
    resolutionDate: row.resolution_date,
    storyPoints: row.story_points === null ? null : Number(row.story_points),
    numericFields: row.numeric_fields,
    status: row.status,
    statusCategory: row.status_category,
    hasResolution: Number(row.has_resolution) === 1,
  }));
}

/** How many members match the filters (all pages together). */
export async function countQueryIssues(db: Db, queryHash: string, filters: QueryIssueFilters = {}): Promise<number> {
  const row = await membersOf(db, queryHash, filters)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return toCount(row.count);
}
