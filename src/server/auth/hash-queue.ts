/**
 * A bounded queue in front of scrypt. scrypt runs on libuv's thread pool (4 threads), which file
 * reads, DNS lookups and zlib share: a login flood once filled it and made `GET /` take 4.4 s.
 * So at most `concurrency` hashes run at once and at most `maxWaiting` wait; past that the caller
 * gets a 429 at once instead of queueing without end.
 */
import { availableParallelism } from 'node:os';
import { RateLimitedError } from '../errors';

export interface HashQueueOptions {
  concurrency: number;
  maxWaiting: number;
}

export class HashQueueFullError extends RateLimitedError {
  constructor() {
    super('Pacer is busy checking other sign-ins right now; wait a few seconds and try again.');
  }
}

export class HashQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: HashQueueOptions) {}

  /** Runs `work` when a slot is free; throws HashQueueFullError when too many already wait. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      if (this.waiting.length >= this.options.maxWaiting) throw new HashQueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** True when `run` would refuse: callers check first to skip work (a database read) for nothing. */
  get full(): boolean {
    return this.running >= this.options.concurrency && this.waiting.length >= this.options.maxWaiting;
  }

  get stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}

/**
 * One hash at a time on a 2-core machine (half the cores, at least one, at most 4), so the event
 * loop and the thread pool keep room for every other request; 16 may wait (~1 s at ~60 ms each).
 */
export const passwordHashQueue = new HashQueue({
  concurrency: Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))),
  maxWaiting: 16,
});
