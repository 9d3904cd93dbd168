/**
 * pg-boss, the job queue on PostgreSQL: Pacer's queues and their policies. Every process opens it
 * (serve processes enqueue and read queue sizes; workers also fetch), pg-boss installs and
 * migrates its own schema `pgboss` under its own advisory lock, and queue maintenance (expiring
 * jobs whose worker died, archiving) runs in whichever process gets to it first.
 */
import PgBoss from 'pg-boss';
import { withSetupLock } from '../../db/migration-lock';

/** Plans a scheduled round: one job at a time, at most one waiting (policy "stately"). */
export const PLAN_QUEUE = 'pacer.jira.plan-round';
/** Syncs a few links (one shared query, or one link after a webhook); at most one waiting per key ("short"). */
export const SYNC_QUEUE = 'pacer.jira.sync-links';
/** Sync jobs that failed their last attempt, with the error; admins read them. */
export const SYNC_DEAD_LETTER_QUEUE = 'pacer.jira.sync-links.failed';
export const PACER_QUEUES = [PLAN_QUEUE, SYNC_QUEUE, SYNC_DEAD_LETTER_QUEUE] as const;

/** Attempts after the first for a sync job; then it is dead-lettered. */
export const SYNC_RETRY_LIMIT = 3;
/** First retry after about this long (doubling, with jitter): ~5-10 s, 10-20 s, 20-40 s. */
export const SYNC_RETRY_DELAY_SECONDS = 5;
/** How long dead-lettered and finished jobs are kept. */
const RETENTION_DAYS = 14;

export interface QueueSettings {
  connectionString: string;
  /** A sync job running longer than this is failed and retried elsewhere (its worker is presumed dead). */
  syncJobTimeoutSeconds: number;
  log: { error: (context: object, message: string) => void };
}

export type Boss = PgBoss;

export async function startBoss(settings: QueueSettings): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: settings.connectionString,
    application_name: 'pacer-queue',
    max: 4,
    schema: 'pgboss',
    // Pacer schedules rounds itself (singleton plan jobs), so pg-boss's cron clock is not needed.
    schedule: false,
    supervise: true,
    // Jobs of a dead worker are found this soon after their timeout (pg-boss runs it in one process at a time).
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(settings.syncJobTimeoutSeconds / 2))),
    archiveCompletedAfterSeconds: 3_600,
    archiveFailedAfterSeconds: 3_600,
    deleteAfterDays: RETENTION_DAYS,
    retentionDays: RETENTION_DAYS,
  });
  boss.on('error', (error) => settings.log.error({ err: error }, 'job queue error'));
  // Creating queues attaches table partitions; processes starting together would deadlock on that.
  await withSetupLock(settings.connectionString, async () => {
    await boss.start();
    await ensureQueue(boss, SYNC_DEAD_LETTER_QUEUE, { name: SYNC_DEAD_LETTER_QUEUE, policy: 'standard' });
    await ensureQueue(boss, PLAN_QUEUE, { name: PLAN_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: Math.max(60, settings.syncJobTimeoutSeconds) });
    await ensureQueue(boss, SYNC_QUEUE, {
      name: SYNC_QUEUE,
      policy: 'short',
      retryLimit: SYNC_RETRY_LIMIT,
      retryDelay: SYNC_RETRY_DELAY_SECONDS,
      retryBackoff: true,
      expireInSeconds: settings.syncJobTimeoutSeconds,
      deadLetter: SYNC_DEAD_LETTER_QUEUE,
    });
  });
  return boss;
}

/** Creates the queue if it is new, and brings its retry and timeout settings up to this process's config. */
async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  await boss.createQueue(name, options);
  await boss.updateQueue(name, options);
}

/** Jobs per Pacer queue and state, for GET /metrics. */
export async function queueDepths(boss: PgBoss): Promise<Array<{ labels: { queue: string; state: string }; value: number }>> {
  const result = await boss.getDb().executeSql(
    `select name, state::text as state, count(*)::int as size from pgboss.job where name = any($1) group by name, state`,
    [[...PACER_QUEUES]],
  );
  const rows = result.rows as Array<{ name: string; state: string; size: number }>;
  const values: Array<{ labels: { queue: string; state: string }; value: number }> = [];
  for (const queue of PACER_QUEUES) {
    // Every queue reports its waiting and running jobs, zero included, so graphs do not have gaps.
    for (const state of ['created', 'retry', 'active', 'failed']) {
      const row = rows.find((candidate) => candidate.name === queue && candidate.state === state);
      values.push({ labels: { queue, state }, value: row?.size ?? 0 });
    }
  }
  return values;
}
