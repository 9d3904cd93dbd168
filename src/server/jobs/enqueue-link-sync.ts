/**
 * The one door through which "sync these links soon" requests reach the sync engine (today: Jira
 * webhooks). Callers only say which links and why; how the work is queued is decided here.
 *
 * In-process (the default, and the only choice on SQLite): each link waits `debounceMs` after the
 * last request for it (at most `maxWaitMs` after the first), so a burst of events on one epic
 * becomes one sync per link; links that come due together are synced in one batch, so links
 * sharing a query ask Jira once. A link another sync holds (a scheduled round, a refresh, another
 * process) is tried again a little later, so a change is never left to the next round.
 *
 * With PostgreSQL the scale-out work routes the same calls to pg-boss (a singleton job per link);
 * pass that implementation to buildApp as `linkSyncs`.
 */
import type { SyncTrigger } from '../db/repositories/sync-runs-repository';
import { isJiraEnabled } from '../services/integrations-service';
import { SYNC_LEASE_MS, claimLinks, syncClaimed } from '../services/sync/sync-rounds';
import type { SyncClientOptions } from '../services/sync/jira-clients';
import type { JobContext } from './job';

/** Triggers that arrive through the queue rather than from a person or the schedule. */
export type QueuedSyncTrigger = Extract<SyncTrigger, 'webhook'>;

export interface LinkSyncEnqueuer {
  /** Asks for a sync of each link soon; returns once the request is queued, never after the sync. */
  enqueueLinkSyncs(linkIds: readonly string[], trigger: QueuedSyncTrigger): Promise<void>;
  /** Resolves when nothing is waiting or running (tests and benchmarks). */
  idle(): Promise<void>;
  /** Stops taking work and waits for syncs in progress; pending ones are left to the scheduled round. */
  close(): Promise<void>;
}

export interface InProcessOptions {
  debounceMs: number;
  /**
   * Longest a link waits while events keep coming; default twenty debounce periods (a minute), so
   * a bulk change that Jira spreads over many seconds still becomes one sync.
   */
  maxWaitMs?: number;
  clientOptions?: SyncClientOptions;
}

/** Links due within this much of each other go in the same batch (shared queries). */
const BATCH_SLACK_MS = 250;

interface Pending {
  firstAt: number;
  lastAt: number;
  trigger: QueuedSyncTrigger;
  /** When a busy link may be tried again; 0 while it waits for its debounce. */
  retryAt: number;
}

const TRIGGER_NOTES: Record<QueuedSyncTrigger, string> = { webhook: 'Jira reported a change' };

export function createInProcessLinkSyncs(context: JobContext, options: InProcessOptions): LinkSyncEnqueuer {
  const debounceMs = Math.max(0, options.debounceMs);
  const maxWaitMs = options.maxWaitMs ?? Math.max(debounceMs * 20, 1_000);
  const pending = new Map<string, Pending>();
  const inFlight = new Set<string>();
  /** When a link was first found held by another sync, to stop retrying after a lease's length. */
  const busySince = new Map<string, number>();
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const dueAt = (entry: Pending): number => (entry.retryAt > 0 ? entry.retryAt : Math.min(entry.lastAt + debounceMs, entry.firstAt + maxWaitMs));

  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (closed) return;
    let earliest = Infinity;
    for (const [id, entry] of pending) if (!inFlight.has(id)) earliest = Math.min(earliest, dueAt(entry));
    if (earliest === Infinity) return;
    timer = setTimeout(flush, Math.max(0, earliest - Date.now()));
    // Pending syncs alone never keep the process alive; the scheduled round is the safety net.
    timer.unref();
  };

  const flush = (): void => {
    timer = null;
    const horizon = Date.now() + BATCH_SLACK_MS;
    const batch = new Map<QueuedSyncTrigger, string[]>();
    for (const [id, entry] of pending) {
      if (inFlight.has(id) || dueAt(entry) > horizon) continue;
      pending.delete(id);
      inFlight.add(id);
      batch.set(entry.trigger, [...(batch.get(entry.trigger) ?? []), id]);
    }
    for (const [trigger, ids] of batch) track(syncBatch(ids, trigger));
    arm();
  };

  const syncBatch = async (ids: string[], trigger: QueuedSyncTrigger): Promise<void> => {
    const deps = { db: context.db, secretKey: context.secretKey, now: context.now, log: context.log, clientOptions: options.clientOptions };
    try {
      if (!(await isJiraEnabled(context.db))) return;
      const claimed = await claimLinks(deps, ids, context.now());
      const claimedIds = new Set(claimed.links.map((link) => link.id));
      const busy = ids.filter((id) => !claimedIds.has(id));
      // Held by another sync that may have read Jira before the change: try again shortly.
      for (const id of busy) requeue(id, trigger);
      for (const id of claimedIds) busySince.delete(id);
      if (claimed.links.length > 0) await syncClaimed(deps, claimed, trigger, TRIGGER_NOTES[trigger]);
    } catch (error) {
      context.log.error({ err: error, links: ids.length, trigger }, 'queued Jira sync failed; the links wait for the scheduled round');
    } finally {
      for (const id of ids) inFlight.delete(id);
      arm();
    }
  };

  /** A link someone else holds: retry after a debounce period, giving up once that sync's lease would have run out. */
  const requeue = (id: string, trigger: QueuedSyncTrigger): void => {
    const now = Date.now();
    const since = busySince.get(id) ?? now;
    if (now - since > SYNC_LEASE_MS) {
      busySince.delete(id);
      return;
    }
    busySince.set(id, since);
    // A newer request for the link is already waiting; it will try again on its own.
    if (pending.has(id)) return;
    pending.set(id, { firstAt: now, lastAt: now, trigger, retryAt: now + Math.max(debounceMs, 500) });
  };

  const track = (work: Promise<void>): void => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };

  return {
    async enqueueLinkSyncs(linkIds, trigger) {
      if (closed) return;
      const now = Date.now();
      for (const id of linkIds) {
        const entry = pending.get(id);
        if (entry) {
          entry.lastAt = now;
          entry.retryAt = 0;
        } else {
          pending.set(id, { firstAt: now, lastAt: now, trigger, retryAt: 0 });
        }
      }
      arm();
    },
    async idle() {
      while (pending.size > 0 || running.size > 0) {
        if (running.size > 0) await Promise.allSettled([...running]);
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      await Promise.allSettled([...running]);
    },
  };
}
