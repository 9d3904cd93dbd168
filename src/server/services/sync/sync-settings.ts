/**
 * The admin setting `sync.intervalMinutes`: how often every link is synced on schedule (default
 * 24 hours, 5 minutes to 7 days). Changing it reschedules links that are not yet due onto the new
 * interval; links already due stay due, so a change never skips a sync.
 */
import type { Kysely } from 'kysely';
import { listLinkSchedules, setNextDueAt } from '../../db/repositories/integration-links-repository';
import { readSettings, writeSetting } from '../../db/repositories/settings-repository';
import type { Database } from '../../db/schema';
import { MINUTE_MS, nextSlotAfter } from './schedule';

export const SYNC_INTERVAL_KEY = 'sync.intervalMinutes';
export const DEFAULT_SYNC_INTERVAL_MINUTES = 1440;
// The bounds are part of the API contract (the PATCH /settings body checks them).
import { MAX_SYNC_INTERVAL_MINUTES, MIN_SYNC_INTERVAL_MINUTES } from '../../../contract/settings';
export { MAX_SYNC_INTERVAL_MINUTES, MIN_SYNC_INTERVAL_MINUTES };

export function isValidSyncInterval(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= MIN_SYNC_INTERVAL_MINUTES && minutes <= MAX_SYNC_INTERVAL_MINUTES;
}

export async function getSyncIntervalMinutes(db: Kysely<Database>): Promise<number> {
  const stored = (await readSettings(db, [SYNC_INTERVAL_KEY])).get(SYNC_INTERVAL_KEY);
  // A hand-edited value out of range falls back to the default instead of hammering Jira.
  return typeof stored === 'number' && isValidSyncInterval(stored) ? stored : DEFAULT_SYNC_INTERVAL_MINUTES;
}

export async function getSyncIntervalMs(db: Kysely<Database>): Promise<number> {
  return (await getSyncIntervalMinutes(db)) * MINUTE_MS;
}

/** Saves the interval and moves every link that is not due yet onto its slot in the new interval. */
export async function setSyncIntervalMinutes(db: Kysely<Database>, minutes: number, now: Date): Promise<number> {
  const intervalMs = minutes * MINUTE_MS;
  await db.transaction().execute(async (trx) => {
    await writeSetting(trx, SYNC_INTERVAL_KEY, minutes, now.toISOString());
    const nowIso = now.toISOString();
    for (const link of await listLinkSchedules(trx)) {
      if (link.nextDueAt <= nowIso) continue;
      const next = nextSlotAfter(now, intervalMs, link.id).toISOString();
      if (next !== link.nextDueAt) await setNextDueAt(trx, link.id, next);
    }
  });
  return minutes;
}
