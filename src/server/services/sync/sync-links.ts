/**
 * The one way links get synced, whoever asks: a person (refresh, refresh all) through
 * `syncLinksNow`, answered in the request; the schedule and Jira webhooks through the job
 * definitions (src/server/jobs/definitions), whose handlers call `planDueLinks` and `syncLinkSet`
 * on whichever provider runs them. Every path claims its links (leases: no link is synced twice at
 * once, whatever runs where) and hands them to the engine's `syncClaimedLinks`.
 */
import { chunked } from '../../db/in-list-chunks';
import { claimLinkBatch, findLinksByIds, listDueLinkIds } from '../../db/repositories/integration-links-repository';
import type { SyncTrigger } from '../../db/repositories/sync-runs-repository';
import { isJiraEnabled } from '../integrations-service';
import { queriesFor, syncClaimedLinks, type SyncBatchResult, type SyncDeps, type SyncError, type SyncJob } from './sync-engine';
import { claimLinks, SYNC_LEASE_MS } from './sync-claims';

/** Links in one sync job: a larger group is split (each part asks Jira once) so no job runs for long. */
export const MAX_LINKS_PER_JOB = 200;
/** Due links one plan looks at; a larger backlog is planned by the next rounds. */
const MAX_LINKS_PER_PLAN = 100_000;
/** How often a request waiting for a link another sync holds tries again. */
const WAIT_POLL_MS = 200;

/** The note a webhook's runs carry in the activity. */
export const WEBHOOK_NOTE = 'Jira reported a change';

const clockOf = (deps: Pick<SyncDeps, 'now'>): Date => (deps.now ?? (() => new Date()))();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SyncNowResult {
  batch: SyncBatchResult;
  claimed: number;
  /** Links another sync still held when the request stopped waiting. */
  busy: string[];
}

/**
 * Syncs these links now, in the caller's request: claims those nobody holds and syncs them together
 * (links sharing a query ask Jira once). With `waitMs`, links another sync holds are tried again
 * until that sync lets go or the time is up, so a refresh never runs beside another sync of its link.
 */
export async function syncLinksNow(
  deps: SyncDeps,
  linkIds: readonly string[],
  trigger: SyncTrigger,
  note: string,
  options: { waitMs?: number } = {},
): Promise<SyncNowResult> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  const result: SyncNowResult = { batch: { outcomes: [], queries: [] }, claimed: 0, busy: [...new Set(linkIds)] };
  for (;;) {
    const claimed = await claimLinks(deps, result.busy, clockOf(deps));
    if (claimed.links.length > 0) {
      const jobs: SyncJob[] = claimed.links.map((link) => ({ spec: link, owner: claimed.owner, trigger, note }));
      const batch = await syncClaimedLinks(deps, jobs);
      result.batch = { outcomes: [...result.batch.outcomes, ...batch.outcomes], queries: [...result.batch.queries, ...batch.queries] };
      result.claimed += claimed.links.length;
      const taken = new Set(claimed.links.map((link) => link.id));
      result.busy = result.busy.filter((id) => !taken.has(id));
    }
    if (result.busy.length === 0 || Date.now() >= deadline) return result;
    await sleep(WAIT_POLL_MS);
  }
}

export interface RoundPlan {
  /** True when Jira is disabled: syncing is paused and nothing was planned. */
  paused: boolean;
  due: number;
  /** One group per query (split at MAX_LINKS_PER_JOB), keyed so a plan never queues a copy of a group still waiting. */
  groups: Array<{ key: string; linkIds: string[] }>;
}

/** Lists the links due by `now` and groups them by their effective query (connection + JQL). */
export async function planDueLinks(deps: Pick<SyncDeps, 'db'>, now: Date): Promise<RoundPlan> {
  if (!(await isJiraEnabled(deps.db))) return { paused: true, due: 0, groups: [] };
  const dueIds = await listDueLinkIds(deps.db, now.toISOString(), MAX_LINKS_PER_PLAN);
  if (dueIds.length === 0) return { paused: false, due: 0, groups: [] };
  const links = await findLinksByIds(deps.db, dueIds);
  const queries = await queriesFor(deps.db, links);
  const byQuery = new Map<string, string[]>();
  for (const link of links) {
    const key = queries.get(link.id)?.hash ?? `link:${link.id}`;
    byQuery.set(key, [...(byQuery.get(key) ?? []), link.id]);
  }
  const groups: RoundPlan['groups'] = [];
  for (const [key, ids] of byQuery) {
    chunked([...ids].sort(), MAX_LINKS_PER_JOB).forEach((linkIds, index) => groups.push({ key: `query:${key}:${index}`, linkIds }));
  }
  return { paused: false, due: dueIds.length, groups };
}

/** Failures worth trying again in a while; the others (bad JQL, no permission, bad credentials) need a person. */
const TRANSIENT_CODES = new Set(['unreachable', 'timeout', 'rate_limited', 'bad_response', 'busy', 'internal']);
export const isTransient = (error: SyncError): boolean => TRANSIENT_CODES.has(error.code);

/** A sync job's failure as a queue stores it (and admins read it): a message, a code and the links. */
export class SyncJobError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details: { linkIds: string[]; attempt: number; lastAttempt: boolean; trigger: SyncTrigger },
  ) {
    super(message);
    this.name = 'SyncJobError';
  }
}

export interface LinkSetRequest {
  linkIds: readonly string[];
  trigger: SyncTrigger;
  note: string;
  /** The job's id: the lease owner, the same on every attempt, so a retry takes its dead worker's leases back. */
  owner: string;
  /** 0 on the first attempt. */
  retryCount: number;
  /** On the last attempt failures are recorded on the links; before it Jira being unreachable is left to the retry. */
  lastAttempt: boolean;
}

export interface LinkSetResult {
  paused: boolean;
  claimed: number;
  ok: number;
  failed: number;
  /** Links another sync held: done by that one (schedule) or to be asked again (webhook). */
  busy: string[];
}

/**
 * Syncs a set of links as one job: claims them (for the schedule, only those still due: one synced
 * since it was planned is not repeated), syncs them, and throws SyncJobError when Jira could not be
 * reached, so the queue retries the job (nothing recorded) or, on the last attempt, dead-letters it
 * after the failure was recorded on the links.
 */
export async function syncLinkSet(deps: SyncDeps, request: LinkSetRequest): Promise<LinkSetResult> {
  if (!(await isJiraEnabled(deps.db))) return { paused: true, claimed: 0, ok: 0, failed: 0, busy: [] };
  const now = clockOf(deps);
  const claimed = await claimLinkBatch(deps.db, request.linkIds, {
    owner: request.owner,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + (deps.leaseMs ?? SYNC_LEASE_MS)).toISOString(),
    ...(request.trigger === 'schedule' ? { dueBy: now.toISOString() } : {}),
  });
  const busy = request.linkIds.filter((id) => !claimed.includes(id));
  if (claimed.length === 0) return { paused: false, claimed: 0, ok: 0, failed: 0, busy };

  const links = await findLinksByIds(deps.db, claimed);
  const jobs: SyncJob[] = links.map((link) => ({ spec: link, owner: request.owner, trigger: request.trigger, note: request.note }));
  const batch = await syncClaimedLinks(deps, jobs, undefined, request.lastAttempt ? {} : { holdBack: isTransient });

  const attempt = request.retryCount + 1;
  const heldBack = batch.outcomes.flatMap((outcome) => (outcome.heldBack ? [{ linkId: outcome.linkId, error: outcome.heldBack }] : []));
  const first = heldBack[0];
  if (first) {
    throw new SyncJobError(`Attempt ${attempt} could not reach Jira: ${first.error.message}`, first.error.code, {
      linkIds: heldBack.map((entry) => entry.linkId),
      attempt,
      lastAttempt: false,
      trigger: request.trigger,
    });
  }
  const runs = batch.outcomes.flatMap((outcome) => (outcome.run ? [outcome.run] : []));
  const stillFailing = runs.filter((run) => run.outcome === 'failed' && run.errorCode !== null && TRANSIENT_CODES.has(run.errorCode));
  const lastFailure = stillFailing[0];
  if (lastFailure) {
    // Recorded on the links (their pages show it); the queue keeps the job for admins.
    throw new SyncJobError(`Gave up after ${attempt} attempts: ${lastFailure.errorMessage ?? 'Jira could not be reached.'}`, lastFailure.errorCode ?? 'internal', {
      linkIds: stillFailing.map((run) => run.linkId ?? ''),
      attempt,
      lastAttempt: true,
      trigger: request.trigger,
    });
  }
  return {
    paused: false,
    claimed: claimed.length,
    ok: runs.filter((run) => run.outcome === 'ok').length,
    failed: runs.filter((run) => run.outcome === 'failed').length,
    busy,
  };
}
