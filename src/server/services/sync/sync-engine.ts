/**
 * Syncing links, by stage: plan (sync-plan.ts: one query per distinct connection + effective JQL,
 * shared by its links), fetch (sync-fetch.ts: pages streamed into the issue mirror, running totals
 * per link view), commit (sync-commit.ts: the query's membership and generation, then each link's
 * values, key result and run record, LINKS_PER_COMMIT links to a transaction). A failure keeps the
 * last good values and records the error on the link and in a failed run; errors are mapped in
 * sync-errors.ts.
 */
import type { Kysely } from 'kysely';
import { pruneTombstones } from '../../db/repositories/jira-queries-repository';
import { releaseLease, type Db } from '../../db/repositories/integration-links-repository';
import type { SyncRunRecord, SyncTrigger } from '../../db/repositories/sync-runs-repository';
import type { Database } from '../../db/schema';
import { syncDuration, syncRuns } from '../../metrics';
import { refreshForecastsAfterSync } from '../insight/forecast-refresh';
import { createJiraClientSource, type JiraClientSource, type SyncClientOptions } from './jira-clients';
import { commitFailure, commitMembership, commitSuccess, MirrorGapError, pruneMirror, type CommitContext, type QueryResult } from './sync-commit';
import { disconnectedError, LeaseLostError, toSyncError, type SyncError } from './sync-errors';
import { MirrorWriter } from './mirror-writer';
import { fetchQuery } from './sync-fetch';
import { fieldNeedsOf, groupByQuery, viewOf, type LinkQuery, type LinkSpec } from './sync-plan';
import { getSyncIntervalMs } from './sync-settings';

export { queriesFor, targetOf, fieldNeedsOf, type LinkQuery, type LinkSpec } from './sync-plan';
export { toSyncError, LeaseLostError, type SyncError } from './sync-errors';
export { commitFailure, commitSuccess, pruneMirror, type CommitContext } from './sync-commit';

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

/** A query synced (fetched into the mirror, membership committed), or why not. */
export type QueryOutcome = { ok: true; result: QueryResult; requests: number } | { ok: false; error: SyncError; requests: number };

/**
 * Fetches a query for these links and commits its membership. A mirror row pruned under the sync
 * (rare: an unlink at the same moment) means one more fetch; never throws for Jira's failures.
 */
export async function syncQuery(
  deps: Pick<SyncDeps, 'db' | 'now'>,
  clients: JiraClientSource,
  query: LinkQuery,
  specs: readonly LinkSpec[],
  writer: MirrorWriter = new MirrorWriter(deps.db),
): Promise<QueryOutcome> {
  const clock = deps.now ?? (() => new Date());
  let requests = 0;
  for (let attempt = 1; ; attempt += 1) {
    const fetched = await fetchQuery(writer, clients, query, specs.map(viewOf), fieldNeedsOf(specs), clock);
    requests += fetched.requests;
    if (!fetched.ok) return { ok: false, error: fetched.error, requests };
    try {
      return { ok: true, result: await commitMembership(deps.db, fetched.fetched, clock().toISOString()), requests };
    } catch (error) {
      if (error instanceof MirrorGapError && attempt < 2) continue;
      return { ok: false, error: toSyncError(error), requests };
    }
  }
}

/** Commits one link's outcome of its query: values, key result and run on success, the error otherwise. */
export function commitOutcome(trx: Db, context: CommitContext, outcome: QueryOutcome): Promise<SyncRunRecord> {
  return outcome.ok ? commitSuccess(trx, context, outcome.result, outcome.requests) : commitFailure(trx, context, outcome.error, outcome.requests);
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

/** Queries whose links are committed at once behind the fetch, and how many more may wait (see syncClaimedLinks). */
const COMMITS_AT_ONCE = 2;
const COMMITS_WAITING = 4;

/**
 * Tasks run behind the caller, `running` at a time: `add` returns once the task is started or
 * queued with fewer than `waiting` others, so a fast producer is held back rather than piling
 * up. `drain` waits for all of them and throws the first failure, as awaiting them would have.
 */
class CommitQueue {
  private readonly queue: Array<() => Promise<void>> = [];
  private readonly room: Array<() => void> = [];
  private readonly all: Array<Promise<void>> = [];
  private active = 0;

  constructor(
    private readonly running: number,
    private readonly waiting: number,
  ) {}

  async add(task: () => Promise<void>): Promise<void> {
    this.queue.push(task);
    this.startNext();
    if (this.queue.length > this.waiting) await new Promise<void>((resolve) => this.room.push(resolve));
  }

  private startNext(): void {
    while (this.active < this.running && this.queue.length > 0) {
      const task = this.queue.shift() as () => Promise<void>;
      this.room.shift()?.();
      this.active += 1;
      const done = task().finally(() => {
        this.active -= 1;
        this.startNext();
      });
      // Its failure is reported by drain; until then it must not count as unhandled.
      done.catch(() => undefined);
      this.all.push(done);
    }
  }

  async drain(): Promise<void> {
    // Tasks started while waiting are added to `all`: wait until none is left running or queued.
    let awaited = 0;
    while (awaited < this.all.length) {
      const started = this.all.length;
      await Promise.all(this.all);
      awaited = started;
    }
  }
}

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

/** Commits the links of one query, LINKS_PER_COMMIT to a transaction; a batch that fails is redone link by link. */
async function commitLinks(deps: SyncDeps, jobs: readonly SyncJob[], commit: (trx: Db, job: SyncJob) => Promise<SyncRunRecord>): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
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
  for (let start = 0; start < jobs.length; start += LINKS_PER_COMMIT) {
    const batch = jobs.slice(start, start + LINKS_PER_COMMIT);
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
  return outcomes;
}

/**
 * Syncs claimed links: one Jira query per distinct (connection, effective JQL), streamed into the
 * mirror, then the links' commits. Returns what each link recorded and what each query cost.
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
  const groups = await groupByQuery(deps.db, jobs);
  // Links that last synced another query (edited, or their period moved) may leave that query unused.
  let movedOff = false;

  const outcomes: SyncOutcome[] = [];
  const queryCosts: SyncBatchResult['queries'] = [];
  // One writer for the batch: pages of its queries that arrive together are written together.
  const writer = new MirrorWriter(deps.db);
  // A query's links are committed behind its fetch while the worker goes on to fetch the next
  // query: on PostgreSQL a query's link commits are some fifty round trips, during which Jira
  // would otherwise wait. At most COMMITS_WAITING queries' results wait (a few KB each).
  const commits = new CommitQueue(COMMITS_AT_ONCE, COMMITS_WAITING);
  const commitGroup = async (group: (typeof groups)[number], outcome: QueryOutcome, startedAt: Date): Promise<void> => {
    if (!outcome.ok && options.holdBack?.(outcome.error)) {
      for (const job of group.items) {
        await releaseLease(deps.db, job.spec.id, job.owner).catch(() => undefined);
        outcomes.push({ linkId: job.spec.id, run: null, heldBack: outcome.error });
      }
      return;
    }
    const commit = (trx: Db, job: SyncJob): Promise<SyncRunRecord> =>
      commitOutcome(trx, { spec: job.spec, owner: job.owner, trigger: job.trigger, note: job.note, startedAt, now: clock(), intervalMs, query: group.query }, outcome);
    const committed = await commitLinks(deps, group.items, commit);
    outcomes.push(...committed);
    // After the links' commits, outside their transactions: the forecasts this sync may have moved.
    const runs = new Map(committed.map((done) => [done.linkId, done.run]));
    await refreshForecastsAfterSync(deps, group.query?.hash ?? null, group.items.map((job) => ({ spec: job.spec, run: runs.get(job.spec.id) ?? null }))).catch((error: unknown) =>
      deps.log?.error({ err: error }, 'working out the links\' forecasts failed'),
    );
    // Tombstones every link of the query has synced past are no longer needed for any run.
    if (group.query) await pruneTombstones(deps.db, group.query.hash).catch((error: unknown) => deps.log?.error({ err: error }, 'pruning a query\'s tombstones failed'));
  };
  await inParallel(groups, QUERIES_IN_PARALLEL, async (group) => {
    const startedAt = clock();
    const specs = group.items.map((job) => job.spec);
    if (specs.some((spec) => (spec.syncedQueryHash ?? null) !== null && spec.syncedQueryHash !== group.query?.hash)) movedOff = true;
    const outcome: QueryOutcome = group.query ? await syncQuery(deps, source, group.query, specs, writer) : { ok: false, error: disconnectedError(), requests: 0 };
    queryCosts.push({ hash: group.query?.hash ?? null, links: group.items.length, requests: outcome.requests, ok: outcome.ok });
    await commits.add(() => commitGroup(group, outcome, startedAt));
  });
  await commits.drain();
  if (movedOff) await pruneMirror(deps.db).catch((error: unknown) => deps.log?.error({ err: error }, 'pruning unused queries failed'));
  return { outcomes, queries: queryCosts };
}
