/**
 * Sync stage 3, commit. First the query's membership: who joined, who left, whose done-deciding
 * fields changed, written in one transaction with a new generation only when anything changed (a
 * digest of the members tells without reading them back). Then each link: its values from the
 * fetch's running totals, the key result it drives, and its run record with the keys added,
 * removed and newly done since the generation it last synced, all or nothing per link.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { computeMetricFromTotals, emptyMetricTotals, type MetricTotals } from '../../../core';
import { findKeyResultValues, setKeyResultCurrentValue } from '../../db/repositories/link-targets-repository';
import { findLinkSyncPoint, recordLinkFailure, recordLinkSuccess, type Db } from '../../db/repositories/integration-links-repository';
import { listMissingMirrorIds, pruneUnreferencedIssues } from '../../db/repositories/jira-mirror-repository';
import {
  listCrossQueryDiff,
  listLinkDiff,
  listMembership,
  lockQuery,
  pruneUnusedQueries,
  setQueryDigest,
  writeMembership,
  type LinkDiffKeys,
  type MemberRow,
  type SnapshotDoneRule,
} from '../../db/repositories/jira-queries-repository';
import { insertSyncRun, type SyncRunRecord, type SyncTrigger } from '../../db/repositories/sync-runs-repository';
import type { Database } from '../../db/schema';
import { runAmountsOf } from '../insight/run-amounts';
import { measuresTowardsTarget, type DoneRule } from './link-options';
import { viewKeyOf, type DoneFacts } from './matching-issues';
import { nextSlotAfter, retryAfterFailure } from './schedule';
import { LeaseLostError, type SyncError } from './sync-errors';
import type { QueryFetch } from './sync-fetch';
import { viewOf, type LinkQuery, type LinkSpec } from './sync-plan';

/** A query as committed: its generation now and each link view's totals from the fetch. */
export interface QueryResult {
  hash: string;
  generation: number;
  totals: ReadonlyMap<string, MetricTotals>;
}

/** A mirror row a new member needs was pruned between its page's write and this commit: fetch again. */
export class MirrorGapError extends Error {
  constructor(readonly missing: number) {
    super(`${missing} mirrored issues were removed while their query synced; the query is fetched again.`);
    this.name = 'MirrorGapError';
  }
}

/** A fingerprint of the members and their done facts: equal at the next sync means nothing to write. */
export function membershipDigest(members: ReadonlyMap<string, DoneFacts>): string {
  const hash = createHash('sha256');
  for (const id of [...members.keys()].sort()) {
    const facts = members.get(id);
    hash.update(JSON.stringify([id, facts?.status, facts?.statusCategory, facts?.hasResolution]));
    hash.update('\n');
  }
  return hash.digest('base64url');
}

/** The membership row a member has after a sync at generation `next` that saw `facts`. */
function nextRow(id: string, facts: DoneFacts, before: MemberRow | undefined, next: number): MemberRow | null {
  const isDoneCategory = facts.statusCategory === 'done';
  if (!before || before.leftGeneration !== null) {
    return {
      issueId: id,
      joinedGeneration: next,
      leftGeneration: null,
      ...facts,
      categoryDoneGeneration: isDoneCategory ? next : null,
      resolvedGeneration: facts.hasResolution ? next : null,
      statusGeneration: next,
      categoryUndoneGeneration: null,
      unresolvedGeneration: null,
      previousStatus: null,
    };
  }
  if (before.status === facts.status && before.statusCategory === facts.statusCategory && before.hasResolution === facts.hasResolution) return null;
  return {
    ...before,
    ...facts,
    categoryDoneGeneration: !isDoneCategory ? null : before.statusCategory === 'done' ? (before.categoryDoneGeneration ?? next) : next,
    resolvedGeneration: !facts.hasResolution ? null : before.hasResolution ? (before.resolvedGeneration ?? next) : next,
    statusGeneration: before.status === facts.status ? before.statusGeneration : next,
    // When it stopped being done (the run's "reopened"), and what its status was before this change.
    categoryUndoneGeneration: !isDoneCategory && before.statusCategory === 'done' ? next : before.categoryUndoneGeneration,
    unresolvedGeneration: !facts.hasResolution && before.hasResolution ? next : before.unresolvedGeneration,
    previousStatus: before.status === facts.status ? before.previousStatus : before.status,
  };
}

/**
 * Commits what a fetch saw as the query's membership, in one transaction that holds the query's
 * row (two syncs of one query commit one after the other). Answers the query's generation now.
 */
export async function commitMembership(db: Kysely<Database>, fetched: QueryFetch, now: string): Promise<QueryResult> {
  const { query, members } = fetched;
  const digest = membershipDigest(members);
  const generation = await db.transaction().execute(async (trx) => {
    const state = await lockQuery(trx, query, now);
    if (state.digest === digest) return state.generation;
    const existing = await listMembership(trx, query.hash);
    const next = state.generation + 1;
    const upserts: MemberRow[] = [];
    const joined: string[] = [];
    for (const [id, facts] of members) {
      const before = existing.get(id);
      const row = nextRow(id, facts, before, next);
      if (!row) continue;
      upserts.push(row);
      if (row.joinedGeneration === next) joined.push(id);
    }
    const left = [...existing.values()].filter((row) => row.leftGeneration === null && !members.has(row.issueId)).map((row) => row.issueId);
    if (upserts.length === 0 && left.length === 0) {
      await setQueryDigest(trx, query.hash, digest, members.size);
      return state.generation;
    }
    const missing = await listMissingMirrorIds(trx, query.connectionId, joined);
    if (missing.length > 0) throw new MirrorGapError(missing.length);
    await writeMembership(trx, query, { upserts, left, generation: next, issueCount: members.size, digest });
    return next;
  });
  return { hash: query.hash, generation, totals: fetched.totals };
}

/** The membership snapshot's form of a link's done rule. */
function snapshotRule(rule: DoneRule): SnapshotDoneRule {
  return rule.type === 'statuses' ? { type: 'statuses', names: rule.statuses.map((name) => name.trim().toLowerCase()) } : rule;
}

export interface CommitContext {
  spec: LinkSpec;
  /** Lease token, or null when the link was created or edited in this transaction. */
  owner: string | null;
  trigger: SyncTrigger;
  note: string;
  startedAt: Date;
  now: Date;
  intervalMs: number;
  query: LinkQuery | null;
}

/**
 * A key result's current value follows the link where that is meaningful: the measured amount when
 * the link counts towards the key result's own start and target, otherwise the value that gives the
 * same progress on the key result's scale. Unknown progress leaves it alone.
 */
async function followKeyResult(trx: Db, spec: LinkSpec, result: { progress: number | null; measured: number }, now: string): Promise<void> {
  if (spec.keyResultId === null) return;
  const kr = await findKeyResultValues(trx, spec.keyResultId);
  if (!kr) return;
  const sameScale =
    measuresTowardsTarget(spec.metric, spec.options) &&
    (spec.options.startValue ?? 0) === kr.startValue &&
    spec.options.targetValue === kr.targetValue;
  let value: number | null = null;
  if (sameScale) value = result.measured;
  else if (result.progress !== null) value = kr.startValue + result.progress * (kr.targetValue - kr.startValue);
  if (value !== null && value !== kr.currentValue) await setKeyResultCurrentValue(trx, spec.keyResultId, value, now);
}

interface KeyParts {
  key: string;
  project: string;
  number: string;
}

/** compareIssueKeys on parts worked out once per key. */
function compareParts(a: KeyParts, b: KeyParts): number {
  if (a.project !== b.project) return a.project < b.project ? -1 : 1;
  if (a.number !== '' && b.number !== '' && a.number !== b.number) return Number(a.number) - Number(b.number);
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Keys in compareIssueKeys order (the same order, ties included), splitting each key once: the
 * comparator's regex per comparison cost 0.3-0.6 s of CPU in a first round of 1,000 links.
 */
export function sortIssueKeys(keys: readonly string[]): string[] {
  const parts = keys.map((key): KeyParts => {
    const match = /^(.*?)-(\d+)$/.exec(key);
    return { key, project: match?.[1] ?? key, number: match?.[2] ?? '' };
  });
  return parts.sort(compareParts).map((part) => part.key);
}

/** A diff's keys each in compareIssueKeys order. */
function sortedDiff(diff: LinkDiffKeys): LinkDiffKeys {
  return { added: sortIssueKeys(diff.added), removed: sortIssueKeys(diff.removed), newlyDone: sortIssueKeys(diff.newlyDone), reopened: sortIssueKeys(diff.reopened) };
}

const NO_CHANGES: LinkDiffKeys = { added: [], removed: [], newlyDone: [], reopened: [] };

/**
 * Diffs already worked out for a committed query, by the generation a link last synced at and its
 * done rule: the links sharing a query mostly share both (all 0 on their first sync), so a query's
 * 10 links read and sort its keys once instead of 10 times. Valid for the one QueryResult only:
 * its generation's membership does not change while its links commit.
 */
const diffsOfQuery = new WeakMap<QueryResult, Map<string, LinkDiffKeys>>();

async function sameQueryDiff(trx: Db, query: QueryResult, since: number, rule: SnapshotDoneRule): Promise<LinkDiffKeys> {
  if (since >= query.generation) return NO_CHANGES;
  let diffs = diffsOfQuery.get(query);
  if (!diffs) {
    diffs = new Map();
    diffsOfQuery.set(query, diffs);
  }
  const key = JSON.stringify([since, rule]);
  let diff = diffs.get(key);
  if (!diff) {
    diff = sortedDiff(await listLinkDiff(trx, query.hash, since, query.generation, rule));
    diffs.set(key, diff);
  }
  return diff;
}

export async function commitSuccess(trx: Db, context: CommitContext, query: QueryResult, requests: number): Promise<SyncRunRecord> {
  const { spec, now } = context;
  const nowIso = now.toISOString();
  const totals = query.totals.get(viewKeyOf(viewOf(spec))) ?? emptyMetricTotals();
  const result = computeMetricFromTotals(spec.metric, totals, spec.options);
  const point = await findLinkSyncPoint(trx, spec.id);
  const rule = snapshotRule(spec.options.doneRule);
  let diff: LinkDiffKeys;
  if (point.queryHash !== null && point.queryHash !== query.hash) {
    // The link's query changed (an edit): what it had under the old one against what it has now.
    diff = sortedDiff(await listCrossQueryDiff(trx, { hash: point.queryHash, generation: point.generation }, { hash: query.hash, generation: query.generation }, rule));
  } else {
    // The same generation as the link's last sync: nothing joined, left or changed for it. Sorted once per query.
    diff = await sameQueryDiff(trx, query, point.queryHash === query.hash ? point.generation : 0, rule);
  }
  const recorded = await recordLinkSuccess(
    trx,
    spec.id,
    context.owner,
    { total: result.total, done: result.done, progress: result.progress, measured: result.measured, queryHash: query.hash, generation: query.generation },
    { now: nowIso, nextDueAt: nextSlotAfter(now, context.intervalMs, spec.id).toISOString() },
  );
  if (!recorded) throw new LeaseLostError(spec.id);
  await followKeyResult(trx, spec, result, nowIso);
  return insertSyncRun(trx, {
    linkId: spec.id,
    objectiveId: spec.objectiveId,
    keyResultId: spec.keyResultId,
    trigger: context.trigger,
    startedAt: context.startedAt.toISOString(),
    finishedAt: nowIso,
    outcome: 'ok',
    errorCode: null,
    errorMessage: null,
    jiraRequests: requests,
    total: result.total,
    done: result.done,
    progressBefore: spec.progress,
    progressAfter: result.progress,
    // The query's diff itself, shared by its links' run records (nothing changes a recorded run's
    // keys): a copy per link kept 2 million array slots (16 MB) alive until a first round of
    // 1,000 links ended, which V8 then grew its heap by several times over.
    addedKeys: diff.added,
    removedKeys: diff.removed,
    newlyDoneKeys: diff.newlyDone,
    reopenedKeys: diff.reopened,
    ...runAmountsOf(spec.metric, totals),
    note: context.note,
  });
}

export async function commitFailure(trx: Db, context: CommitContext, error: SyncError, requests: number): Promise<SyncRunRecord> {
  const { spec, now } = context;
  const nowIso = now.toISOString();
  const recorded = await recordLinkFailure(trx, spec.id, context.owner, error, {
    now: nowIso,
    nextDueAt: retryAfterFailure(now, context.intervalMs, spec.id).toISOString(),
  });
  if (!recorded) throw new LeaseLostError(spec.id);
  return insertSyncRun(trx, {
    linkId: spec.id,
    objectiveId: spec.objectiveId,
    keyResultId: spec.keyResultId,
    trigger: context.trigger,
    startedAt: context.startedAt.toISOString(),
    finishedAt: nowIso,
    outcome: 'failed',
    errorCode: error.code,
    errorMessage: error.message,
    jiraRequests: requests,
    total: null,
    done: null,
    progressBefore: spec.progress,
    progressAfter: spec.progress,
    addedKeys: [],
    removedKeys: [],
    newlyDoneKeys: [],
    reopenedKeys: [],
    scopeAmount: null,
    doneAmount: null,
    note: context.note,
  });
}

/**
 * Drops queries no link uses any more and the mirrored issues no query refers to. Cheap when
 * nothing is unused (one query over jira_queries); called after syncs that moved a link to
 * another query and after unlinking.
 */
export async function pruneMirror(db: Kysely<Database>): Promise<void> {
  const connections = await pruneUnusedQueries(db);
  for (const connectionId of connections) await pruneUnreferencedIssues(db, connectionId);
}
