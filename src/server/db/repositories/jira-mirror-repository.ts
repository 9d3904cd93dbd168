/**
 * SQL for the Jira issue mirror (jira_issues): one row per (connection, Jira issue id), shared by
 * every query that matches the issue. A sync writes a page of issues as it arrives, and only the
 * rows whose content changed: one SELECT of the page's ids, then one upsert of the changed rows.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './integration-links-repository';
import { chunked } from '../in-list-chunks';

/** An issue as a sync read it from Jira, in the mirror's terms. */
export interface MirrorIssue {
  issueId: string;
  key: string;
  summary: string;
  status: string;
  statusCategory: string;
  assignee: string | null;
  resolution: string | null;
  createdAt: string | null;
  resolutionDate: string | null;
  /** Cloud only; null on Data Center. */
  statusCategoryChangedAt: string | null;
  updatedAt: string | null;
  /** undefined: this query did not ask for story points, so the stored value stays. */
  storyPoints: number | null | undefined;
  /** The numeric fields this query asked for; fields it did not ask for keep their stored values. */
  numbers: ReadonlyMap<string, number | null>;
}

/** The issue id left-padded with zeros to 20 characters: text order is numeric id order. */
export function sortKeyOf(issueId: string): string {
  return issueId.padStart(20, '0');
}

/** PostgreSQL allows 65,535 bind parameters per statement; 18 columns × 300 rows stays well below (and below SQLite's 32,766). */
const UPSERT_BATCH = 300;

/** Ids looked up per SELECT: a Data Center page of 1,000 is one statement. */
const PAGE_LOOKUP = 1000;

type NumericFields = Record<string, number | null>;

function parseNumbers(text: string): NumericFields {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const numbers: NumericFields = {};
    for (const [field, value] of Object.entries(parsed as Record<string, unknown>)) {
      numbers[field] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    }
    return numbers;
  } catch {
    return {};
  }
}

/** JSON with the fields in name order, so the same numbers always give the same text (and hash). */
function numbersJson(numbers: NumericFields): string {
  const sorted: NumericFields = {};
  for (const field of Object.keys(numbers).sort()) sorted[field] = numbers[field] ?? null;
  return JSON.stringify(sorted);
}

interface MirrorRow {
  connection_id: string;
  issue_id: string;
  issue_key: string;
  sort_key: string;
  summary: string;
  status: string;
  status_category: string;
  assignee: string | null;
  resolution: string | null;
  created_at: string | null;
  resolution_date: string | null;
  status_category_changed_at: string | null;
  updated_at: string | null;
  story_points: number | null;
  numeric_fields: string;
  content_hash: string;
  mirrored_at: string;
}

function contentHash(row: Omit<MirrorRow, 'content_hash' | 'mirrored_at' | 'connection_id' | 'sort_key'>): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        row.issue_key,
        row.summary,
        row.status,
        row.status_category,
        row.assignee,
        row.resolution,
        row.created_at,
        row.resolution_date,
        row.status_category_changed_at,
        row.updated_at,
        row.story_points,
        row.numeric_fields,
      ]),
    )
    .digest('base64url');
}

interface StoredState {
  content_hash: string;
  story_points: number | string | null;
  numeric_fields: string;
}

/**
 * Writes a page of issues into the connection's mirror: new issues are inserted, changed ones
 * updated, unchanged ones left alone (steady rounds write nothing). Story points and numeric fields
 * the query did not ask for keep their stored values. Answers how many rows were written.
 */
export async function upsertMirrorPage(db: Db, connectionId: string, issues: readonly MirrorIssue[], now: string): Promise<number> {
  if (issues.length === 0) return 0;
  const stored = new Map<string, StoredState>();
  for (const ids of chunked(issues.map((issue) => issue.issueId), PAGE_LOOKUP)) {
    const rows = await db
      .selectFrom('jira_issues')
      .select(['issue_id', 'content_hash', 'story_points', 'numeric_fields'])
      .where('connection_id', '=', connectionId)
      .where('issue_id', 'in', ids)
      .execute();
    for (const row of rows) stored.set(row.issue_id, row);
  }
  const changed: MirrorRow[] = [];
  for (const issue of issues) {
    const before = stored.get(issue.issueId);
    const numbers = before ? parseNumbers(before.numeric_fields) : {};
    for (const [field, value] of issue.numbers) numbers[field] = value;
    const storedPoints = before?.story_points === null || before?.story_points === undefined ? null : Number(before.story_points);
    const content = {
      issue_id: issue.issueId,
      issue_key: issue.key,
      summary: issue.summary,
      status: issue.status,
      status_category: issue.statusCategory,
      assignee: issue.assignee,
      resolution: issue.resolution,
      created_at: issue.createdAt,
      resolution_date: issue.resolutionDate,
      status_category_changed_at: issue.statusCategoryChangedAt,
      updated_at: issue.updatedAt,
      story_points: issue.storyPoints === undefined ? storedPoints : issue.storyPoints,
      numeric_fields: numbersJson(numbers),
    };
    const hash = contentHash(content);
    if (before?.content_hash === hash) continue;
    changed.push({ ...content, connection_id: connectionId, sort_key: sortKeyOf(issue.issueId), content_hash: hash, mirrored_at: now });
  }
  // The same row order in every statement (by id), so two queries writing shared issues at once never deadlock on PostgreSQL.
  changed.sort((a, b) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : 0));
  for (const batch of chunked(changed, UPSERT_BATCH)) {
    await db
      .insertInto('jira_issues')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['connection_id', 'issue_id']).doUpdateSet((eb) => ({
          issue_key: eb.ref('excluded.issue_key'),
          sort_key: eb.ref('excluded.sort_key'),
          summary: eb.ref('excluded.summary'),
          status: eb.ref('excluded.status'),
          status_category: eb.ref('excluded.status_category'),
          assignee: eb.ref('excluded.assignee'),
          resolution: eb.ref('excluded.resolution'),
          created_at: eb.ref('excluded.created_at'),
          resolution_date: eb.ref('excluded.resolution_date'),
          status_category_changed_at: eb.ref('excluded.status_category_changed_at'),
          updated_at: eb.ref('excluded.updated_at'),
          story_points: eb.ref('excluded.story_points'),
          numeric_fields: eb.ref('excluded.numeric_fields'),
          content_hash: eb.ref('excluded.content_hash'),
          mirrored_at: eb.ref('excluded.mirrored_at'),
        })),
      )
      .execute();
  }
  return changed.length;
}

/** Of these issue ids, those the connection's mirror does not hold (a prune ran between a page's write and its query's commit). */
export async function listMissingMirrorIds(db: Db, connectionId: string, issueIds: readonly string[]): Promise<string[]> {
  const present = new Set<string>();
  for (const ids of chunked(issueIds)) {
    const rows = await db.selectFrom('jira_issues').select('issue_id').where('connection_id', '=', connectionId).where('issue_id', 'in', ids).execute();
    for (const row of rows) present.add(row.issue_id);
  }
  return issueIds.filter((id) => !present.has(id));
}

/**
 * Removes the connection's mirror rows that no query (member or tombstone) refers to any more, e.g.
 * after the last link on a query was edited or unlinked. Answers how many went.
 */
export async function pruneUnreferencedIssues(db: Db, connectionId: string): Promise<number> {
  const result = await db
    .deleteFrom('jira_issues')
    .where('connection_id', '=', connectionId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('jira_query_issues')
            .select(sql.lit(1).as('one'))
            .whereRef('jira_query_issues.connection_id', '=', 'jira_issues.connection_id')
            .whereRef('jira_query_issues.issue_id', '=', 'jira_issues.issue_id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Rows the connection's mirror holds (tests and benchmarks). */
export async function countMirrorIssues(db: Db, connectionId?: string): Promise<number> {
  let query = db.selectFrom('jira_issues').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (connectionId !== undefined) query = query.where('connection_id', '=', connectionId);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
