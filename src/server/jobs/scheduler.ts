/**
 * The in-process scheduler: runs each scheduled job every so many seconds, never two runs of the
 * same job at once (a slow round makes the next tick wait, it does not pile up). Which links a round
 * syncs is decided in the database (next_due_at and leases), so restarts and several instances
 * are safe; this only decides how often to look.
 */
import type { JobContext, RegisteredJob } from './job';
import { JOBS } from './registry';

export interface Scheduler {
  /** Runs a job now (awaiting a run already in progress first) and answers its result. */
  runNow(jobId: string): Promise<unknown>;
  /** Stops the timers and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

export function startScheduler(context: JobContext, jobs: readonly RegisteredJob[] = JOBS): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;

  const run = (job: RegisteredJob, payload: unknown): Promise<unknown> => {
    const previous = running.get(job.id) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => job.run(context, payload))
      .finally(() => {
        if (running.get(job.id) === next) running.delete(job.id);
      });
    running.set(job.id, next);
    return next;
  };

  for (const job of jobs) {
    const schedule = job.schedule;
    if (!schedule) continue;
    const seconds = schedule.everySeconds(context.config);
    if (!(seconds > 0)) continue;
    const timer = setInterval(() => {
      // A tick while the previous run is still going is skipped, not queued.
      if (stopped || running.has(job.id)) return;
      run(job, schedule.payload).catch((error: unknown) => context.log.error({ err: error, job: job.id }, 'scheduled job failed'));
    }, seconds * 1000);
    // The scheduler alone never keeps the process alive.
    timer.unref();
    timers.push(timer);
  }

  return {
    runNow(jobId) {
      const job = jobs.find((candidate) => candidate.id === jobId);
      if (!job) return Promise.reject(new Error(`There is no job "${jobId}".`));
      return run(job, job.schedule?.payload ?? {});
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
