/**
 * Takes jobs from one pg-boss queue and runs at most `concurrency` at once. Unlike pg-boss's own
 * `work()`, a finished job frees its place immediately (no polling pause between busy jobs), and
 * each job is completed or failed on its own, so one failing job does not fail its neighbours.
 * A failed job goes back to pg-boss, which retries it with backoff or dead-letters it.
 */
import type PgBoss from 'pg-boss';
import { failureOutput } from '../provider';

export interface QueuedJob<Data> {
  id: string;
  data: Data;
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

export interface ConsumerOptions<Data> {
  queue: string;
  concurrency: number;
  /** How long to wait before asking again when the queue was empty. */
  pollMs: number;
  /** Checks and types a job's data; throwing fails the job without running it. */
  parse: (data: unknown) => Data;
  /** Resolves with what pg-boss stores as the job's output; throws to fail (and retry) the job. */
  handle: (job: QueuedJob<Data>) => Promise<object | undefined>;
  /** Places shared with other consumers of this process (the sync jobs share PACER_WORKER_CONCURRENCY). */
  shared?: SharedSlots;
  log: { error: (context: object, message: string) => void };
}

/** A number of places several consumers take jobs into. */
export interface SharedSlots {
  limit: number;
  inUse: number;
}

export interface Consumer {
  /** Stops fetching and waits for the jobs in progress (those still running after `waitMs` are left to expire and be retried). */
  stop(waitMs?: number): Promise<void>;
}

export function startConsumer<Data>(boss: PgBoss, options: ConsumerOptions<Data>): Consumer {
  const running = new Set<Promise<void>>();
  let stopping = false;
  let wakeUp: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const runOne = async (job: PgBoss.JobWithMetadata<unknown>): Promise<void> => {
    try {
      const output = await options.handle({ id: job.id, data: options.parse(job.data), retryCount: job.retryCount, retryLimit: job.retryLimit });
      await boss.complete(options.queue, job.id, output ?? {});
    } catch (error) {
      await boss.fail(options.queue, job.id, failureOutput(error)).catch((failError: unknown) =>
        options.log.error({ err: failError, jobId: job.id, queue: options.queue }, 'could not mark a job failed; it will time out and be retried'),
      );
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      const shared = options.shared;
      const free = Math.min(options.concurrency - running.size, shared ? shared.limit - shared.inUse : Infinity);
      if (free <= 0) {
        // Full: wait for one of ours to finish, or (places taken by the other consumers) a moment.
        await (running.size > 0 ? Promise.race(running) : sleep(options.pollMs));
        continue;
      }
      let jobs: Array<PgBoss.JobWithMetadata<unknown>> = [];
      try {
        jobs = await boss.fetch<unknown>(options.queue, { batchSize: free, includeMetadata: true });
      } catch (error) {
        options.log.error({ err: error, queue: options.queue }, 'could not fetch jobs; trying again');
      }
      for (const job of jobs) {
        if (shared) shared.inUse += 1;
        const work = runOne(job).finally(() => {
          running.delete(work);
          if (shared) shared.inUse -= 1;
        });
        running.add(work);
      }
      if (jobs.length === 0) await sleep(options.pollMs);
    }
  };

  const looping = loop();
  return {
    async stop(waitMs = 30_000) {
      stopping = true;
      wakeUp?.();
      await looping;
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    },
  };
}
