/**
 * The scheduled runs of one round, checked against the schedule. Every link runs once per round;
 * a link may run a second time only when its own daily slot (schedule.ts: a fixed offset within
 * the interval) came while the round was going on — after its first run had committed, so it was
 * legitimately due again. Any other repeat is a double sync. A round's runs are those committed
 * after it began: a sync already in flight when the links were made due counts for the round (its
 * commit sets the next due time, so the link is not synced a second time).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema';
import { nextSlotAfter } from '../../src/server/services/sync/schedule';
import { getSyncIntervalMs } from '../../src/server/services/sync/sync-settings';

export interface RoundCheck {
  /** Links with at least one scheduled run committed since the round began. */
  synced: number;
  /** Second runs of a link whose slot came during the round (allowed). */
  dueAgain: number;
  /** Repeats the schedule does not explain: "linkId: started A, then B". */
  doubled: string[];
}

export async function linksSyncedSince(db: Kysely<Database>, sinceIso: string): Promise<number> {
  const result = await sql<{ n: string }>`
    select count(distinct link_id) as n from sync_runs where "trigger" = 'schedule' and finished_at >= ${sinceIso}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function checkRound(db: Kysely<Database>, sinceIso: string): Promise<RoundCheck> {
  const intervalMs = await getSyncIntervalMs(db);
  const rows = await db
    .selectFrom('sync_runs')
    .select(['link_id', 'started_at', 'finished_at'])
    .where('trigger', '=', 'schedule')
    .where('finished_at', '>=', sinceIso)
    .orderBy('started_at')
    .execute();
  const byLink = new Map<string, Array<{ startedAt: string; finishedAt: string }>>();
  for (const row of rows) {
    if (row.link_id === null) continue;
    byLink.set(row.link_id, [...(byLink.get(row.link_id) ?? []), { startedAt: row.started_at, finishedAt: row.finished_at }]);
  }
  let dueAgain = 0;
  const doubled: string[] = [];
  for (const [linkId, runs] of byLink) {
    for (let i = 1; i < runs.length; i += 1) {
      const previous = runs[i - 1];
      const current = runs[i];
      if (!previous || !current) continue;
      // The first run's commit set the next due time to the slot after it; the repeat must have started after that.
      const dueAt = nextSlotAfter(new Date(previous.finishedAt), intervalMs, linkId).getTime();
      if (dueAt <= Date.parse(current.startedAt)) dueAgain += 1;
      else doubled.push(`${linkId}: started ${previous.startedAt}, then ${current.startedAt}`);
    }
  }
  return { synced: byLink.size, dueAgain, doubled };
}
