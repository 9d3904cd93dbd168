/**
 * The cap on requests in flight to each Jira connection, and its quota pause, for a whole
 * process: main.ts registers one for its database (in memory on SQLite, shared through PostgreSQL
 * when several processes work together), and every Jira client made for syncing uses it. Without
 * one registered (tests, scripts), each client keeps its own cap as before.
 *
 * The slots are divided between sync rounds and interactive requests by the rule in
 * src/integrations/jira/limiter.ts (each keeps max(1, floor(N/4)) slots the other cannot take), and
 * a wait for a slot ends with JiraError `busy` after `slotWaitMs`.
 */
import type { Kysely } from 'kysely';
import { DEFAULT_SLOT_WAIT_MS, PurposeSlots, type SlotHolder, type RequestLimiter } from '../../../integrations/jira/index';
import type { Database } from '../../db/schema';

export interface JiraRequestLimits {
  /**
   * The limiter of this connection for one purpose's share (the same one each time). Without a
   * purpose (tools, tests) it is the whole connection, no share; Jira clients always pass theirs.
   */
  limiterFor(connectionId: string, purpose?: SlotHolder): RequestLimiter;
  close(): Promise<void>;
}

export interface LimitsOptions {
  /** How long a request waits for a slot before failing with `busy` (default 30 s). */
  slotWaitMs?: number | undefined;
}

const registered = new WeakMap<Kysely<Database>, JiraRequestLimits>();

/** From now on, Jira clients made for syncing with this database obey these limits. */
export function useJiraRequestLimits(db: Kysely<Database>, limits: JiraRequestLimits): void {
  registered.set(db, limits);
}

export function jiraRequestLimitsOf(db: Kysely<Database>): JiraRequestLimits | undefined {
  return registered.get(db);
}

/** One process (SQLite): the shared slots and a pause per connection, in memory. */
export function createInMemoryJiraLimits(maxInFlight: number, options: LimitsOptions = {}): JiraRequestLimits {
  const waitMs = options.slotWaitMs ?? DEFAULT_SLOT_WAIT_MS;
  const limiters = new Map<string, Record<SlotHolder, RequestLimiter>>();
  const connectionLimiters = (): Record<SlotHolder, RequestLimiter> => {
    const slots = new PurposeSlots(maxInFlight);
    let pausedUntil = 0;
    const forPurpose = (purpose: SlotHolder): RequestLimiter => ({
      async acquire() {
        const release = await slots.acquire(purpose, waitMs);
        return pausedUntil > Date.now() ? { release, pausedUntilMs: pausedUntil } : { release };
      },
      async sharePause(forMs) {
        pausedUntil = Math.max(pausedUntil, Date.now() + forMs);
      },
    });
    return { sync: forPurpose('sync'), interactive: forPurpose('interactive'), any: forPurpose('any') };
  };
  return {
    limiterFor(connectionId, purpose = 'any') {
      let limiter = limiters.get(connectionId);
      if (!limiter) {
        limiter = connectionLimiters();
        limiters.set(connectionId, limiter);
      }
      return limiter[purpose];
    },
    async close() {
      limiters.clear();
    },
  };
}
