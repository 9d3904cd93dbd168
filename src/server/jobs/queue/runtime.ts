/**
 * The Jira sync work of a process on PostgreSQL. Every process opens the queue: it reports queue
 * depth to /metrics and sends webhook syncs to it. Worker processes (role `worker` or `all`) also
 * ask for a plan every PACER_SYNC_TICK_SECONDS — as a pg-boss singleton job, so however many
 * workers ask, one plan runs per tick — and run plan and sync jobs with bounded concurrency.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { Database } from '../../db/schema';
import { queueJobs } from '../../metrics';
import type { SyncClientOptions } from '../../services/sync/jira-clients';
import type { LinkSyncEnqueuer } from '../enqueue-link-sync';
import { PLAN_QUEUE, queueDepths, startBoss, SYNC_QUEUE, type Boss } from './boss';
import { startConsumer, type Consumer } from './consumer';
import { enqueueLinkSyncJobs, planRound, runSyncJob, syncJobDataSchema, type QueueSyncDeps } from './sync-jobs';

export interface QueueRuntimeOptions {
  config: Config;
  connectionString: string;
  db: Kysely<Database>;
  secretKey: Buffer;
  /** Run plan and sync jobs here (roles `worker` and `all`), or only enqueue (`serve`). */
  runWorkers: boolean;
  /** Jira client settings for the syncs (tests shorten the retries). */
  clientOptions?: SyncClientOptions;
  log: {
    info: (context: object, message: string) => void;
    debug: (context: object, message: string) => void;
    warn: (context: object, message: string) => void;
    error: (context: object, message: string) => void;
  };
}

export interface QueueRuntime {
  boss: Boss;
  /** Webhook syncs through the queue, for buildApp. */
  linkSyncs: LinkSyncEnqueuer;
  /** Stops asking for plans and fetching; waits for jobs in progress (up to 30 s), then closes the queue. */
  stop(): Promise<void>;
}

/** How often an idle worker asks the queue for work. */
const POLL_MS = 500;

export async function startQueueRuntime(options: QueueRuntimeOptions): Promise<QueueRuntime> {
  const { config, log } = options;
  const boss = await startBoss({ connectionString: options.connectionString, syncJobTimeoutSeconds: config.syncJobTimeoutSeconds, log });
  queueJobs.collectWith(() => queueDepths(boss));
  const deps: QueueSyncDeps = {
    db: options.db,
    secretKey: options.secretKey,
    now: () => new Date(),
    log,
    clientOptions: options.clientOptions,
    leaseMs: config.syncLeaseSeconds * 1000,
  };
  const debounceSeconds = config.webhookDebounceMs / 1000;

  const consumers: Consumer[] = [];
  let tick: NodeJS.Timeout | null = null;
  if (options.runWorkers) {
    consumers.push(
      startConsumer(boss, {
        queue: PLAN_QUEUE,
        concurrency: 1,
        pollMs: POLL_MS,
        parse: () => ({}),
        handle: async () => {
          const plan = await planRound(deps, boss);
          if (plan.jobs > 0) log.info({ job: PLAN_QUEUE, ...plan }, 'planned a Jira sync round');
          return plan;
        },
        log,
      }),
      startConsumer(boss, {
        queue: SYNC_QUEUE,
        concurrency: config.workerConcurrency,
        pollMs: POLL_MS,
        parse: (data) => syncJobDataSchema.parse(data),
        handle: async (job) => {
          log.debug({ jobId: job.id, links: job.data.linkIds.length, attempt: job.retryCount + 1 }, 'sync job started');
          const result = await runSyncJob(deps, boss, job, Math.max(1, debounceSeconds));
          log.debug({ jobId: job.id, ...result }, 'sync job finished');
          return result;
        },
        log,
      }),
    );
    const seconds = config.syncTickSeconds;
    if (seconds > 0) {
      const askForPlan = () => {
        // One plan per tick for the whole installation: pg-boss keeps one job per time slot and key.
        boss
          .send(PLAN_QUEUE, {}, { singletonKey: 'round', singletonSeconds: Math.max(1, Math.round(seconds)) })
          .catch((error: unknown) => log.error({ err: error }, 'could not ask for a Jira sync round; trying again next tick'));
      };
      askForPlan();
      tick = setInterval(askForPlan, seconds * 1000);
      tick.unref();
    }
  }

  const linkSyncs: LinkSyncEnqueuer = {
    enqueueLinkSyncs: (linkIds, trigger) => enqueueLinkSyncJobs(boss, linkIds, trigger, debounceSeconds),
    async idle() {
      for (;;) {
        const waiting = (await queueDepths(boss)).filter((entry) => entry.labels.queue === SYNC_QUEUE && entry.labels.state !== 'failed');
        if (waiting.every((entry) => entry.value === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    // The queue outlives the app: stop() below closes it.
    async close() {},
  };

  return {
    boss,
    linkSyncs,
    async stop() {
      if (tick) clearInterval(tick);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      queueJobs.collectWith(null);
      await boss.stop({ graceful: false, wait: true, close: true });
    },
  };
}
