/**
 * The Jira sync work on the PostgreSQL queue. A *plan* job (one per round, whichever worker gets
 * it) lists the links that are due, groups them by their effective query and enqueues one sync
 * job per query (in chunks), keyed by the query so repeated plans do not pile up copies. A *sync*
 * job claims its links with its own id as the lease owner, so when its worker dies and pg-boss
 * hands the job to another worker, the retry takes the same leases back: nothing is lost, and the
 * leases still make sure no link is recorded twice. Jira being unreachable is retried by pg-boss
 * with backoff; the last attempt records the failure on the links and dead-letters the job.
 */
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { chunked } from '../../db/repositories/objectives-batching';
import { claimLinkBatch, findLinksByIds, listDueLinkIds } from '../../db/repositories/integration-links-repository';
import { isJiraEnabled } from '../../services/integrations-service';
import { queriesFor, syncClaimedLinks, type SyncDeps, type SyncError, type SyncJob } from '../../services/sync/sync-engine';
import { SYNC_LEASE_MS } from '../../services/sync/sync-rounds';
import { SYNC_QUEUE } from './boss';
import type { QueuedJob } from './consumer';

/** Links in one sync job: a larger group is split (each part asks Jira once) so no job runs for long. */
export const MAX_LINKS_PER_JOB = 200;
/** Due links one plan looks at; a larger backlog is planned by the next rounds. */
const MAX_LINKS_PER_PLAN = 100_000;
const JOBS_PER_INSERT = 500;

export const syncJobDataSchema = z.object({
  linkIds: z.array(z.string().min(1)).min(1).max(MAX_LINKS_PER_JOB),
  trigger: z.enum(['schedule', 'webhook']),
});
export type SyncJobData = z.infer<typeof syncJobDataSchema>;

const NOTES: Record<SyncJobData['trigger'], string> = { schedule: '', webhook: 'Jira reported a change' };

/** Failures worth trying again in a while; the others (bad JQL, no permission, bad credentials) need a person. */
const TRANSIENT_CODES = new Set(['unreachable', 'timeout', 'rate_limited', 'bad_response', 'internal']);
export const isTransient = (error: SyncError): boolean => TRANSIENT_CODES.has(error.code);

/** A sync job's failure as pg-boss stores it (and admins read it): a message, a code and the links. */
export class SyncJobError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details: { linkIds: string[]; attempt: number; lastAttempt: boolean },
  ) {
    super(message);
    this.name = 'SyncJobError';
  }
}

export type QueueSyncDeps = Required<Pick<SyncDeps, 'db' | 'secretKey' | 'now'>> & Pick<SyncDeps, 'clientOptions' | 'log' | 'leaseMs'>;

export interface PlanResult {
  paused: boolean;
  /** True when the previous round's jobs were still waiting, so nothing was planned. */
  behind: boolean;
  due: number;
  jobs: number;
}

/** Scheduled sync jobs not yet started (webhook jobs, waiting out their debounce, do not count). */
async function waitingRoundJobs(boss: PgBoss): Promise<number> {
  const result = await boss
    .getDb()
    .executeSql(`select count(*)::int as waiting from pgboss.job where name = $1 and state = 'created' and singleton_key like 'query:%'`, [SYNC_QUEUE]);
  const rows = result.rows as Array<{ waiting: number }>;
  return rows[0]?.waiting ?? 0;
}

/** Enqueues one sync job per query (and per chunk of MAX_LINKS_PER_JOB links) for every due link nobody holds. */
export async function planRound(deps: QueueSyncDeps, boss: PgBoss): Promise<PlanResult> {
  if (!(await isJiraEnabled(deps.db))) return { paused: true, behind: false, due: 0, jobs: 0 };
  // Planning again while the last round's jobs wait would only list the same links and queue
  // copies pg-boss drops; the links still due once the queue is worked off are planned then.
  if ((await waitingRoundJobs(boss)) > 0) return { paused: false, behind: true, due: 0, jobs: 0 };
  const dueIds = await listDueLinkIds(deps.db, deps.now().toISOString(), MAX_LINKS_PER_PLAN);
  if (dueIds.length === 0) return { paused: false, behind: false, due: 0, jobs: 0 };
  const links = await findLinksByIds(deps.db, dueIds);
  const queries = await queriesFor(deps.db, links);
  const groups = new Map<string, string[]>();
  for (const link of links) {
    const key = queries.get(link.id)?.hash ?? `link:${link.id}`;
    groups.set(key, [...(groups.get(key) ?? []), link.id]);
  }
  const jobs: PgBoss.JobInsert<SyncJobData>[] = [];
  for (const [key, ids] of groups) {
    chunked([...ids].sort(), MAX_LINKS_PER_JOB).forEach((linkIds, index) => {
      // The same key while a job for it still waits: pg-boss keeps only the first ("short" policy).
      jobs.push({ name: SYNC_QUEUE, data: { linkIds, trigger: 'schedule' }, singletonKey: `query:${key}:${index}` });
    });
  }
  for (const batch of chunked(jobs, JOBS_PER_INSERT)) await boss.insert(batch);
  return { paused: false, behind: false, due: dueIds.length, jobs: jobs.length };
}

/**
 * Asks for a sync of each link soon (webhooks): one job per link, waiting `delaySeconds`; while a
 * link's job still waits, further requests for it are dropped, so a burst becomes one sync.
 */
export async function enqueueLinkSyncJobs(boss: PgBoss, linkIds: readonly string[], trigger: 'webhook', delaySeconds: number): Promise<void> {
  const jobs: PgBoss.JobInsert<SyncJobData>[] = [...new Set(linkIds)].map((id) => ({
    name: SYNC_QUEUE,
    data: { linkIds: [id], trigger },
    singletonKey: `link:${id}`,
    startAfter: new Date(Date.now() + delaySeconds * 1000).toISOString(),
  }));
  for (const batch of chunked(jobs, JOBS_PER_INSERT)) await boss.insert(batch);
}

export interface SyncJobResult {
  claimed: number;
  ok: number;
  failed: number;
  /** Links another sync held: done by that one (schedule) or asked again shortly (webhook). */
  busy: number;
}

/** Runs one sync job: claims its links (still due, for a scheduled one), syncs them, and says how it went. */
export async function runSyncJob(deps: QueueSyncDeps, boss: PgBoss, job: QueuedJob<SyncJobData>, webhookRetrySeconds: number): Promise<SyncJobResult> {
  const { linkIds, trigger } = job.data;
  if (!(await isJiraEnabled(deps.db))) return { claimed: 0, ok: 0, failed: 0, busy: 0 };
  const now = deps.now();
  const claim = {
    owner: job.id,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + (deps.leaseMs ?? SYNC_LEASE_MS)).toISOString(),
    // A scheduled sync of a link synced since it was planned (by a refresh, or by this job before its worker died) is not repeated.
    ...(trigger === 'schedule' ? { dueBy: now.toISOString() } : {}),
  };
  const claimed = await claimLinkBatch(deps.db, linkIds, claim);
  const busy = linkIds.filter((id) => !claimed.includes(id));
  // A webhook's link held by another sync may have been read before the change: ask again shortly.
  if (trigger === 'webhook' && busy.length > 0) await enqueueLinkSyncJobs(boss, busy, trigger, webhookRetrySeconds);
  if (claimed.length === 0) return { claimed: 0, ok: 0, failed: 0, busy: busy.length };

  const lastAttempt = job.retryCount >= job.retryLimit;
  const links = await findLinksByIds(deps.db, claimed);
  const syncJobs: SyncJob[] = links.map((link) => ({ spec: link, owner: job.id, trigger, note: NOTES[trigger] }));
  const batch = await syncClaimedLinks(deps, syncJobs, undefined, lastAttempt ? {} : { holdBack: isTransient });

  const attempt = job.retryCount + 1;
  const heldBack = batch.outcomes.flatMap((outcome) => (outcome.heldBack ? [{ linkId: outcome.linkId, error: outcome.heldBack }] : []));
  const first = heldBack[0];
  if (first) {
    throw new SyncJobError(`Attempt ${attempt} could not reach Jira: ${first.error.message}`, first.error.code, {
      linkIds: heldBack.map((entry) => entry.linkId),
      attempt,
      lastAttempt: false,
    });
  }
  const runs = batch.outcomes.flatMap((outcome) => (outcome.run ? [outcome.run] : []));
  const stillFailing = runs.filter((run) => run.outcome === 'failed' && run.errorCode !== null && TRANSIENT_CODES.has(run.errorCode));
  const lastFailure = stillFailing[0];
  if (lastFailure) {
    // Recorded on the links (their pages show it); the job goes to the dead-letter queue for admins.
    throw new SyncJobError(`Gave up after ${attempt} attempts: ${lastFailure.errorMessage ?? 'Jira could not be reached.'}`, lastFailure.errorCode ?? 'internal', {
      linkIds: stillFailing.map((run) => run.linkId ?? ''),
      attempt,
      lastAttempt: true,
    });
  }
  return {
    claimed: claimed.length,
    ok: runs.filter((run) => run.outcome === 'ok').length,
    failed: runs.filter((run) => run.outcome === 'failed').length,
    busy: busy.length,
  };
}
