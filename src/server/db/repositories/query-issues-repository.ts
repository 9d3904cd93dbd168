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

/** Where a link's issues come from: the query it last synced, and the base URL of that query's connection. */
export interface LinkIssueSource {
  queryHash: string;
  connectionUrl: string;
}

/**
 * Null when the link never synced, or its query or connection is gone. The connection is the
 * query's, not the link's: a link moved to another connection lists its last synced issues until
 * it syncs again, and their URLs must still point at the Jira they came from.
 */
export async function findLinkIssueSource(db: Db, linkId: string): Promise<LinkIssueSource | null> {
  const row = await db
    .selectFrom('integration_links')
    .innerJoin('jira_queries', 'jira_queries.hash', 'integration_links.synced_query_hash')
    .innerJoin('jira_connections', 'jira_connections.id', 'jira_queries.connection_id')
    .select(['jira_queries.hash', 'jira_connections.url'])
    .where('integration_links.id', '=', linkId)
    .executeTakeFirst();
  return row ? { queryHash: row.hash, connectionUrl: row.url } : null;
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

/** Members of the query, narrowed by the snapshot's done fields: all that counting needs when no text is searched. */
function snapshotMembersOf(db: Db, queryHash: string, notDone: NotDoneFilter | undefined) {
  let query = db.selectFrom('jira_query_issues as qi').where('qi.query_hash', '=', queryHash).where('qi.left_generation', 'is', null);
  if (notDone?.type === 'status_category') query = query.where('qi.status_category', '<>', 'done');
  if (notDone?.type === 'resolution') query = query.where('qi.has_resolution', '=', 0);
  if (notDone?.type === 'statuses' && notDone.doneStatuses.length > 0) query = query.where('qi.status', 'not in', [...notDone.doneStatuses]);
  return query;
}

function membersOf(db: Db, queryHash: string, filters: QueryIssueFilters) {
  let query = snapshotMembersOf(db, queryHash, filters.notDone).innerJoin('jira_issues as i', (join) =>
    join.onRef('i.connection_id', '=', 'qi.connection_id').onRef('i.issue_id', '=', 'qi.issue_id'),
  );
  const q = filters.q?.trim() ?? '';
  if (q !== '') {
    const pattern = containsPattern(q);
    // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's only for non-ASCII letters.
    const matches = (column: 'i.issue_key' | 'i.summary'): Expression<SqlBool> => sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`;
    query = query.where((eb) => eb.or([matches('i.issue_key'), matches('i.summary')]));
  }
  return query;
}

/*
 * Issue order is numeric Jira id order, which for ids without leading zeros is (length, text) order.
 * Ordering the membership rows by that pair lets the index jira_query_issues_order_idx (query_hash,
 * length(issue_id), issue_id) hand out a page by walking only the query's own members. Ordering by
 * the mirror's sort_key had to sort every member (0.1-0.4 s a page at 60,000 issues) or walk all of
 * the connection's issues.
 */
const idLength = sql<number>`length(${sql.ref('qi.issue_id')})`;

/** The issue id a sort key stands for (sort keys are ids left-padded with zeros). */
function issueIdOf(sortKey: string): string {
  return sortKey.replace(/^0+(?=.)/, '');
}

/** Up to `limit` members after `afterSortKey` (null: from the start), in sort_key order. */
export async function listQueryIssuesPage(
  db: Db,
  queryHash: string,
  page: { afterSortKey: string | null; limit: number },
  filters: QueryIssueFilters = {},
): Promise<QueryIssueRecord[]> {
  let query = membersOf(db, queryHash, filters);
  if (page.afterSortKey !== null) {
    const afterId = issueIdOf(page.afterSortKey);
    query = query.where(sql<SqlBool>`(${idLength}, ${sql.ref('qi.issue_id')}) > (${afterId.length}, ${afterId})`);
  }
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
    .orderBy(idLength)
    .orderBy('qi.issue_id')
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

/**
 * How many members match the filters (all pages together). Unfiltered, it is the query's member
 * count (kept with the membership, in one transaction); the done filter counts membership rows only.
 * Joining 60,000 mirror rows to count them took 0.1-0.5 s.
 */
export async function countQueryIssues(db: Db, queryHash: string, filters: QueryIssueFilters = {}): Promise<number> {
  const searched = (filters.q?.trim() ?? '') !== '';
  if (!searched && filters.notDone === undefined) {
    const row = await db.selectFrom('jira_queries').select('issue_count').where('hash', '=', queryHash).executeTakeFirst();
    return row ? Number(row.issue_count) : 0;
  }
  const members = searched ? membersOf(db, queryHash, filters) : snapshotMembersOf(db, queryHash, filters.notDone);
  const row = await members.select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  return toCount(row.count);
}
