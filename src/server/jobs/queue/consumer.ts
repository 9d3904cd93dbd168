/**
 * Takes jobs from one pg-boss queue and runs at most `concurrency` at once. Unlike pg-boss's own
 * `work()`, a finished job frees its place immediately (no polling pause between busy jobs), and
 * each job is completed or failed on its own, so one failing job does not fail its neighbours.
 * A failed job goes back to pg-boss, which retries it with backoff or dead-letters it.
 */
import type PgBoss from 'pg-boss';

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
  log: { error: (context: object, message: string) => void };
}

export interface Consumer {
  /** Stops fetching and waits for the jobs in progress (those still running after `waitMs` are left to expire and be retried). */
  stop(waitMs?: number): Promise<void>;
}

/** What a failed job's output says: the message, and the code and details the error carries. */
export function failureOutput(error: unknown): object {
  if (error instanceof Error) {
    const details = (error as Error & { details?: unknown }).details;
    const code = (error as Error & { code?: unknown }).code;
    return { message: error.message, ...(typeof code === 'string' ? { code } : {}), ...(details === undefined ? {} : { details }) };
  }
  return { message: String(error) };
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
      const free = options.concurrency - running.size;
      if (free <= 0) {
        await Promise.race(running);
        continue;
      }
      let jobs: Array<PgBoss.JobWithMetadata<unknown>> = [];
      try {
        jobs = await boss.fetch<unknown>(options.queue, { batchSize: free, includeMetadata: true });
      } catch (error) {
        options.log.error({ err: error, queue: options.queue }, 'could not fetch jobs; trying again');
      }
      for (const job of jobs) {
        const work = runOne(job).finally(() => running.delete(work));
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
