/**
 * Who may send the next request to a Jira connection. By default each client caps its own
 * requests in flight with a semaphore; a server running several processes passes a limiter shared
 * through its database instead, so the cap and a quota pause hold for the connection as a whole.
 */
import { Semaphore } from './retry';

export interface RequestSlot {
  /** Gives the slot back; calling it twice is harmless. */
  release: () => void;
  /**
   * Set when the connection is paused by a quota limit someone else hit (another process): the
   * epoch ms the pause ends. The client gives the slot back and waits.
   */
  pausedUntilMs?: number;
}

export interface RequestLimiter {
  /** Resolves once a request may be sent; the slot must be released when the answer is read. */
  acquire(): Promise<RequestSlot>;
  /** A quota limit paused this client for `forMs`; tell everyone else who talks to the connection. */
  sharePause?(forMs: number): Promise<void>;
}

/** The default: this client's own semaphore, no shared pause. */
export function localRequestLimiter(maxInFlight: number): RequestLimiter {
  const semaphore = new Semaphore(maxInFlight);
  return {
    async acquire() {
      return { release: await semaphore.acquire() };
    },
  };
}
