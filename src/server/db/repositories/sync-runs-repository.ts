/**
 * SQL for the append-only run records syncs leave behind (the issues themselves live in the mirror:
 * jira-mirror-repository.ts and jira-queries-repository.ts).
 */
import type { Selectable } from 'kysely';
import type { SyncRunsTable } from '../schema';
import type { Db, LinkTarget } from './integration-links-repository';

export type SyncTrigger = SyncRunsTable['trigger'];

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
  /** Keys done at the link's previous sync and not done now (empty on runs before 0011). */
  reopenedKeys: string[];
  /** The amount its metric counts, in the query and done: issues, story points or the field's sum (null on failed runs and runs before 0011). */
  scopeAmount: number | null;
  doneAmount: number | null;
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
    reopenedKeys: keyList(row.reopened_keys),
    scopeAmount: nullableNumber(row.scope_amount),
    doneAmount: nullableNumber(row.done_amount),
    note: row.note,
  };
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
      reopened_keys: JSON.stringify(run.reopenedKeys),
      scope_amount: run.scopeAmount,
      done_amount: run.doneAmount,
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
