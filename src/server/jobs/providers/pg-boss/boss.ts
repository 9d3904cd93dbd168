/**
 * pg-boss, the job queue on PostgreSQL: one queue per job definition (named by its id) with the
 * definition's policies. Every process opens it (serve processes enqueue and read queue sizes;
 * workers also fetch), pg-boss installs and migrates its own schema `pgboss` under its own advisory
 * lock, and queue maintenance (expiring jobs whose worker died, archiving) runs in whichever
 * process gets to it first.
 */
import PgBoss from 'pg-boss';
import type { Config } from '../../../config';
import { withSetupLock } from '../../../db/migration-lock';
import type { RegisteredJob } from '../../job';

/** Jobs that failed their last attempt, with the error; admins read them (the name predates the other sync jobs). */
export const DEAD_LETTER_QUEUE = 'pacer.jira.sync-links.failed';
/** How long dead-lettered and finished jobs are kept. */
const RETENTION_DAYS = 14;

export interface QueueSettings {
  connectionString: string;
  config: Config;
  jobs: readonly RegisteredJob[];
  log: { error: (context: object, message: string) => void };
}

export type Boss = PgBoss;

/** A job's queue: a scheduled job keeps one waiting and one running ("stately"), the others one waiting per key ("short"). */
export function queueOptions(job: RegisteredJob, config: Config): PgBoss.Queue {
  const expireInSeconds = Math.max(1, Math.round(job.timeoutSeconds(config)));
  if (!job.retries) return { name: job.id, policy: job.schedule ? 'stately' : 'short', retryLimit: 0, expireInSeconds };
  return {
    name: job.id,
    policy: job.schedule ? 'stately' : 'short',
    retryLimit: job.retries.limit,
    retryDelay: job.retries.delaySeconds,
    retryBackoff: true,
    expireInSeconds,
    ...(job.retries.deadLetter ? { deadLetter: DEAD_LETTER_QUEUE } : {}),
  };
}

export async function startBoss(settings: QueueSettings): Promise<PgBoss> {
  const timeoutSeconds = settings.config.syncJobTimeoutSeconds;
  const boss = new PgBoss({
    connectionString: settings.connectionString,
    application_name: 'pacer-queue',
    max: 4,
    schema: 'pgboss',
    // Pacer queues scheduled jobs itself (singleton sends per tick), so pg-boss's cron clock is not needed.
    schedule: false,
    supervise: true,
    // Jobs of a dead worker are found this soon after their timeout (pg-boss runs it in one process at a time).
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(timeoutSeconds / 2))),
    archiveCompletedAfterSeconds: 3_600,
    archiveFailedAfterSeconds: 3_600,
    deleteAfterDays: RETENTION_DAYS,
    retentionDays: RETENTION_DAYS,
  });
  boss.on('error', (error) => settings.log.error({ err: error }, 'job queue error'));
  // Creating queues attaches table partitions; processes starting together would deadlock on that.
  await withSetupLock(settings.connectionString, async () => {
    await boss.start();
    await ensureQueue(boss, DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, policy: 'standard' });
    for (const job of settings.jobs) await ensureQueue(boss, job.id, queueOptions(job, settings.config));
  });
  return boss;
}

/** Creates the queue if it is new, and brings its retry and timeout settings up to this process's config. */
async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  await boss.createQueue(name, options);
  await boss.updateQueue(name, options);
}

/** Jobs per queue and state, for GET /metrics. */
export async function queueDepths(boss: PgBoss, queues: readonly string[]): Promise<Array<{ labels: { queue: string; state: string }; value: number }>> {
  const result = await boss.getDb().executeSql(
    `select name, state::text as state, count(*)::int as size from pgboss.job where name = any($1) group by name, state`,
    [[...queues]],
  );
  const rows = result.rows as Array<{ name: string; state: string; size: number }>;
  const values: Array<{ labels: { queue: string; state: string }; value: number }> = [];
  for (const queue of queues) {
    // Every queue reports its waiting and running jobs, zero included, so graphs do not have gaps.
    for (const state of ['created', 'retry', 'active', 'failed']) {
      const row = rows.find((candidate) => candidate.name === queue && candidate.state === state);
      values.push({ labels: { queue, state }, value: row?.size ?? 0 });
    }
  }
  return values;
}

/** Jobs of one queue waiting to start, optionally only those whose key starts with a prefix. */
export async function waitingJobs(boss: PgBoss, queue: string, keyPrefix: string): Promise<number> {
  const result = await boss
    .getDb()
    .executeSql(`select count(*)::int as waiting from pgboss.job where name = $1 and state = 'created' and coalesce(singleton_key, '') like $2`, [
      queue,
      `${keyPrefix.replace(/[\\%_]/g, '\\$&')}%`,
    ]);
  const rows = result.rows as Array<{ waiting: number }>;
  return rows[0]?.waiting ?? 0;
}
