/**
 * The pg-boss provider (PostgreSQL): one queue per job definition, shared by every process. Every
 * process enqueues and reports queue depth to /metrics; worker processes (role `worker` or `all`)
 * also queue each scheduled job every tick — as a pg-boss singleton, so however many workers ask,
 * one runs per tick — and run jobs with bounded concurrency. A failed job is retried with backoff
 * (its definition's `retries`) and then dead-lettered for admins (GET /api/v1/admin/sync-failures).
 * A debounced job keeps the first request's start: while it waits, more requests with its key
 * (at any process) are dropped, so a burst becomes one job.
 */
import type PgBoss from 'pg-boss';
import { queueJobs } from '../../../metrics';
import { JOBS } from '../../definitions/index';
import type { EnqueueRequest, JobDefinition, RegisteredJob } from '../../job';
import type { JobProvider, ProviderContext } from '../provider';
import { DEAD_LETTER_QUEUE, queueDepths, startBoss, waitingJobs, type Boss } from './boss';
import { startConsumer, type Consumer, type SharedSlots } from './consumer';

export interface PgBossOptions {
  context: ProviderContext;
  connectionString: string;
  /** Run jobs and the schedules here (roles `worker` and `all`), or only enqueue (`serve`). */
  runWorkers: boolean;
  jobs?: readonly RegisteredJob[];
  log: ProviderContext['log'] & { debug: (context: object, message: string) => void };
}

export interface PgBossJobs extends JobProvider {
  readonly kind: 'pg-boss';
  boss: Boss;
}

const asObject = (value: unknown): object => (typeof value === 'object' && value !== null ? value : {});

/** How often an idle worker asks the queue for work. */
const POLL_MS = 500;
const JOBS_PER_INSERT = 500;

export async function startPgBossJobs(options: PgBossOptions): Promise<PgBossJobs> {
  const { context, log } = options;
  const { config } = context;
  const registered = options.jobs ?? JOBS;
  const boss = await startBoss({ connectionString: options.connectionString, config, jobs: registered, log });
  const queues = [...registered.map((job) => job.id), DEAD_LETTER_QUEUE];
  queueJobs.collectWith(() => queueDepths(boss, queues));

  const find = (id: string): RegisteredJob => {
    const job = registered.find((candidate) => candidate.id === id);
    if (!job) throw new Error(`There is no job "${id}".`);
    return job;
  };

  const provider: PgBossJobs = {
    kind: 'pg-boss',
    boss,
    async enqueue<Payload>(definition: JobDefinition<Payload>, requests: ReadonlyArray<EnqueueRequest<Payload>>) {
      find(definition.id);
      const now = Date.now();
      const inserts: Array<PgBoss.JobInsert<object>> = requests.map((request) => {
        const key = request.key ?? definition.debounce?.key(request.payload);
        const delayMs = request.delayMs ?? definition.debounce?.delayMs(config) ?? 0;
        return {
          name: definition.id,
          data: asObject(request.payload),
          ...(key === undefined ? {} : { singletonKey: key }),
          ...(delayMs > 0 ? { startAfter: new Date(now + delayMs).toISOString() } : {}),
        };
      });
      for (let i = 0; i < inserts.length; i += JOBS_PER_INSERT) await boss.insert(inserts.slice(i, i + JOBS_PER_INSERT));
    },
    waiting: (definition, keyPrefix = '') => waitingJobs(boss, definition.id, keyPrefix),
    runNow(definition, payload) {
      return find(definition.id).run({ ...context, jobs: provider }, payload, { id: crypto.randomUUID(), retryCount: 0, retryLimit: 0 });
    },
    async idle() {
      const unscheduled = new Set(registered.filter((job) => !job.schedule).map((job) => job.id));
      for (;;) {
        const depths = await queueDepths(boss, [...unscheduled]);
        if (depths.every((entry) => entry.labels.state === 'failed' || entry.value === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (tick) clearInterval(tick);
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      queueJobs.collectWith(null);
      await boss.stop({ graceful: false, wait: true, close: true });
    },
  };

  const consumers: Consumer[] = [];
  let tick: NodeJS.Timeout | null = null;
  if (options.runWorkers) {
    // The unscheduled jobs (the syncs) share one pool of PACER_WORKER_CONCURRENCY places per process.
    const shared: SharedSlots = { limit: Math.max(1, config.workerConcurrency), inUse: 0 };
    for (const job of registered) {
      consumers.push(
        startConsumer(boss, {
          queue: job.id,
          concurrency: Math.max(1, job.concurrency(config)),
          pollMs: POLL_MS,
          ...(job.schedule ? {} : { shared }),
          parse: (data) => data,
          handle: async (queued) => {
            log.debug({ job: job.id, jobId: queued.id, attempt: queued.retryCount + 1 }, 'job started');
            const output = await job.run({ ...context, jobs: provider }, queued.data, { id: queued.id, retryCount: queued.retryCount, retryLimit: queued.retryLimit });
            log.debug({ job: job.id, jobId: queued.id, ...output }, 'job finished');
            return output;
          },
          log,
        }),
      );
    }
    const scheduled = registered.flatMap((job) => (job.schedule && job.schedule.everySeconds(config) > 0 ? [{ job, schedule: job.schedule }] : []));
    const seconds = Math.min(...scheduled.map((entry) => entry.schedule.everySeconds(config)));
    if (scheduled.length > 0) {
      const askForScheduled = () => {
        for (const { job, schedule } of scheduled) {
          const every = Math.max(1, Math.round(schedule.everySeconds(config)));
          // One job per time slot for the whole installation: pg-boss keeps one per slot and key.
          boss
            .send(job.id, asObject(schedule.payload), { singletonKey: 'schedule', singletonSeconds: every })
            .catch((error: unknown) => log.error({ err: error, job: job.id }, 'could not queue a scheduled job; trying again next tick'));
        }
      };
      askForScheduled();
      tick = setInterval(askForScheduled, seconds * 1000);
      tick.unref();
    }
  }
  return provider;
}
