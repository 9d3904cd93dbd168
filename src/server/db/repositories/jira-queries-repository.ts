/**
 * SQL for distinct queries (jira_queries) and their membership (jira_query_issues): which mirrored
 * issues a query matches, with the fields that decide "done" as the query last saw them, and the
 * generation at which each changed. A link remembers the generation it last synced, so its run's
 * added / removed / newly-done keys are a query over generations, not a copy of the issues per link.
 */
import { sql } from 'kysely';
import type { Db } from './integration-links-repository';
import { upsertRows, type UpsertShape } from './jira-mirror-repository';
import { chunked } from '../in-list-chunks';

export interface QueryRef {
  hash: string;
  connectionId: string;
  jql: string;
}

export interface QueryState {
  generation: number;
  digest: string | null;
}

/** One membership row as the sync compares it. */
export interface MemberRow {
  issueId: string;
  joinedGeneration: number;
  /** Null: a member now; set: a tombstone. */
  leftGeneration: number | null;
  status: string;
  statusCategory: string;
  hasResolution: boolean;
  categoryDoneGeneration: number | null;
  resolvedGeneration: number | null;
  statusGeneration: number;
  /** When the status category last left Done, and the resolution was last cleared: a run's "reopened". */
  categoryUndoneGeneration: number | null;
  unresolvedGeneration: number | null;
  /** The status before the change at statusGeneration (status-name rules' "reopened"). */
  previousStatus: string | null;
}

const nullableNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

/**
 * Makes sure the query's row exists and takes it for this transaction: the UPDATE locks the row on
 * PostgreSQL, so two syncs of the same query commit their membership one after the other.
 */
export async function lockQuery(db: Db, query: QueryRef, now: string): Promise<QueryState> {
  await db
    .insertInto('jira_queries')
    .values({ hash: query.hash, connection_id: query.connectionId, jql: query.jql, generation: 0, issue_count: 0, digest: null, synced_at: null, created_at: now })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  const row = await db
    .updateTable('jira_queries')
    .set({ jql: query.jql, synced_at: now })
    .where('hash', '=', query.hash)
    .returning(['generation', 'digest'])
    .executeTakeFirstOrThrow();
  return { generation: Number(row.generation), digest: row.digest };
}

export async function findQueryState(db: Db, hash: string): Promise<(QueryState & { issueCount: number }) | null> {
  const row = await db.selectFrom('jira_queries').select(['generation', 'digest', 'issue_count']).where('hash', '=', hash).executeTakeFirst();
  return row ? { generation: Number(row.generation), digest: row.digest, issueCount: Number(row.issue_count) } : null;
}

/** Every membership row of the query, tombstones included (ids and the snapshot: no issue content). */
export async function listMembership(db: Db, hash: string): Promise<Map<string, MemberRow>> {
  const rows = await db.selectFrom('jira_query_issues').selectAll().where('query_hash', '=', hash).execute();
  return new Map(
    rows.map((row) => [
      row.issue_id,
      {
        issueId: row.issue_id,
        joinedGeneration: Number(row.joined_generation),
        leftGeneration: nullableNumber(row.left_generation),
        status: row.status,
        statusCategory: row.status_category,
        hasResolution: Number(row.has_resolution) === 1,
        categoryDoneGeneration: nullableNumber(row.category_done_generation),
        resolvedGeneration: nullableNumber(row.resolved_generation),
        statusGeneration: Number(row.status_generation),
        categoryUndoneGeneration: nullableNumber(row.category_undone_generation),
        unresolvedGeneration: nullableNumber(row.unresolved_generation),
        previousStatus: row.previous_status,
      },
    ]),
  );
}

const MEMBER_SHAPE: UpsertShape = {
  table: 'jira_query_issues',
  columns: [
    { name: 'query_hash', pgType: 'text' },
    { name: 'connection_id', pgType: 'text' },
    { name: 'issue_id', pgType: 'text' },
    { name: 'joined_generation', pgType: 'integer' },
    { name: 'left_generation', pgType: 'integer' },
    { name: 'status', pgType: 'text' },
    { name: 'status_category', pgType: 'text' },
    { name: 'has_resolution', pgType: 'integer' },
    { name: 'category_done_generation', pgType: 'integer' },
    { name: 'resolved_generation', pgType: 'integer' },
    { name: 'status_generation', pgType: 'integer' },
    { name: 'category_undone_generation', pgType: 'integer' },
    { name: 'unresolved_generation', pgType: 'integer' },
    { name: 'previous_status', pgType: 'text' },
  ],
  conflict: ['query_hash', 'issue_id'],
  update: [
    'joined_generation',
    'left_generation',
    'status',
    'status_category',
    'has_resolution',
    'category_done_generation',
    'resolved_generation',
    'status_generation',
    'category_undone_generation',
    'unresolved_generation',
    'previous_status',
  ],
};

/**
 * Writes a new membership: `upserts` are members that joined, came back or whose snapshot changed
 * (whole rows), `left` the ids that left at `generation`; then the query's generation, count and digest.
 */
export async function writeMembership(
  db: Db,
  query: { hash: string; connectionId: string },
  change: { upserts: readonly MemberRow[]; left: readonly string[]; generation: number; issueCount: number; digest: string },
): Promise<void> {
  await upsertRows(
    db,
    MEMBER_SHAPE,
    change.upserts.map((row) => [
      query.hash,
      query.connectionId,
      row.issueId,
      row.joinedGeneration,
      row.leftGeneration,
      row.status,
      row.statusCategory,
      row.hasResolution ? 1 : 0,
      row.categoryDoneGeneration,
      row.resolvedGeneration,
      row.statusGeneration,
      row.categoryUndoneGeneration,
      row.unresolvedGeneration,
      row.previousStatus,
    ]),
  );
  for (const ids of chunked(change.left)) {
    await db.updateTable('jira_query_issues').set({ left_generation: change.generation }).where('query_hash', '=', query.hash).where('issue_id', 'in', ids).execute();
  }
  await db
    .updateTable('jira_queries')
    .set({ generation: change.generation, issue_count: change.issueCount, digest: change.digest })
    .where('hash', '=', query.hash)
    .execute();
}

/** Records the digest and count when the membership did not change (a query whose digest was unknown, as after the upgrade). */
export async function setQueryDigest(db: Db, hash: string, digest: string, issueCount: number): Promise<void> {
  await db.updateTable('jira_queries').set({ digest, issue_count: issueCount }).where('hash', '=', hash).execute();
}

/** How a link decides "done", on the membership snapshot (statuses: lower-cased, trimmed names). */
export type SnapshotDoneRule = { type: 'status_category' } | { type: 'resolution' } | { type: 'statuses'; names: readonly string[] };

export interface LinkDiffKeys {
  added: string[];
  removed: string[];
  newlyDone: string[];
  /** Members it already had that were done by its rule and are not any more. */
  reopened: string[];
}

function memberKeys(db: Db, hash: string) {
  return db
    .selectFrom('jira_query_issues as qi')
    .innerJoin('jira_issues as i', (join) => join.onRef('i.connection_id', '=', 'qi.connection_id').onRef('i.issue_id', '=', 'qi.issue_id'))
    .select('i.issue_key')
    .where('qi.query_hash', '=', hash);
}

/**
 * What changed for a link that last synced generation `since` of this query (0: never, or another
 * query) up to generation `upTo` (the one its sync committed; a later sync of the query by another
 * link is left for the link's next run): members that joined in between, tombstones that left in
 * between (and had joined by `since`), and members it already had that became done by its rule in
 * between, or stopped being done in between (reopened). Keys are unsorted. Like "newly done",
 * "reopened" reads when the member last changed: one that became done and was reopened again
 * between two syncs of the link counts as reopened.
 */
export async function listLinkDiff(db: Db, hash: string, since: number, upTo: number, rule: SnapshotDoneRule): Promise<LinkDiffKeys> {
  const added = await memberKeys(db, hash).where('qi.left_generation', 'is', null).where('qi.joined_generation', '>', since).where('qi.joined_generation', '<=', upTo).execute();
  const removed = await memberKeys(db, hash)
    .where('qi.left_generation', '>', since)
    .where('qi.left_generation', '<=', upTo)
    .where('qi.joined_generation', '<=', since)
    .execute();
  const held = memberKeys(db, hash).where('qi.left_generation', 'is', null).where('qi.joined_generation', '<=', since);
  let newlyDone: string[];
  let reopened: string[];
  const keys = (rows: ReadonlyArray<{ issue_key: string }>) => rows.map((row) => row.issue_key);
  if (rule.type === 'status_category') {
    newlyDone = keys(
      await held.where('qi.status_category', '=', 'done').where('qi.category_done_generation', '>', since).where('qi.category_done_generation', '<=', upTo).execute(),
    );
    reopened = keys(
      await held.where('qi.status_category', '<>', 'done').where('qi.category_undone_generation', '>', since).where('qi.category_undone_generation', '<=', upTo).execute(),
    );
  } else if (rule.type === 'resolution') {
    newlyDone = keys(await held.where('qi.has_resolution', '=', 1).where('qi.resolved_generation', '>', since).where('qi.resolved_generation', '<=', upTo).execute());
    reopened = keys(await held.where('qi.has_resolution', '=', 0).where('qi.unresolved_generation', '>', since).where('qi.unresolved_generation', '<=', upTo).execute());
  } else {
    // Status names are compared in JavaScript, as the sync does (SQL's lower() differs between engines beyond ASCII).
    const names = new Set(rule.names);
    const isDoneName = (status: string | null) => status !== null && names.has(status.trim().toLowerCase());
    const candidates = await held.select(['qi.status', 'qi.previous_status']).where('qi.status_generation', '>', since).where('qi.status_generation', '<=', upTo).execute();
    newlyDone = candidates.filter((row) => isDoneName(row.status)).map((row) => row.issue_key);
    reopened = candidates.filter((row) => !isDoneName(row.status) && isDoneName(row.previous_status)).map((row) => row.issue_key);
  }
  return { added: keys(added), removed: keys(removed), newlyDone, reopened };
}

interface SetMember {
  key: string;
  status: string;
  statusCategory: string;
  hasResolution: boolean;
}

function doneBy(rule: SnapshotDoneRule, member: SetMember): boolean {
  if (rule.type === 'status_category') return member.statusCategory === 'done';
  if (rule.type === 'resolution') return member.hasResolution;
  return rule.names.includes(member.status.trim().toLowerCase());
}

/** The query's members as of generation `at` (as far as the rows still tell: a later change overwrites the snapshot). */
async function membersAt(db: Db, hash: string, at: number): Promise<Map<string, SetMember>> {
  const rows = await db
    .selectFrom('jira_query_issues as qi')
    .innerJoin('jira_issues as i', (join) => join.onRef('i.connection_id', '=', 'qi.connection_id').onRef('i.issue_id', '=', 'qi.issue_id'))
    .select(['qi.issue_id', 'i.issue_key', 'qi.status', 'qi.status_category', 'qi.has_resolution'])
    .where('qi.query_hash', '=', hash)
    .where('qi.joined_generation', '<=', at)
    .where((eb) => eb.or([eb('qi.left_generation', 'is', null), eb('qi.left_generation', '>', at)]))
    .execute();
  return new Map(
    rows.map((row) => [row.issue_id, { key: row.issue_key, status: row.status, statusCategory: row.status_category, hasResolution: Number(row.has_resolution) === 1 }]),
  );
}

/**
 * What changed for a link whose query changed (its JQL was edited, or its period moved): the
 * members of the query it last synced, at the generation it synced, against the new query's at
 * `upTo`. Both queries' member ids are read: this happens once per edit, not every round.
 */
export async function listCrossQueryDiff(
  db: Db,
  before: { hash: string; generation: number },
  after: { hash: string; generation: number },
  rule: SnapshotDoneRule,
): Promise<LinkDiffKeys> {
  const old = await membersAt(db, before.hash, before.generation);
  const now = await membersAt(db, after.hash, after.generation);
  const diff: LinkDiffKeys = { added: [], removed: [], newlyDone: [], reopened: [] };
  for (const [id, member] of now) {
    const was = old.get(id);
    if (!was) diff.added.push(member.key);
    else if (doneBy(rule, member) && !doneBy(rule, was)) diff.newlyDone.push(member.key);
    else if (!doneBy(rule, member) && doneBy(rule, was)) diff.reopened.push(member.key);
  }
  for (const [id, member] of old) if (!now.has(id)) diff.removed.push(member.key);
  return diff;
}

/**
 * Drops the query's tombstones every link on it has synced past (links that never synced it see
 * no removals, so they do not hold tombstones back). Answers how many went.
 */
export async function pruneTombstones(db: Db, hash: string): Promise<number> {
  const oldest = await db
    .selectFrom('integration_links')
    .select((eb) => eb.fn.min<number | string | null>('synced_generation').as('oldest'))
    .where('synced_query_hash', '=', hash)
    .executeTakeFirst();
  const keepAfter = oldest?.oldest === null || oldest?.oldest === undefined ? null : Number(oldest.oldest);
  let query = db.deleteFrom('jira_query_issues').where('query_hash', '=', hash).where('left_generation', 'is not', null);
  if (keepAfter !== null) query = query.where('left_generation', '<=', keepAfter);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes the queries no link uses any more (neither as its current query nor as the one it last
 * synced), with their membership. Answers the connections that lost a query, whose mirror may now
 * hold issues no query refers to.
 */
export async function pruneUnusedQueries(db: Db): Promise<string[]> {
  const unused = await db
    .selectFrom('jira_queries as q')
    .select(['q.hash', 'q.connection_id'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('integration_links as l')
            .select(sql.lit(1).as('one'))
            .where((eb) => eb.or([eb('l.query_hash', '=', eb.ref('q.hash')), eb('l.synced_query_hash', '=', eb.ref('q.hash'))])),
        ),
      ),
    )
    .execute();
  for (const hashes of chunked(unused.map((row) => row.hash))) {
    await db.deleteFrom('jira_queries').where('hash', 'in', hashes).execute();
  }
  return [...new Set(unused.map((row) => row.connection_id))];
}

/** Members (not tombstones) of a query (tests, and what a link's issue count rests on). */
export async function countMembers(db: Db, hash: string): Promise<number> {
  const row = await db
    .selectFrom('jira_query_issues')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('query_hash', '=', hash)
    .where('left_generation', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
