/**
 * The cap on requests in flight to each Jira connection, and its quota pause, for a whole
 * process: main.ts registers one for its database (in memory on SQLite, shared through PostgreSQL
 * when several processes work together), and every Jira client made for syncing uses it. Without
 * one registered (tests, scripts), each client keeps its own cap as before.
 */
import type { Kysely } from 'kysely';
import { localRequestLimiter, type RequestLimiter } from '../../../integrations/jira/index';
import type { Database } from '../../db/schema';

export interface JiraRequestLimits {
  /** The limiter every client of this connection uses (the same one each time). */
  limiterFor(connectionId: string): RequestLimiter;
  close(): Promise<void>;
}

const registered = new WeakMap<Kysely<Database>, JiraRequestLimits>();

/** From now on, Jira clients made for syncing with this database obey these limits. */
export function useJiraRequestLimits(db: Kysely<Database>, limits: JiraRequestLimits): void {
  registered.set(db, limits);
}

export function jiraRequestLimitsOf(db: Kysely<Database>): JiraRequestLimits | undefined {
  return registered.get(db);
}

/** One process (SQLite): a semaphore and a pause per connection, in memory. */
export function createInMemoryJiraLimits(maxInFlight: number): JiraRequestLimits {
  const limiters = new Map<string, RequestLimiter>();
  return {
    limiterFor(connectionId) {
      let limiter = limiters.get(connectionId);
      if (!limiter) {
        const slots = localRequestLimiter(maxInFlight);
        let pausedUntil = 0;
        limiter = {
          async acquire() {
            const slot = await slots.acquire();
            return pausedUntil > Date.now() ? { ...slot, pausedUntilMs: pausedUntil } : slot;
          },
          async sharePause(forMs) {
            pausedUntil = Math.max(pausedUntil, Date.now() + forMs);
          },
        };
        limiters.set(connectionId, limiter);
      }
      return limiter;
    },
    async close() {
      limiters.clear();
    },
  };
}
