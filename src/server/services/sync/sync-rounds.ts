/**
 * Scheduled rounds and bulk refreshes. A round claims every due link (a conditional UPDATE per
 * link, so two instances never take the same one), then syncs them together so identical queries
 * run once. A crash after claiming leaves leases that run out; the links are still due (their
 * next_due_at only moves when a run is committed), so the next round picks them up exactly once.
 */
import { listLinkIdsOfConnection } from '../../db/repositories/integration-links-repository';
import type { SyncTrigger } from '../../db/repositories/sync-runs-repository';
import { isJiraEnabled } from '../integrations-service';
import { syncClaimedLinks, type SyncBatchResult, type SyncDeps, type SyncJob } from './sync-engine';
import { claimDueLinks, type ClaimedLinks } from './sync-claims';
import { syncLinksNow } from './sync-links';

// Claims have their own module (sync-links needs them too, and sync-links is used here).
export { claimDueLinks, claimLinks, SYNC_LEASE_MS, type ClaimedLinks } from './sync-claims';

export interface RoundResult {
  /** True when Jira is disabled: syncing is paused and nothing was claimed. */
  paused: boolean;
  claimed: number;
  ok: number;
  failed: number;
  /** Runs whose result was discarded because another sync or an edit took the link over. */
  discarded: number;
  jiraRequests: number;
  /** Distinct Jira queries made (links sharing a query count once). */
  queries: number;
}

export function summarise(batch: SyncBatchResult, claimed: number): Omit<RoundResult, 'paused'> {
  const runs = batch.outcomes.flatMap((outcome) => (outcome.run ? [outcome.run] : []));
  return {
    claimed,
    ok: runs.filter((run) => run.outcome === 'ok').length,
    failed: runs.filter((run) => run.outcome === 'failed').length,
    discarded: batch.outcomes.length - runs.length,
    jiraRequests: batch.queries.reduce((sum, query) => sum + query.requests, 0),
    queries: batch.queries.filter((query) => query.hash !== null).length,
  };
}

const EMPTY_BATCH: SyncBatchResult = { outcomes: [], queries: [] };

/** Syncs links this owner has claimed, all with the same trigger. */
export async function syncClaimed(deps: SyncDeps, claimed: ClaimedLinks, trigger: SyncTrigger, note = ''): Promise<SyncBatchResult> {
  const jobs: SyncJob[] = claimed.links.map((link) => ({ spec: link, owner: claimed.owner, trigger, note }));
  return syncClaimedLinks(deps, jobs);
}

/**
 * One scheduled round: every due link, once. Paused while the Jira integration is disabled.
 * `now` (tests, the bench) fixes the round's clock: what is due, and when each link is due next.
 */
export async function runDueSyncs(deps: SyncDeps, now?: Date): Promise<RoundResult> {
  const roundDeps: SyncDeps = now ? { ...deps, now: () => now } : deps;
  const at = now ?? (deps.now ?? (() => new Date()))();
  if (!(await isJiraEnabled(deps.db))) return { paused: true, claimed: 0, ok: 0, failed: 0, discarded: 0, jiraRequests: 0, queries: 0 };
  const claimed = await claimDueLinks(roundDeps, at);
  if (claimed.links.length === 0) return { paused: false, ...summarise(EMPTY_BATCH, 0) };
  const batch = await syncClaimed(roundDeps, claimed, 'schedule');
  return { paused: false, ...summarise(batch, claimed.links.length) };
}

/** "Refresh all" for one connection (admin): every link on it nobody else is syncing, now (deps' clock), due or not. */
export async function refreshConnection(deps: SyncDeps, connectionId: string, _now: Date, note: string): Promise<RoundResult & { links: number; busy: number }> {
  const ids = await listLinkIdsOfConnection(deps.db, connectionId);
  const synced = await syncLinksNow(deps, ids, 'manual', note);
  return { paused: false, links: ids.length, busy: synced.busy.length, ...summarise(synced.batch, synced.claimed) };
}
