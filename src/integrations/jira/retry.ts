/**
 * Timing rules for talking to Jira politely: how long to wait before a retry, how to read Jira's
 * rate-limit headers, and a small semaphore that caps the requests in flight per connection.
 * Atlassian asks clients to treat Retry-After as the minimum wait, otherwise back off exponentially
 * from about 2 s with jitter (x0.7..1.3), and to pause every request on a quota-type limit.
 */

export interface RetryPolicy {
  /** Total HTTP attempts for one call, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles on every further attempt. */
  baseDelayMs: number;
  /** No retry starts if it would end later than this after the call began. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 2000, maxTotalMs: 60_000 };

/** Rate-limit reasons that mean "the whole site is over its quota", not "this burst was too fast". */
const QUOTA_REASONS = new Set(['jira-quota-global-based', 'jira-quota-tenant-based']);

export function isQuotaReason(reason: string | null): boolean {
  return reason !== null && QUOTA_REASONS.has(reason.trim().toLowerCase());
}

/** Retry-After is either delta-seconds or an HTTP date; answers the wait in ms, or undefined. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always names a weekday/month; without letters Date.parse would read "-5" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** X-RateLimit-Reset is an ISO instant on Jira Cloud; answers the wait in ms until then. */
export function parseRateLimitReset(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const at = Date.parse(value.trim());
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Delay before attempt `failedAttempt + 1`. Exponential backoff with jitter, and never less than
 * what Jira asked for: Retry-After is a floor, not a suggestion.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempt: number,
  requestedMs: number | undefined,
  random: () => number,
): number {
  const jitter = 0.7 + random() * 0.6;
  const backoff = Math.round(policy.baseDelayMs * 2 ** (failedAttempt - 1) * jitter);
  return requestedMs === undefined ? backoff : Math.max(requestedMs, backoff);
}

/** Counting semaphore; `acquire` resolves with a release function once a slot is free. */
export class Semaphore {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new RangeError('maxInFlight must be a positive integer');
  }

  async acquire(): Promise<() => void> {
    if (this.inUse < this.slots) {
      this.inUse += 1;
    } else {
      // The releasing holder hands its slot straight to us, so inUse stays unchanged.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.inUse -= 1;
    };
  }

  get active(): number {
    return this.inUse;
  }
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, Math.max(0, ms));
  });
