/**
 * Who may send the next request to a Jira connection. By default each client caps its own
 * requests in flight; a server passes a limiter shared by the whole process (or through its
 * database, by every process) instead, so the cap and a quota pause hold for the connection as a whole.
 *
 * A shared limiter divides the connection's slots between two purposes, so neither can starve the
 * other: `sync` (scheduled rounds, webhook follow-ups) and `interactive` (a person waiting on a
 * preview, a save or a refresh). The rule: with `maxInFlight` N ≥ 2, each purpose keeps
 * R = max(1, floor(N / 4)) slots the other may never take, so each may use at most N − R at once
 * (N = 4: 3 each, one reserved for each; N = 8: 6 each). With N = 1 there is nothing to divide and
 * both share the one slot. As slot numbers 0…N−1: sync leases [0, N − R), interactive [R, N).
 *
 * Waiting for a slot never lasts forever: after `waitMs` the wait ends with JiraError `busy`.
 */
import { JiraError } from './errors';

export type JiraRequestPurpose = 'sync' | 'interactive';
/** Who holds a slot: one of the purposes, or `any` (no share: tools and tests that want the whole connection). */
export type SlotHolder = JiraRequestPurpose | 'any';

/** How long a request waits for a slot by default before failing with `busy`. */
export const DEFAULT_SLOT_WAIT_MS = 30_000;

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
  /** Resolves once a request may be sent; the slot must be released when the answer is read. Rejects with JiraError `busy` after the wait limit. */
  acquire(): Promise<RequestSlot>;
  /** A quota limit paused this client for `forMs`; tell everyone else who talks to the connection. */
  sharePause?(forMs: number): Promise<void>;
}

/** Slots each purpose keeps for itself (see the rule above). */
export function reservedSlots(maxInFlight: number): number {
  return maxInFlight < 2 ? 0 : Math.max(1, Math.floor(maxInFlight / 4));
}

/** The slot numbers a purpose may lease: [from, to). Sync prefers low numbers, interactive high ones. */
export function slotRange(maxInFlight: number, purpose: SlotHolder): { from: number; to: number } {
  const reserved = reservedSlots(maxInFlight);
  if (purpose === 'any') return { from: 0, to: maxInFlight };
  return purpose === 'sync' ? { from: 0, to: maxInFlight - reserved } : { from: reserved, to: maxInFlight };
}

/** The error a request gets when no slot came free in time; nothing was sent to Jira. */
export function slotWaitTimedOut(waitMs: number): JiraError {
  const seconds = Math.round(waitMs / 100) / 10;
  return new JiraError(
    'busy',
    `Jira is busy: every request slot Pacer may use on this connection stayed taken for ${seconds} s (other syncs and previews are running), so nothing was sent. Try again in a minute; scheduled syncs try again on their own.`,
    { attempts: 0 },
  );
}

interface Waiter {
  purpose: SlotHolder;
  grant: () => void;
}

/**
 * A counting semaphore over a connection's slots with the purpose shares above, first come first
 * served among the waiters whose purpose has room, and a limit on each wait.
 */
export class PurposeSlots {
  private readonly inUse: Record<SlotHolder, number> = { sync: 0, interactive: 0, any: 0 };
  private readonly waiting: Waiter[] = [];
  private readonly cap: number;

  /** `shared: false` gives every purpose all the slots (a client's own cap, one purpose only). */
  constructor(
    readonly maxInFlight: number,
    shared = true,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer');
    this.cap = shared ? maxInFlight - reservedSlots(maxInFlight) : maxInFlight;
  }

  /** Resolves with the slot's release; rejects with `busy` once `waitMs` passed without a free slot. */
  acquire(purpose: SlotHolder, waitMs: number): Promise<() => void> {
    // Every release hands slots to the waiters that fit, so whoever still waits cannot use a slot
    // this purpose can: taking it at once passes nobody who could have had it.
    if (this.fits(purpose)) return Promise.resolve(this.take(purpose));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        purpose,
        grant: () => {
          clearTimeout(timer);
          resolve(this.take(purpose));
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(slotWaitTimedOut(waitMs));
      }, waitMs);
      this.waiting.push(waiter);
    });
  }

  /** Slots in use by a purpose (tests, metrics). */
  active(purpose?: SlotHolder): number {
    return purpose === undefined ? this.inUse.sync + this.inUse.interactive + this.inUse.any : this.inUse[purpose];
  }

  private fits(purpose: SlotHolder): boolean {
    return this.active() < this.maxInFlight && (purpose === 'any' || this.inUse[purpose] < this.cap);
  }

  private take(purpose: SlotHolder): () => void {
    this.inUse[purpose] += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse[purpose] -= 1;
      this.grantWaiters();
    };
  }

  /** Hands free slots to the earliest waiters whose purpose has room (a sync waiter may pass a blocked preview). */
  private grantWaiters(): void {
    for (let index = 0; index < this.waiting.length; ) {
      const waiter = this.waiting[index];
      if (waiter && this.fits(waiter.purpose)) {
        this.waiting.splice(index, 1);
        waiter.grant();
      } else {
        index += 1;
      }
    }
  }
}

/** The default: this client's own cap (all slots, one purpose), no shared pause. */
export function localRequestLimiter(maxInFlight: number, waitMs = DEFAULT_SLOT_WAIT_MS): RequestLimiter {
  const slots = new PurposeSlots(maxInFlight, false);
  return {
    async acquire() {
      return { release: await slots.acquire('any', waitMs) };
    },
  };
}
