/**
 * SQL for integration links: the link itself, its schedule and its sync lease. A sync claims a link
 * with a conditional UPDATE (idle, or its lease ran out), and commits only while it still holds the
 * lease, so two instances (or a crashed and a restarted one) never both record the same sync.
 */
import { sql, type Selectable } from 'kysely';
import { parseStoredOptions, type LinkOptions } from '../../services/sync/link-options';
import type { Db } from '../database';
import type { IntegrationLinksTable } from '../schema';
import { chunked, unique } from '../in-list-chunks';

export type LinkMetric = IntegrationLinksTable['metric'];
// Db moved to database.ts (insight-repository needs it too); re-exported for the sync services' imports.
export type { Db } from '../database';

/** Which item a link drives: exactly one of the two ids is set. */
export type LinkTarget = { objectiveId: string; keyResultId?: undefined } | { keyResultId: string; objectiveId?: undefined };

export interface LinkRecord {
  id: string;
  objectiveId: string | null;
  keyResultId: string | null;
  type: 'jira';
  connectionId: string | null;
  /** The connection's name, or null when it was deleted. */
  connectionName: string | null;
  jql: string;
  metric: LinkMetric;
  options: LinkOptions;
  queryHash: string;
  /** The query and its generation at the link's last successful sync (null before the first). */
  syncedQueryHash: string | null;
  syncedGeneration: number | null;
  total: number | null;
  done: number | null;
  progress: number | null;
  measured: number | null;
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  nextDueAt: string;
  syncState: 'idle' | 'syncing';
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The forecast worked out after its last sync (issue 12); null before one was. */
  forecast: StoredForecast | null;
}

/** A link's forecast as stored after its sync (written by insight-repository's setLinkForecast). */
export interface StoredForecast {
  reason: NonNullable<IntegrationLinksTable['forecast_reason']>;
  finishDate: string | null;
  finishesBeforeEnd: boolean | null;
  at: string;
}

type LinkRow = Selectable<IntegrationLinksTable> & { connection_name: string | null };

const nullableNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toRecord(row: LinkRow): LinkRecord {
  return {
    id: row.id,
    objectiveId: row.objective_id,
    keyResultId: row.key_result_id,
    type: row.type,
    connectionId: row.connection_id,
    connectionName: row.connection_name,
    jql: row.jql,
    metric: row.metric,
    options: parseStoredOptions(row.options),
    queryHash: row.query_hash,
    syncedQueryHash: row.synced_query_hash,
    syncedGeneration: nullableNumber(row.synced_generation),
    total: nullableNumber(row.total),
    done: nullableNumber(row.done),
    progress: nullableNumber(row.progress),
    measured: nullableNumber(row.measured),
    lastSyncedAt: row.last_synced_at,
    lastAttemptAt: row.last_attempt_at,
    lastErrorCode: row.last_error_code,
    lastErrorMessage: row.last_error_message,
    nextDueAt: row.next_due_at,
    syncState: row.sync_state,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    forecast:
      row.forecast_reason === null || row.forecast_at === null
        ? null
        : { reason: row.forecast_reason, finishDate: row.forecast_finish_date, finishesBeforeEnd: row.forecast_finishes_before_end === null ? null : Number(row.forecast_finishes_before_end) === 1, at: row.forecast_at },
  };
}

function selectLinks(db: Db) {
  return db
    .selectFrom('integration_links')
    .leftJoin('jira_connections', 'jira_connections.id', 'integration_links.connection_id')
    .selectAll('integration_links')
    .select('jira_connections.name as connection_name');
}

export async function findLink(db: Db, id: string): Promise<LinkRecord | null> {
  const row = await selectLinks(db).where('integration_links.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findLinkOf(db: Db, target: LinkTarget): Promise<LinkRecord | null> {
  const query =
    target.objectiveId !== undefined
      ? selectLinks(db).where('integration_links.objective_id', '=', target.objectiveId)
      : selectLinks(db).where('integration_links.key_result_id', '=', target.keyResultId);
  const row = await query.executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function findLinksByIds(db: Db, ids: readonly string[]): Promise<LinkRecord[]> {
  const links: LinkRecord[] = [];
  for (const chunk of chunked(unique(ids))) {
    const rows = await selectLinks(db).where('integration_links.id', 'in', chunk).execute();
    links.push(...rows.map(toRecord));
  }
  return links;
}

/** The links of many objectives and key results, one query per 500 ids of each kind. */
export async function listLinksOfItems(
  db: Db,
  objectiveIds: readonly string[],
  keyResultIds: readonly string[],
): Promise<{ byObjective: Map<string, LinkRecord>; byKeyResult: Map<string, LinkRecord> }> {
  const byObjective = new Map<string, LinkRecord>();
  const byKeyResult = new Map<string, LinkRecord>();
  for (const chunk of chunked(unique(objectiveIds))) {
    const rows = await selectLinks(db).where('integration_links.objective_id', 'in', chunk).execute();
    for (const row of rows) if (row.objective_id !== null) byObjective.set(row.objective_id, toRecord(row));
  }
  for (const chunk of chunked(unique(keyResultIds))) {
    const rows = await selectLinks(db).where('integration_links.key_result_id', 'in', chunk).execute();
    for (const row of rows) if (row.key_result_id !== null) byKeyResult.set(row.key_result_id, toRecord(row));
  }
  return { byObjective, byKeyResult };
}

/**
 * The links of a cycle's objectives and of their key results, in two joined queries instead of
 * one `IN (…)` query per 500 items (the OKR page lists whole cycles of thousands of items).
 */
export async function listLinksInCycle(
  db: Db,
  cycleId: string,
): Promise<{ byObjective: Map<string, LinkRecord>; byKeyResult: Map<string, LinkRecord> }> {
  const [objectiveRows, keyResultRows] = await Promise.all([
    selectLinks(db)
      .innerJoin('objectives', 'objectives.id', 'integration_links.objective_id')
      .where('objectives.cycle_id', '=', cycleId)
      .execute(),
    selectLinks(db)
      .innerJoin('key_results', 'key_results.id', 'integration_links.key_result_id')
      .innerJoin('objectives', 'objectives.id', 'key_results.objective_id')
      .where('objectives.cycle_id', '=', cycleId)
      .execute(),
  ]);
  const byObjective = new Map<string, LinkRecord>();
  const byKeyResult = new Map<string, LinkRecord>();
  for (const row of objectiveRows) if (row.objective_id !== null) byObjective.set(row.objective_id, toRecord(row));
  for (const row of keyResultRows) if (row.key_result_id !== null) byKeyResult.set(row.key_result_id, toRecord(row));
  return { byObjective, byKeyResult };
}

export interface LinkDefinition {
  connectionId: string;
  jql: string;
  metric: LinkMetric;
  options: string;
  queryHash: string;
}

export async function insertLink(
  db: Db,
  link: { id: string; target: LinkTarget; definition: LinkDefinition; nextDueAt: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('integration_links')
    .values({
      id: link.id,
      objective_id: link.target.objectiveId ?? null,
      key_result_id: link.target.keyResultId ?? null,
      type: 'jira',
      connection_id: link.definition.connectionId,
      jql: link.definition.jql,
      metric: link.definition.metric,
      options: link.definition.options,
      query_hash: link.definition.queryHash,
      synced_query_hash: null,
      synced_generation: null,
      total: null,
      done: null,
      progress: null,
      measured: null,
      last_synced_at: null,
      last_attempt_at: null,
      last_error_code: null,
      last_error_message: null,
      next_due_at: link.nextDueAt,
      sync_state: 'idle',
      lease_owner: null,
      lease_expires_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

/** A new definition (an edit). Any sync in flight loses its lease: its results are for the old query. */
export async function updateLinkDefinition(db: Db, id: string, definition: LinkDefinition, now: string): Promise<void> {
  await db
    .updateTable('integration_links')
    .set({
      connection_id: definition.connectionId,
      jql: definition.jql,
      metric: definition.metric,
      options: definition.options,
      query_hash: definition.queryHash,
      sync_state: 'idle',
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteLink(db: Db, id: string): Promise<void> {
  await db.deleteFrom('integration_links').where('id', '=', id).execute();
}

/**
 * Takes the link's sync lease if nobody holds a live one, or this owner already does (and, with
 * `dueBy`, only if it is due by then). True when this call got it: the UPDATE's condition is the
 * lock, on both engines.
 */
export interface LeaseClaim {
  owner: string;
  now: string;
  leaseUntil: string;
  dueBy?: string;
}

/** The UPDATE that takes the lease of the links with these ids, under claimLink's conditions. */
function claimQuery(db: Db, ids: readonly string[], claim: LeaseClaim) {
  let query = db
    .updateTable('integration_links')
    .set({ sync_state: 'syncing', lease_owner: claim.owner, lease_expires_at: claim.leaseUntil })
    .where('id', 'in', ids)
    .where('connection_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('sync_state', '=', 'idle'),
        eb('lease_expires_at', '<', claim.now),
        eb('lease_expires_at', 'is', null),
        // The same owner may take its lease again: a queued job retried after its worker died.
        eb('lease_owner', '=', claim.owner),
      ]),
    );
  if (claim.dueBy !== undefined) query = query.where('next_due_at', '<=', claim.dueBy);
  return query;
}

export async function claimLink(db: Db, id: string, claim: LeaseClaim): Promise<boolean> {
  const result = await claimQuery(db, [id], claim).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** claimLink for many links, one statement per 500: answers the ids whose lease this call got. */
export async function claimLinkBatch(db: Db, ids: readonly string[], claim: LeaseClaim): Promise<string[]> {
  const claimed: string[] = [];
  for (const chunk of chunked(unique(ids))) {
    const rows = await claimQuery(db, chunk, claim).returning('id').execute();
    claimed.push(...rows.map((row) => row.id));
  }
  return claimed;
}

/** Ids of links due by `now` that nobody is syncing (or whose sync's lease ran out), most overdue first. */
export async function listDueLinkIds(db: Db, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('integration_links')
    .select('id')
    .where('next_due_at', '<=', now)
    .where('connection_id', 'is not', null)
    .where((eb) => eb.or([eb('sync_state', '=', 'idle'), eb('lease_expires_at', '<', now), eb('lease_expires_at', 'is', null)]))
    .orderBy('next_due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export async function listLinkIdsOfConnection(db: Db, connectionId: string): Promise<string[]> {
  const rows = await db.selectFrom('integration_links').select('id').where('connection_id', '=', connectionId).orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** Every link's id and next due time, for rescheduling after the interval changed. */
export async function listLinkSchedules(db: Db): Promise<Array<{ id: string; nextDueAt: string }>> {
  const rows = await db.selectFrom('integration_links').select(['id', 'next_due_at']).execute();
  return rows.map((row) => ({ id: row.id, nextDueAt: row.next_due_at }));
}

export async function setNextDueAt(db: Db, id: string, nextDueAt: string): Promise<void> {
  await db.updateTable('integration_links').set({ next_due_at: nextDueAt }).where('id', '=', id).execute();
}

export interface SyncedValues {
  total: number;
  done: number;
  progress: number | null;
  measured: number;
  queryHash: string;
  /** The generation of the query this sync committed (jira_queries.generation). */
  generation: number;
}

/**
 * Records a successful sync and frees the link, but only for the lease holder (`owner` null: the
 * caller made the link in this same transaction, so nobody else can hold it). False: lease lost.
 */
export async function recordLinkSuccess(
  db: Db,
  id: string,
  owner: string | null,
  values: SyncedValues,
  times: { now: string; nextDueAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('integration_links')
    .set({
      total: values.total,
      done: values.done,
      progress: values.progress,
      measured: values.measured,
      query_hash: values.queryHash,
      synced_query_hash: values.queryHash,
      synced_generation: values.generation,
      last_synced_at: times.now,
      last_attempt_at: times.now,
      last_error_code: null,
      last_error_message: null,
      next_due_at: times.nextDueAt,
      sync_state: 'idle',
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('id', '=', id)
    .where(owner === null ? sql<boolean>`lease_owner is null` : sql<boolean>`lease_owner = ${owner}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The query and generation the link last synced, read inside the commit that moves it on. */
export async function findLinkSyncPoint(db: Db, id: string): Promise<{ queryHash: string | null; generation: number }> {
  const row = await db.selectFrom('integration_links').select(['synced_query_hash', 'synced_generation']).where('id', '=', id).executeTakeFirst();
  return { queryHash: row?.synced_query_hash ?? null, generation: Number(row?.synced_generation ?? 0) };
}

/** Records a failed sync: the last good values stay; the error is kept for the page to show. */
export async function recordLinkFailure(
  db: Db,
  id: string,
  owner: string | null,
  error: { code: string; message: string },
  times: { now: string; nextDueAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('integration_links')
    .set({
      last_attempt_at: times.now,
      last_error_code: error.code,
      last_error_message: error.message,
      next_due_at: times.nextDueAt,
      sync_state: 'idle',
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('id', '=', id)
    .where(owner === null ? sql<boolean>`lease_owner is null` : sql<boolean>`lease_owner = ${owner}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a claimed link back untouched (e.g. the round was stopped before it got to it). */
export async function releaseLease(db: Db, id: string, owner: string): Promise<void> {
  await db
    .updateTable('integration_links')
    .set({ sync_state: 'idle', lease_owner: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/**
 * Gives back every lease (SQLite at start: one process owns the database, so any lease found then
 * was left by a process that died mid-sync). Answers how many links were released.
 */
export async function releaseAllLeases(db: Db): Promise<number> {
  const result = await db
    .updateTable('integration_links')
    .set({ sync_state: 'idle', lease_owner: null, lease_expires_at: null })
    .where((eb) => eb.or([eb('sync_state', '=', 'syncing'), eb('lease_owner', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
