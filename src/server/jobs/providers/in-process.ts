/**
 * The in-process provider (SQLite, one process): jobs wait in memory and run here, at most each
 * job's concurrency at once. A key keeps one waiting copy (a debounced job's requests push its
 * start back, at most its longest wait after the first); waiting jobs of a kind that come due
 * together may be merged into one (links sharing a query ask Jira once). Scheduled jobs are queued
 * by timers; a tick while the last one still waits or runs adds nothing. Jobs run once: a failure is logged (its
 * links already record it) and the next round tries again. Nothing survives a restart, and nothing
 * needs to: which links are due lives in the database (next_due_at, leases).
 */
import type { EnqueueRequest, JobDefinition, RegisteredJob } from '../job';
import { JOBS } from '../definitions/index';
import { failureOutput, type JobProvider, type ProviderContext } from './provider';

export interface InProcessOptions {
  context: ProviderContext;
  /** Queue the scheduled jobs on timers (main.ts); off for an app built in a test. */
  schedules: boolean;
  jobs?: readonly RegisteredJob[];
}

/** Jobs due within this much of each other start together (and merge, when their kind merges). */
const BATCH_SLACK_MS = 250;

interface Pending {
  job: RegisteredJob;
  payload: unknown;
  key: string | null;
  firstAt: number;
  dueAt: number;
}

export function createInProcessJobs(options: InProcessOptions): JobProvider {
  const { context } = options;
  const registered = options.jobs ?? JOBS;
  const pending: Pending[] = [];
  const runningByJob = new Map<string, number>();
  const running = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  const find = (id: string): RegisteredJob => {
    const job = registered.find((candidate) => candidate.id === id);
    if (!job) throw new Error(`There is no job "${id}".`);
    return job;
  };
  const freeSlots = (job: RegisteredJob): number => Math.max(1, job.concurrency(context.config)) - (runningByJob.get(job.id) ?? 0);

  const execute = (job: RegisteredJob, payload: unknown): Promise<object | undefined> => {
    runningByJob.set(job.id, (runningByJob.get(job.id) ?? 0) + 1);
    const work = job.run({ ...context, jobs: provider }, payload, { id: crypto.randomUUID(), retryCount: 0, retryLimit: 0 });
    const tracked = work
      .catch((error: unknown) => context.log.warn({ job: job.id, ...failureOutput(error) }, 'job failed; its links wait for the next round'))
      .finally(() => {
        runningByJob.set(job.id, (runningByJob.get(job.id) ?? 1) - 1);
        running.delete(tracked);
        arm();
      });
    running.add(tracked);
    return work;
  };

  const arm = (): void => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (stopped) return;
    let earliest = Infinity;
    for (const entry of pending) if (freeSlots(entry.job) > 0) earliest = Math.min(earliest, entry.dueAt);
    if (earliest === Infinity) return;
    flushTimer = setTimeout(flush, Math.max(0, earliest - Date.now()));
    // Waiting jobs alone never keep the process alive; the scheduled round is the safety net.
    flushTimer.unref();
  };

  const flush = (): void => {
    flushTimer = null;
    const horizon = Date.now() + BATCH_SLACK_MS;
    for (const job of registered) {
      let free = freeSlots(job);
      if (free <= 0) continue;
      const due = pending.filter((entry) => entry.job === job && entry.dueAt <= horizon).sort((a, b) => a.dueAt - b.dueAt);
      if (due.length === 0) continue;
      const taken = job.merge ? due : due.slice(0, free);
      for (const entry of taken) pending.splice(pending.indexOf(entry), 1);
      const payloads = job.merge ? job.merge(taken.map((entry) => entry.payload)) : taken.map((entry) => entry.payload);
      for (const payload of payloads) {
        if (free > 0) {
          free -= 1;
          void execute(job, payload).catch(() => undefined);
        } else {
          // Merged work beyond the job's concurrency waits for a free slot.
          pending.push({ job, payload, key: null, firstAt: Date.now(), dueAt: Date.now() });
        }
      }
    }
    arm();
  };

  const provider: JobProvider = {
    kind: 'in-process',
    async enqueue<Payload>(definition: JobDefinition<Payload>, requests: ReadonlyArray<EnqueueRequest<Payload>>) {
      if (stopped) return;
      const job = find(definition.id);
      const now = Date.now();
      for (const request of requests) {
        const key = request.key ?? definition.debounce?.key(request.payload) ?? null;
        const delayMs = request.delayMs ?? definition.debounce?.delayMs(context.config) ?? 0;
        const waiting = key === null ? undefined : pending.find((entry) => entry.job === job && entry.key === key);
        if (waiting) {
          // Debounced: the newest request sets the start, within the longest wait. Otherwise the waiting copy stands.
          if (definition.debounce) waiting.dueAt = Math.min(now + delayMs, waiting.firstAt + definition.debounce.maxWaitMs(context.config));
          continue;
        }
        pending.push({ job, payload: request.payload, key, firstAt: now, dueAt: now + Math.max(0, delayMs) });
      }
      arm();
    },
    async waiting(definition, keyPrefix = '') {
      return pending.filter((entry) => entry.job.id === definition.id && (entry.key ?? '').startsWith(keyPrefix)).length;
    },
    runNow(definition, payload) {
      return execute(find(definition.id), payload);
    },
    async idle() {
      while (pending.length > 0 || running.size > 0) {
        if (running.size > 0) await Promise.allSettled([...running]);
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      pending.length = 0;
      await Promise.allSettled([...running]);
    },
  };

  if (options.schedules) {
    for (const job of registered) {
      const schedule = job.schedule;
      const seconds = schedule?.everySeconds(context.config) ?? 0;
      if (!schedule || !(seconds > 0)) continue;
      const timer = setInterval(() => {
        // A tick while the previous run still waits or runs is skipped, not queued.
        if ((runningByJob.get(job.id) ?? 0) > 0 || pending.some((entry) => entry.job === job)) return;
        pending.push({ job, payload: schedule.payload, key: 'schedule', firstAt: Date.now(), dueAt: Date.now() });
        arm();
      }, seconds * 1000);
      // The timers alone never keep the process alive.
      timer.unref();
      timers.push(timer);
    }
  }
  return provider;
}
