/**
 * SQL for the Jira issue mirror (jira_issues): one row per (connection, Jira issue id), shared by
 * every query that matches the issue. A sync writes a page of issues as it arrives, and only the
 * rows whose content changed: one SELECT of the page's ids, then one upsert of the changed rows.
 * Both are statements whose text is built once per shape (see upsertRows): building them with
 * Kysely, an operation node per value, cost about 2 s of CPU in a 200,000-issue round.
 */
import { hash } from 'node:crypto';
import { CompiledQuery, SqliteAdapter } from 'kysely';
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

export function isSqlite(db: Db): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** A table's multi-row upsert: its columns (with their PostgreSQL types), conflict target and updated columns. */
export interface UpsertShape {
  table: string;
  columns: ReadonlyArray<{ name: string; pgType: 'text' | 'integer' | 'double precision' }>;
  conflict: readonly string[];
  /** Columns set from the new row when the row exists. */
  update: readonly string[];
}

/** Bound values in one SQLite statement: below SQLite's 32,766, and pages of 1,000 mirror rows fit in one statement. */
const SQLITE_PARAMETERS = 30_000;
const SQLITE_MAX_ROWS = 1000;
/** Rows per PostgreSQL statement (one array per column, so no parameter limit applies). */
const POSTGRES_MAX_ROWS = 5000;
/** Statement texts kept per shape: row counts vary only on a query's last page and on changed rows. */
const TEXTS_PER_SHAPE = 32;

const sqliteTexts = new WeakMap<UpsertShape, Map<number, string>>();
const postgresTexts = new WeakMap<UpsertShape, string>();

function conflictClause(shape: UpsertShape): string {
  return `on conflict (${shape.conflict.join(', ')}) do update set ${shape.update.map((column) => `${column} = excluded.${column}`).join(', ')}`;
}

/** The SQLite upsert of `rows` rows, the same string each time for a count (database.ts keeps its prepared statement). */
function sqliteText(shape: UpsertShape, rows: number): string {
  let texts = sqliteTexts.get(shape);
  if (!texts) {
    texts = new Map();
    sqliteTexts.set(shape, texts);
  }
  let text = texts.get(rows);
  if (text === undefined) {
    const row = `(${shape.columns.map(() => '?').join(', ')})`;
    text = `insert into ${shape.table} (${shape.columns.map((column) => column.name).join(', ')}) values ${Array.from({ length: rows }, () => row).join(', ')} ${conflictClause(shape)}`;
    if (texts.size >= TEXTS_PER_SHAPE) texts.delete(texts.keys().next().value ?? 0);
    texts.set(rows, text);
  }
  return text;
}

/** The PostgreSQL upsert: one parameter per column holding that column's values, whatever the row count. */
function postgresText(shape: UpsertShape): string {
  let text = postgresTexts.get(shape);
  if (text === undefined) {
    const names = shape.columns.map((column) => column.name).join(', ');
    const arrays = shape.columns.map((column, index) => `$${index + 1}::${column.pgType}[]`).join(', ');
    text = `insert into ${shape.table} (${names}) select * from unnest(${arrays}) ${conflictClause(shape)}`;
    postgresTexts.set(shape, text);
  }
  return text;
}

/**
 * Upserts rows (each its values in the shape's column order) in as few statements as the engine
 * allows, in the order given. Only repositories call this, with shapes they define.
 */
export async function upsertRows(db: Db, shape: UpsertShape, rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
  if (isSqlite(db)) {
    const perStatement = Math.min(SQLITE_MAX_ROWS, Math.floor(SQLITE_PARAMETERS / shape.columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const end = Math.min(rows.length, start + perStatement);
      const parameters: unknown[] = [];
      for (let index = start; index < end; index += 1) for (const value of rows[index] ?? []) parameters.push(value);
      await db.executeQuery(CompiledQuery.raw(sqliteText(shape, end - start), parameters));
    }
    return;
  }
  for (let start = 0; start < rows.length; start += POSTGRES_MAX_ROWS) {
    const end = Math.min(rows.length, start + POSTGRES_MAX_ROWS);
    const columns = shape.columns.map((_, column) => {
      const values: unknown[] = [];
      for (let index = start; index < end; index += 1) values.push(rows[index]?.[column] ?? null);
      return values;
    });
    await db.executeQuery(CompiledQuery.raw(postgresText(shape), columns));
  }
}

/** `column IN (the ids)` with one bound parameter whatever the count: a JSON array on SQLite, an array on PostgreSQL. */
export function inIds(db: Db, column: string, ids: readonly string[], parameter: number): { text: string; value: unknown } {
  return isSqlite(db) ? { text: `${column} in (select value from json_each(?))`, value: JSON.stringify(ids) } : { text: `${column} = any($${parameter}::text[])`, value: [...ids] };
}

/** Ids looked up per SELECT (one parameter whatever the count): a few pages written together are one statement. */
const PAGE_LOOKUP = 10_000;

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
  const fields = Object.keys(numbers);
  if (fields.length === 0) return '{}';
  const sorted: NumericFields = {};
  for (const field of fields.sort()) sorted[field] = numbers[field] ?? null;
  return JSON.stringify(sorted);
}

const MIRROR_SHAPE: UpsertShape = {
  table: 'jira_issues',
  columns: [
    { name: 'connection_id', pgType: 'text' },
    { name: 'issue_id', pgType: 'text' },
    { name: 'sort_key', pgType: 'text' },
    // From here on the row's content, in the order content_hash reads it.
    { name: 'issue_key', pgType: 'text' },
    { name: 'summary', pgType: 'text' },
    { name: 'status', pgType: 'text' },
    { name: 'status_category', pgType: 'text' },
    { name: 'assignee', pgType: 'text' },
    { name: 'resolution', pgType: 'text' },
    { name: 'created_at', pgType: 'text' },
    { name: 'resolution_date', pgType: 'text' },
    { name: 'status_category_changed_at', pgType: 'text' },
    { name: 'updated_at', pgType: 'text' },
    { name: 'story_points', pgType: 'double precision' },
    { name: 'numeric_fields', pgType: 'text' },
    { name: 'content_hash', pgType: 'text' },
    { name: 'mirrored_at', pgType: 'text' },
  ],
  conflict: ['connection_id', 'issue_id'],
  update: [
    'issue_key',
    'sort_key',
    'summary',
    'status',
    'status_category',
    'assignee',
    'resolution',
    'created_at',
    'resolution_date',
    'status_category_changed_at',
    'updated_at',
    'story_points',
    'numeric_fields',
    'content_hash',
    'mirrored_at',
  ],
};

/** A mirror row's content: what content_hash covers (the same JSON array, so stored hashes stay valid). */
type MirrorContent = [
  issueKey: string,
  summary: string,
  status: string,
  statusCategory: string,
  assignee: string | null,
  resolution: string | null,
  createdAt: string | null,
  resolutionDate: string | null,
  statusCategoryChangedAt: string | null,
  updatedAt: string | null,
  storyPoints: number | null,
  numericFields: string,
];

function contentHash(content: MirrorContent): string {
  return hash('sha256', JSON.stringify(content), 'base64url');
}

interface StoredState {
  content_hash: string;
  story_points: number | string | null;
  numeric_fields: string;
}

async function listStoredStates(db: Db, connectionId: string, issueIds: readonly string[]): Promise<Map<string, StoredState>> {
  const stored = new Map<string, StoredState>();
  for (const ids of chunked(issueIds, PAGE_LOOKUP)) {
    const match = inIds(db, 'issue_id', ids, 2);
    const text = `select issue_id, content_hash, story_points, numeric_fields from jira_issues where connection_id = ${isSqlite(db) ? '?' : '$1'} and ${match.text}`;
    const { rows } = await db.executeQuery<StoredState & { issue_id: string }>(CompiledQuery.raw(text, [connectionId, match.value]));
    for (const row of rows) stored.set(row.issue_id, row);
  }
  return stored;
}

/** Issues read at one time (a page): `now` is when its sync started, the rows' mirrored_at. */
export interface MirrorPage {
  issues: readonly MirrorIssue[];
  now: string;
}

/**
 * The pages' issues, one per id: an issue read twice (two queries' pages) is what the later read
 * saw, keeping the story points and numeric fields only the earlier one asked for, as writing the
 * pages one after the other would (and PostgreSQL refuses one upsert touching a row twice).
 */
function latestReads(pages: readonly MirrorPage[]): Map<string, { issue: MirrorIssue; now: string }> {
  const reads = new Map<string, { issue: MirrorIssue; now: string }>();
  for (const page of pages) {
    for (const issue of page.issues) {
      const earlier = reads.get(issue.issueId)?.issue;
      const merged = !earlier
        ? issue
        : {
            ...issue,
            storyPoints: issue.storyPoints === undefined ? earlier.storyPoints : issue.storyPoints,
            numbers: earlier.numbers.size === 0 ? issue.numbers : new Map([...earlier.numbers, ...issue.numbers]),
          };
      reads.set(issue.issueId, { issue: merged, now: page.now });
    }
  }
  return reads;
}

/**
 * Writes pages of issues into the connection's mirror: new issues are inserted, changed ones
 * updated, unchanged ones left alone (steady rounds write nothing). Story points and numeric fields
 * the query did not ask for keep their stored values. One lookup and one upsert for all the pages;
 * answers how many rows were written.
 */
export async function upsertMirrorPages(db: Db, connectionId: string, pages: readonly MirrorPage[]): Promise<number> {
  const reads = latestReads(pages);
  if (reads.size === 0) return 0;
  const stored = await listStoredStates(db, connectionId, [...reads.keys()]);
  const changed: Array<{ sortKey: string; row: unknown[] }> = [];
  for (const { issue, now } of reads.values()) {
    const before = stored.get(issue.issueId);
    let numericFields = before?.numeric_fields ?? '{}';
    if (issue.numbers.size > 0 || (before !== undefined && numericFields !== '{}')) {
      const numbers = before ? parseNumbers(numericFields) : {};
      for (const [field, value] of issue.numbers) numbers[field] = value;
      numericFields = numbersJson(numbers);
    }
    const storedPoints = before?.story_points === null || before?.story_points === undefined ? null : Number(before.story_points);
    const content: MirrorContent = [
      issue.key,
      issue.summary,
      issue.status,
      issue.statusCategory,
      issue.assignee,
      issue.resolution,
      issue.createdAt,
      issue.resolutionDate,
      issue.statusCategoryChangedAt,
      issue.updatedAt,
      issue.storyPoints === undefined ? storedPoints : issue.storyPoints,
      numericFields,
    ];
    const contentHashNow = contentHash(content);
    if (before?.content_hash === contentHashNow) continue;
    const sortKey = sortKeyOf(issue.issueId);
    changed.push({ sortKey, row: [connectionId, issue.issueId, sortKey, ...content, contentHashNow, now] });
  }
  // The same row order in every statement (by id), so two syncs writing shared issues at once never deadlock on PostgreSQL.
  changed.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  await upsertRows(
    db,
    MIRROR_SHAPE,
    changed.map((entry) => entry.row),
  );
  return changed.length;
}

/** upsertMirrorPages for one page. */
export function upsertMirrorPage(db: Db, connectionId: string, issues: readonly MirrorIssue[], now: string): Promise<number> {
  return upsertMirrorPages(db, connectionId, [{ issues, now }]);
}

/** Of these issue ids, those the connection's mirror does not hold (a prune ran between a page's write and its query's commit). */
export async function listMissingMirrorIds(db: Db, connectionId: string, issueIds: readonly string[]): Promise<string[]> {
  const present = new Set<string>();
  for (const ids of chunked(issueIds, PAGE_LOOKUP)) {
    // Only the ids: the primary key's index answers without reading the rows (a first sync checks every member).
    const match = inIds(db, 'issue_id', ids, 2);
    const text = `select issue_id from jira_issues where connection_id = ${isSqlite(db) ? '?' : '$1'} and ${match.text}`;
    const { rows } = await db.executeQuery<{ issue_id: string }>(CompiledQuery.raw(text, [connectionId, match.value]));
    for (const row of rows) present.add(row.issue_id);
  }
  return issueIds.filter((id) => !present.has(id));
}

/**
 * Removes the connection's mirror rows that no query (member or tombstone) refers to any more, e.g.
 * after the last link on a query was edited or unlinked. Answers how many went.
 *
 * The membership has no index by issue (migration 0015), so the connection's members are gathered
 * through its queries' primary keys once: SQLite builds the `not in` list once as a temporary
 * index; PostgreSQL turns `not exists` into one hash anti-join (its `not in` would rescan the list
 * per row once the list outgrows work_mem).
 */
export async function pruneUnreferencedIssues(db: Db, connectionId: string): Promise<number> {
  const members = db.selectFrom('jira_queries as q').innerJoin('jira_query_issues as qi', 'qi.query_hash', 'q.hash').select('qi.issue_id').where('q.connection_id', '=', connectionId);
  const result = isSqlite(db)
    ? await db.deleteFrom('jira_issues').where('connection_id', '=', connectionId).where('issue_id', 'not in', members).executeTakeFirst()
    : await db
        .deleteFrom('jira_issues')
        .where('connection_id', '=', connectionId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('jira_queries as q')
                .innerJoin('jira_query_issues as qi', 'qi.query_hash', 'q.hash')
                .select('qi.issue_id')
                .where('q.connection_id', '=', connectionId)
                .whereRef('qi.issue_id', '=', 'jira_issues.issue_id'),
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
