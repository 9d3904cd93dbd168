/**
 * SQL for what syncs leave behind: each link's current matching issues (brought up to date by
 * every successful sync, with their digest on the link) and the append-only run records.
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { IntegrationLinkIssuesTable, SyncRunsTable } from '../schema';
import type { Db, LinkTarget } from './integration-links-repository';
import { chunked } from './objectives-batching';

export type SyncTrigger = SyncRunsTable['trigger'];

export interface LinkIssueRecord {
  key: string;
  id: string;
  summary: string;
  status: string;
  statusCategory: string;
  assignee: string | null;
  done: boolean;
  points: number | null;
  value: number | null;
  resolvedAt: string | null;
  url: string;
}

export interface SyncRunRecord {
  id: string;
  /** Null once the link was removed (unlinked): the run stays in its item's history. */
  linkId: string | null;
  objectiveId: string | null;
  keyResultId: string | null;
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  outcome: 'ok' | 'failed';
  errorCode: string | null;
  errorMessage: string | null;
  jiraRequests: number;
  total: number | null;
  done: number | null;
  progressBefore: number | null;
  progressAfter: number | null;
  addedKeys: string[];
  removedKeys: string[];
  newlyDoneKeys: string[];
  note: string;
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

function toIssue(row: Selectable<IntegrationLinkIssuesTable>): LinkIssueRecord {
  return {
    key: row.issue_key,
    id: row.issue_id,
    summary: row.summary,
    status: row.status,
    statusCategory: row.status_category,
    assignee: row.assignee,
    done: Number(row.done) === 1,
    points: nullableNumber(row.points),
    value: nullableNumber(row.value),
    resolvedAt: row.resolved_at,
    url: row.url,
  };
}

function toRun(row: Selectable<SyncRunsTable>): SyncRunRecord {
  return {
    id: row.id,
    linkId: row.link_id,
    objectiveId: row.objective_id,
    keyResultId: row.key_result_id,
    trigger: row.trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    jiraRequests: Number(row.jira_requests),
    total: nullableNumber(row.total),
    done: nullableNumber(row.done),
    progressBefore: nullableNumber(row.progress_before),
    progressAfter: nullableNumber(row.progress_after),
    addedKeys: keyList(row.added_keys),
    removedKeys: keyList(row.removed_keys),
    newlyDoneKeys: keyList(row.newly_done_keys),
    note: row.note,
  };
}

/** The link's matching issues, in key order as stored (callers sort for display). */
export async function listLinkIssues(db: Db, linkId: string, options: { notDone?: boolean } = {}): Promise<LinkIssueRecord[]> {
  let query = db.selectFrom('integration_link_issues').selectAll().where('link_id', '=', linkId);
  if (options.notDone) query = query.where('done', '=', 0);
  const rows = await query.execute();
  return rows.map(toIssue);
}

/** Only keys and done flags: what the next run compares against. */
export async function listLinkIssueStates(db: Db, linkId: string): Promise<Array<{ key: string; done: boolean }>> {
  const rows = await db.selectFrom('integration_link_issues').select(['issue_key', 'done']).where('link_id', '=', linkId).execute();
  return rows.map((row) => ({ key: row.issue_key, done: Number(row.done) === 1 }));
}

/** PostgreSQL allows 65,535 bind parameters per statement; 12 columns × 500 rows stays well below. */
const ISSUE_INSERT_BATCH = 500;

function sameIssue(a: LinkIssueRecord, b: LinkIssueRecord): boolean {
  return (
    a.key === b.key &&
    a.id === b.id &&
    a.summary === b.summary &&
    a.status === b.status &&
    a.statusCategory === b.statusCategory &&
    a.assignee === b.assignee &&
    a.done === b.done &&
    a.points === b.points &&
    a.value === b.value &&
    a.resolvedAt === b.resolvedAt &&
    a.url === b.url
  );
}

/**
 * A fingerprint of a stored issue set: the same rows in any order give the same digest, and any
 * difference in any stored column gives another. Kept on the link (issues_digest) by
 * replaceLinkIssues, so a sync can tell "nothing changed" without reading the rows back.
 */
export function issueSetDigest(issues: readonly LinkIssueRecord[]): string {
  const hash = createHash('sha256');
  const sorted = [...issues].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const i of sorted) {
    hash.update(JSON.stringify([i.key, i.id, i.summary, i.status, i.statusCategory, i.assignee, i.done, i.points, i.value, i.resolvedAt, i.url]));
    hash.update('\n');
  }
  return hash.digest('base64url');
}

/** The digest of the link's stored issues, or null when unknown (never synced since the digest existed). */
export async function findLinkIssuesDigest(db: Db, linkId: string): Promise<string | null> {
  const row = await db.selectFrom('integration_links').select('issues_digest').where('id', '=', linkId).executeTakeFirst();
  return row?.issues_digest ?? null;
}

/**
 * Makes the link's stored issues exactly `issues`, writing only the rows that changed (rewriting
 * every row of a 2,000-issue link on each round was most of a round's time), and records their
 * digest on the link. `previous`: the stored rows, when the caller has just read them in the same
 * transaction; `digest`: issueSetDigest(issues), when the caller has it.
 */
export async function replaceLinkIssues(
  db: Db,
  linkId: string,
  issues: readonly LinkIssueRecord[],
  known: { previous?: readonly LinkIssueRecord[]; digest?: string } = {},
): Promise<void> {
  const before = new Map((known.previous ?? (await listLinkIssues(db, linkId))).map((issue) => [issue.key, issue]));
  const nextKeys = new Set(issues.map((issue) => issue.key));
  const changed = issues.filter((issue) => {
    const old = before.get(issue.key);
    return old === undefined || !sameIssue(old, issue);
  });
  // A changed row is deleted and inserted again, like a new one: one statement shape for all columns.
  const gone = [...before.keys()].filter((key) => !nextKeys.has(key));
  const rewritten = changed.flatMap((issue) => (before.has(issue.key) ? [issue.key] : []));
  for (const keys of chunked([...gone, ...rewritten])) {
    await db.deleteFrom('integration_link_issues').where('link_id', '=', linkId).where('issue_key', 'in', keys).execute();
  }
  for (let start = 0; start < changed.length; start += ISSUE_INSERT_BATCH) {
    const batch = changed.slice(start, start + ISSUE_INSERT_BATCH);
    await db
      .insertInto('integration_link_issues')
      .values(
        batch.map((issue) => ({
          link_id: linkId,
          issue_key: issue.key,
          issue_id: issue.id,
          summary: issue.summary,
          status: issue.status,
          status_category: issue.statusCategory,
          assignee: issue.assignee,
          done: issue.done ? 1 : 0,
          points: issue.points,
          value: issue.value,
          resolved_at: issue.resolvedAt,
          url: issue.url,
        })),
      )
      .execute();
  }
  await db.updateTable('integration_links').set({ issues_digest: known.digest ?? issueSetDigest(issues) }).where('id', '=', linkId).execute();
}

export type NewSyncRun = Omit<SyncRunRecord, 'id'>;

export async function insertSyncRun(db: Db, run: NewSyncRun): Promise<SyncRunRecord> {
  const id = crypto.randomUUID();
  await db
    .insertInto('sync_runs')
    .values({
      id,
      link_id: run.linkId,
      objective_id: run.objectiveId,
      key_result_id: run.keyResultId,
      trigger: run.trigger,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      outcome: run.outcome,
      error_code: run.errorCode,
      error_message: run.errorMessage,
      jira_requests: run.jiraRequests,
      total: run.total,
      done: run.done,
      progress_before: run.progressBefore,
      progress_after: run.progressAfter,
      added_keys: JSON.stringify(run.addedKeys),
      removed_keys: JSON.stringify(run.removedKeys),
      newly_done_keys: JSON.stringify(run.newlyDoneKeys),
      note: run.note,
    })
    .execute();
  return { id, ...run };
}

/** The link's own runs, newest first (its last run is the first). */
export async function listSyncRuns(db: Db, linkId: string, limit: number): Promise<SyncRunRecord[]> {
  const rows = await db
    .selectFrom('sync_runs')
    .selectAll()
    .where('link_id', '=', linkId)
    .orderBy('started_at', 'desc')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

/** Every run of the objective or key result, across its links past and present, newest first. */
export async function listItemSyncRuns(db: Db, target: LinkTarget, limit: number): Promise<SyncRunRecord[]> {
  const query = db.selectFrom('sync_runs').selectAll();
  const rows = await (target.objectiveId !== undefined ? query.where('objective_id', '=', target.objectiveId) : query.where('key_result_id', '=', target.keyResultId))
    .orderBy('started_at', 'desc')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}

export async function countSyncRuns(db: Db, linkId: string): Promise<number> {
  const row = await db
    .selectFrom('sync_runs')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('link_id', '=', linkId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
