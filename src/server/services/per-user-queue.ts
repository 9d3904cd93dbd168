/**
 * Fair turns between people for cheap-but-heavy reads (the issue list: a SQL page and up to 500
 * issues to serialise, all on the one event loop). Each user has at most `running` requests at
 * work; the next `maxWaiting` wait in that user's own FIFO; past that, or after `maxWaitMs` in the
 * queue, the request is refused with a 429 that says what to do. Eight loops from one script then
 * cost other people what two would, and someone paging normally (one page at a time, or two at
 * once) never waits.
 *
 * Counts are per process, like the Jira gate (interactive-jira-gate.ts). A waiter whose client
 * went away (its `signal` aborted) leaves the queue without running.
 */
import { RateLimitedError } from '../errors';

export interface PerUserQueueOptions {
  /** Requests one user may have at work at once. */
  running: number;
  /** Requests one user may have waiting behind those; one more is refused at once. */
  maxWaiting: number;
  /** How long a request may wait for its turn before it is refused. */
  maxWaitMs: number;
  /** What the requests are, for the refusal's messages. */
  what: { one: string; many: string };
  /** What the caller should do instead, appended to the refusal's message. */
  advice: string;
}

/** One user sent more at once than the queue takes, or waited too long: 429, saying why and what to do. */
export class PerUserQueueFullError extends RateLimitedError {
  constructor(message: string) {
    super(message);
  }
}

interface Waiter {
  admit: () => void;
}

interface UserTurns {
  running: number;
  waiting: Waiter[];
}

/** Gives back a place; calling it again does nothing (a response may both finish and close). */
export type Release = () => void;

export class PerUserQueue {
  private readonly users = new Map<string, UserTurns>();

  constructor(readonly options: PerUserQueueOptions) {
    if (!Number.isInteger(options.running) || options.running < 1) throw new RangeError('running must be a positive integer');
    if (!Number.isInteger(options.maxWaiting) || options.maxWaiting < 0) throw new RangeError('maxWaiting must be a whole number');
  }

  /**
   * Waits for the user's turn and returns the function that gives it back; throws
   * PerUserQueueFullError (429) when the user's queue is full or the wait took too long, and the
   * signal's reason when the client went away first.
   */
  async acquire(userId: string, signal?: AbortSignal): Promise<Release> {
    signal?.throwIfAborted();
    const turns = this.turnsOf(userId);
    if (turns.running < this.options.running) {
      turns.running += 1;
      return this.releaser(userId, turns);
    }
    if (turns.waiting.length >= this.options.maxWaiting) {
      throw new PerUserQueueFullError(
        `You already have ${turns.running} ${this.options.what.many} running and ${turns.waiting.length} waiting, the most Pacer takes from one person at once. ${this.options.advice}`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      const leave = (error: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = turns.waiting.indexOf(waiter);
        if (at >= 0) turns.waiting.splice(at, 1);
        this.forgetIfIdle(userId, turns);
        reject(error);
      };
      const onAbort = () => leave(signal?.reason instanceof Error ? signal.reason : new Error('The client went away.'));
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const timer = setTimeout(
        () =>
          leave(
            new PerUserQueueFullError(
              `Your ${this.options.what.one} waited ${Math.round(this.options.maxWaitMs / 1000)} s behind your other ${this.options.what.many} and was not run. ${this.options.advice}`,
            ),
          ),
        this.options.maxWaitMs,
      );
      turns.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // The place was handed over by the releaser: `running` already counts it.
    return this.releaser(userId, turns);
  }

  /** Runs `work` in the user's turn (see acquire). */
  async run<T>(userId: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(userId, signal);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** The user's requests at work and waiting now (tests, logs). */
  stats(userId: string): { running: number; waiting: number } {
    const turns = this.users.get(userId);
    return { running: turns?.running ?? 0, waiting: turns?.waiting.length ?? 0 };
  }

  private turnsOf(userId: string): UserTurns {
    let turns = this.users.get(userId);
    if (!turns) {
      turns = { running: 0, waiting: [] };
      this.users.set(userId, turns);
    }
    return turns;
  }

  private releaser(userId: string, turns: UserTurns): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The place passes straight to the user's next waiter, first come first served.
      const next = turns.waiting.shift();
      if (next) next.admit();
      else {
        turns.running -= 1;
        this.forgetIfIdle(userId, turns);
      }
    };
  }

  private forgetIfIdle(userId: string, turns: UserTurns): void {
    if (turns.running === 0 && turns.waiting.length === 0 && this.users.get(userId) === turns) this.users.delete(userId);
  }
}
