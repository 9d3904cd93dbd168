/**
 * Syncing links: run each distinct query once (links with the same connection and effective JQL
 * share it), then commit every link in its own transaction — issue set, counts, progress, the key
 * result's value and the run record together, or nothing. A failure keeps the last good values and
 * records the error on the link and in a failed run.
 */
import type { Kysely } from 'kysely';
import { computeMetric, diffIssueSets, type Period } from '../../../core';
import { isJiraError } from '../../../integrations/jira/index';
import {
  findTargetPeriods,
  findKeyResultValues,
  setKeyResultCurrentValue,
} from '../../db/repositories/link-targets-repository';
import {
  recordLinkFailure,
  recordLinkSuccess,
  releaseLease,
  type Db,
  type LinkMetric,
  type LinkTarget,
} from '../../db/repositories/integration-links-repository';
import { findLinkIssuesDigest, insertSyncRun, listLinkIssues, replaceLinkIssues, type SyncRunRecord, type SyncTrigger } from '../../db/repositories/sync-runs-repository';
import type { Database } from '../../db/schema';
import { syncDuration, syncRuns } from '../../metrics';
import {
  ConnectionUnavailableError,
  DISCONNECTED_CODE,
  DISCONNECTED_MESSAGE,
  countJiraRequests, createJiraClientSource, currentRequestCount, type JiraClientSource, type SyncClientOptions } from './jira-clients';
import { effectiveJql, measuresTowardsTarget, queryHash, type LinkOptions } from './link-options';
import { fetchMatchingIssues, linkViewOf, type FetchResult, type FieldNeeds } from './matching-issues';
import { nextSlotAfter, retryAfterFailure } from './schedule';
import { getSyncIntervalMs } from './sync-settings';

export interface SyncDeps {
  db: Kysely<Database>;
  secretKey: Buffer;
  clientOptions?: SyncClientOptions | undefined;
  now?: (() => Date) | undefined;
  /** Where unexpected failures (a database error mid-commit) are reported. */
  log?: { error: (context: object, message: string) => void } | undefined;
  /** How long a round's claim on a link holds (default SYNC_LEASE_MS, 10 minutes). */
  leaseMs?: number | undefined;
}

/** What a sync needs to know about a link (a saved LinkRecord, or one about to be saved). */
export interface LinkSpec {
  id: string;
  objectiveId: string | null;
  keyResultId: string | null;
  connectionId: string | null;
  jql: string;
  metric: LinkMetric;
  options: LinkOptions;
  /** Progress before this sync (the "before" of the run record). */
  progress: number | null;
}

export interface SyncError {
  code: string;
  message: string;
  /** Jira's own messages, e.g. why it rejected the JQL. */
  jiraMessages: string[];
}

export interface LinkQuery {
  connectionId: string;
  jql: string;
  hash: string;
}

export type QueryOutcome = { ok: true; fetched: FetchResult; requests: number } | { ok: false; error: SyncError; requests: number };

export function targetOf(spec: Pick<LinkSpec, 'objectiveId' | 'keyResultId'>): LinkTarget {
  return spec.objectiveId !== null ? { objectiveId: spec.objectiveId } : { keyResultId: spec.keyResultId ?? '' };
}

/** The effective query of each link (period-scoped links need their item's period). */
export async function queriesFor(db: Db, specs: readonly LinkSpec[]): Promise<Map<string, LinkQuery | null>> {
  const scoped = specs.filter((spec) => spec.options.periodScoped);
  const periods = scoped.length > 0 ? await findTargetPeriods(db, scoped.map(targetOf)) : new Map<string, Period>();
  const queries = new Map<string, LinkQuery | null>();
  for (const spec of specs) {
    if (spec.connectionId === null) {
      queries.set(spec.id, null);
      continue;
    }
    const period = periods.get(spec.objectiveId ?? spec.keyResultId ?? '') ?? null;
    const jql = effectiveJql(spec.jql, spec.options, period);
    queries.set(spec.id, { connectionId: spec.connectionId, jql, hash: queryHash(spec.connectionId, jql) });
  }
  return queries;
}

export function fieldNeedsOf(specs: ReadonlyArray<Pick<LinkSpec, 'metric' | 'options'>>): FieldNeeds {
  return {
    storyPoints: specs.some((spec) => spec.metric === 'points_done'),
    numericFields: specs.flatMap((spec) => (spec.metric === 'field_sum' && spec.options.field !== null ? [spec.options.field] : [])),
  };
}

/** Any failure as the small set of codes a link shows, in words a person can act on. */
export function toSyncError(error: unknown): SyncError {
  if (isJiraError(error)) {
    const message =
      error.code === 'jql_invalid' && error.jiraMessages.length > 0
        ? `Jira could not run this JQL query: ${error.jiraMessages.join(' ')} Correct the query and save the link again.`
        : error.message;
    return { code: error.code, message, jiraMessages: error.jiraMessages };
  }
  if (error instanceof ConnectionUnavailableError) return { code: error.code, message: error.message, jiraMessages: [] };
  return {
    code: 'internal',
    message: 'Pacer hit an unexpected problem while syncing this link. It will try again at the next sync; if it keeps failing, check the server log.',
    jiraMessages: [],
  };
}

/** Runs one query against Jira, counting its requests; never throws for Jira's or the connection's failures. */
export async function runQuery(clients: JiraClientSource, query: LinkQuery, needs: FieldNeeds): Promise<QueryOutcome> {
  let requestsSoFar = 0;
  try {
    const { result, requests } = await countJiraRequests(async () => {
      try {
        const { client } = await clients.clientFor(query.connectionId);
        return await fetchMatchingIssues(client, query.jql, needs);
      } finally {
        requestsSoFar = currentRequestCount();
      }
    });
    return { ok: true, fetched: result, requests };
  } catch (error) {
    return { ok: false, error: toSyncError(error), requests: requestsSoFar };
  }
}

/** Thrown inside a commit when another sync or an edit took the link over: the transaction rolls back. */
export class LeaseLostError extends Error {
  constructor(linkId: string) {
    super(`Link ${linkId} is being synced by another process or was edited; this sync's result was discarded.`);
    this.name = 'LeaseLostError';
  }
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

export async function commitSuccess(trx: Db, context: CommitContext, fetched: FetchResult, requests: number): Promise<SyncRunRecord> {
  const { spec, now } = context;
  const nowIso = now.toISOString();
  const { stored, measured, digest } = linkViewOf(fetched.issues, {
    doneRule: spec.options.doneRule,
    usesPoints: spec.metric === 'points_done',
    field: spec.metric === 'field_sum' ? spec.options.field : null,
  });
  const result = computeMetric(spec.metric, measured, spec.options);
  // The same digest means the stored rows are exactly these: nothing to read back, diff or write.
  const unchanged = (await findLinkIssuesDigest(trx, spec.id)) === digest;
  const previous = unchanged ? null : await listLinkIssues(trx, spec.id);
  const diff = previous ? diffIssueSets(previous, stored) : { added: [], removed: [], newlyDone: [] };
  const recorded = await recordLinkSuccess(
    trx,
    spec.id,
    context.owner,
    { total: result.total, done: result.done, progress: result.progress, measured: result.measured, queryHash: context.query?.hash ?? '' },
    { now: nowIso, nextDueAt: nextSlotAfter(now, context.intervalMs, spec.id).toISOString() },
  );
  if (!recorded) throw new LeaseLostError(spec.id);
  if (previous) await replaceLinkIssues(trx, spec.id, stored, { previous, digest });
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
    addedKeys: diff.added,
    removedKeys: diff.removed,
    newlyDoneKeys: diff.newlyDone,
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
    note: context.note,
  });
}

export interface SyncJob {
  spec: LinkSpec;
  owner: string;
  trigger: SyncTrigger;
  note: string;
}

export interface SyncOutcome {
  linkId: string;
  /**
   * The run recorded, or null when nothing was: the lease was lost (another sync or an edit won),
   * or the commit itself failed (then the lease is given back and the link stays due).
   */
  run: SyncRunRecord | null;
  /** Set when the query failed and the caller chose to retry later (holdBack): nothing was recorded, the lease was given back. */
  heldBack?: SyncError;
}

export interface SyncBatchOptions {
  /**
   * A failed query whose error this answers true for is not recorded: its links' leases are given
   * back and their outcomes carry `heldBack`, so a queue can retry the whole job with backoff.
   */
  holdBack?: (error: SyncError) => boolean;
}

/** Counts a committed run for GET /metrics. */
export function recordRunMetrics(run: Pick<SyncRunRecord, 'trigger' | 'outcome' | 'startedAt' | 'finishedAt'>): void {
  syncRuns.inc({ trigger: run.trigger, outcome: run.outcome });
  syncDuration.observe({ trigger: run.trigger }, Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
}

/**
 * Links committed in one transaction: links sharing a query are written together (one commit, one
 * fsync on PostgreSQL, instead of one each), each still all or nothing. Small enough that a batch
 * holds SQLite's single connection only briefly.
 */
const LINKS_PER_COMMIT = 10;

/** Distinct queries run at once in a batch; each connection's client still caps its own requests in flight. */
const QUERIES_IN_PARALLEL = 8;

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

export interface SyncBatchResult {
  outcomes: SyncOutcome[];
  /** One entry per distinct Jira query made (null hash: links without a connection). */
  queries: Array<{ hash: string | null; links: number; requests: number; ok: boolean }>;
}

/**
 * Syncs claimed links: one Jira query per distinct (connection, effective JQL), then the links'
 * commits, LINKS_PER_COMMIT to a transaction (one by one if a batch fails). Returns what each link
 * recorded and what each query cost.
 */
export async function syncClaimedLinks(
  deps: SyncDeps,
  jobs: readonly SyncJob[],
  clients?: JiraClientSource,
  options: SyncBatchOptions = {},
): Promise<SyncBatchResult> {
  const clock = deps.now ?? (() => new Date());
  const source = clients ?? createJiraClientSource(deps);
  const intervalMs = await getSyncIntervalMs(deps.db);
  const queries = await queriesFor(deps.db, jobs.map((job) => job.spec));
  const groups = new Map<string, { query: LinkQuery | null; jobs: SyncJob[] }>();
  for (const job of jobs) {
    const query = queries.get(job.spec.id) ?? null;
    const key = query?.hash ?? `unconnected:${job.spec.id}`;
    const group = groups.get(key) ?? { query, jobs: [] };
    group.jobs.push(job);
    groups.set(key, group);
  }

  const outcomes: SyncOutcome[] = [];
  const queryCosts: SyncBatchResult['queries'] = [];
  await inParallel([...groups.values()], QUERIES_IN_PARALLEL, async (group) => {
    const startedAt = clock();
    const outcome: QueryOutcome = group.query
      ? await runQuery(source, group.query, fieldNeedsOf(group.jobs.map((job) => job.spec)))
      : { ok: false, error: toSyncError(new ConnectionUnavailableError(DISCONNECTED_CODE, DISCONNECTED_MESSAGE)), requests: 0 };
    queryCosts.push({ hash: group.query?.hash ?? null, links: group.jobs.length, requests: outcome.requests, ok: outcome.ok });
    if (!outcome.ok && options.holdBack?.(outcome.error)) {
      for (const job of group.jobs) {
        await releaseLease(deps.db, job.spec.id, job.owner).catch(() => undefined);
        outcomes.push({ linkId: job.spec.id, run: null, heldBack: outcome.error });
      }
      return;
    }
    const commit = (trx: Db, job: SyncJob): Promise<SyncRunRecord> => {
      const context: CommitContext = { spec: job.spec, owner: job.owner, trigger: job.trigger, note: job.note, startedAt, now: clock(), intervalMs, query: group.query };
      return outcome.ok ? commitSuccess(trx, context, outcome.fetched, outcome.requests) : commitFailure(trx, context, outcome.error, outcome.requests);
    };
    const commitAlone = async (job: SyncJob): Promise<SyncOutcome> => {
      try {
        return { linkId: job.spec.id, run: await deps.db.transaction().execute((trx) => commit(trx, job)) };
      } catch (error) {
        if (!(error instanceof LeaseLostError)) {
          deps.log?.error({ err: error, linkId: job.spec.id }, 'sync commit failed; the link stays due');
          await releaseLease(deps.db, job.spec.id, job.owner).catch(() => undefined);
        }
        return { linkId: job.spec.id, run: null };
      }
    };
    for (let start = 0; start < group.jobs.length; start += LINKS_PER_COMMIT) {
      const batch = group.jobs.slice(start, start + LINKS_PER_COMMIT);
      let committed: SyncOutcome[];
      try {
        committed = await deps.db.transaction().execute(async (trx) => {
          const done: SyncOutcome[] = [];
          for (const job of batch) {
            try {
              done.push({ linkId: job.spec.id, run: await commit(trx, job) });
            } catch (error) {
              // A lost lease is found before the link's first write: the others' writes stand.
              if (!(error instanceof LeaseLostError)) throw error;
              done.push({ linkId: job.spec.id, run: null });
            }
          }
          return done;
        });
      } catch {
        // Something failed and the batch rolled back: one link at a time, so a problem costs only its link.
        committed = [];
        for (const job of batch) committed.push(await commitAlone(job));
      }
      for (const done of committed) {
        outcomes.push(done);
        if (done.run) recordRunMetrics(done.run);
      }
    }
  });
  return { outcomes, queries: queryCosts };
}
