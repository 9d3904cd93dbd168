/**
 * Misbehaviour on purpose, per instance and deterministic for a given seed: latency, rate
 * limits (429), 503s, 500s, dropped connections, hung requests, malformed JSON, failing the
 * next N requests, eventual consistency and issues moving between pages of one search.
 */
import { seededRandom } from './random';

export type RateLimitReason = 'jira-burst-based' | 'jira-quota-global-based' | 'jira-quota-tenant-based' | 'jira-per-issue-on-write';

export interface FaultConfig {
  /** Added to every request before it is answered. */
  latencyMs?: number;
  /** Uniform extra delay in [0, jitterMs). */
  jitterMs?: number;
  /** Requests per one-second window; more answer 429 with Retry-After and X-RateLimit-*. */
  rateLimit?: { requestsPerSecond: number; reason?: RateLimitReason };
  /** 503 Service Unavailable with Retry-After, for this share of requests (1 = all). */
  serviceUnavailable?: { probability?: number; retryAfterSeconds?: number };
  /** 500 for this share of requests. */
  serverError?: { probability?: number };
  /** Destroy the socket without answering. */
  dropConnection?: { probability?: number };
  /** Never answer (until the client gives up or the simulator closes). */
  hang?: { probability?: number };
  /** Answer 200 with a truncated, unparsable JSON body. */
  malformedJson?: { probability?: number };
  /** The next `count` requests answer `status` (default 503). */
  failNext?: { count: number; status?: number; retryAfterSeconds?: number };
  /** Search sees writes only this long after they happen, unless `reconcileIssues` names them. */
  searchLagMs?: number;
  /** Between two pages of one Cloud search, move this many already-served issues to the end. */
  pageDrift?: { movesPerPage?: number };
  /** Only requests whose path starts with one of these suffer (default: every Jira API path). */
  paths?: string[];
}

export type FaultDecision =
  | { kind: 'pass'; delayMs: number; corruptJson: boolean }
  | { kind: 'respond'; delayMs: number; status: number; headers: Record<string, string>; body: string; fault: string }
  | { kind: 'drop'; delayMs: number }
  | { kind: 'hang' };

const ERROR_TYPE = 'application/json;charset=UTF-8';

export class FaultController {
  private config: FaultConfig = {};
  private random: () => number;
  private windowStart = 0;
  private windowCount = 0;
  private failNextRemaining = 0;
  private readonly listeners = new Set<(config: FaultConfig) => void>();

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** Replaces the whole configuration (and restarts the seeded sequence, for repeatability). */
  set(config: FaultConfig): void {
    this.config = { ...config };
    this.failNextRemaining = config.failNext?.count ?? 0;
    this.random = seededRandom(this.seed);
    this.windowStart = 0;
    this.windowCount = 0;
    for (const listener of this.listeners) listener(this.config);
  }

  /** Merges into the current configuration. */
  update(partial: FaultConfig): void {
    this.set({ ...this.config, ...partial });
  }

  clear(): void {
    this.set({});
  }

  get current(): FaultConfig {
    return { ...this.config, ...(this.config.failNext ? { failNext: { ...this.config.failNext, count: this.failNextRemaining } } : {}) };
  }

  onChange(listener: (config: FaultConfig) => void): void {
    this.listeners.add(listener);
  }

  get pageDriftMoves(): number {
    return this.config.pageDrift ? (this.config.pageDrift.movesPerPage ?? 1) : 0;
  }

  /** A number in [0, 1) from the seeded sequence (used by page drift). */
  draw(): number {
    return this.random();
  }

  /** What happens to this request. Called once per request, in arrival order. */
  decide(path: string): FaultDecision {
    const c = this.config;
    if (c.paths && !c.paths.some((prefix) => path.startsWith(prefix))) return { kind: 'pass', delayMs: 0, corruptJson: false };
    const delayMs = (c.latencyMs ?? 0) + (c.jitterMs ? Math.floor(this.random() * c.jitterMs) : 0);

    if (this.failNextRemaining > 0 && c.failNext) {
      this.failNextRemaining--;
      const status = c.failNext.status ?? 503;
      if (status === 429) return this.rateLimited(delayMs, c.failNext.retryAfterSeconds ?? 1, 0, 'failNext');
      return this.failure(delayMs, status, c.failNext.retryAfterSeconds, 'failNext');
    }
    if (c.rateLimit) {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.windowCount = 0;
      }
      this.windowCount++;
      if (this.windowCount > c.rateLimit.requestsPerSecond) {
        const resetMs = this.windowStart + 1000;
        return this.rateLimited(delayMs, Math.max(1, Math.ceil((resetMs - now) / 1000)), resetMs, 'rateLimit');
      }
    }
    if (this.hits(c.serviceUnavailable?.probability, c.serviceUnavailable)) {
      return this.failure(delayMs, 503, c.serviceUnavailable?.retryAfterSeconds ?? 5, 'serviceUnavailable');
    }
    if (this.hits(c.serverError?.probability, c.serverError)) return this.failure(delayMs, 500, undefined, 'serverError');
    if (this.hits(c.dropConnection?.probability, c.dropConnection)) return { kind: 'drop', delayMs };
    if (this.hits(c.hang?.probability, c.hang)) return { kind: 'hang' };
    return { kind: 'pass', delayMs, corruptJson: this.hits(c.malformedJson?.probability, c.malformedJson) };
  }

  /** Headers a successful response carries while a rate limit is configured. */
  rateLimitHeaders(): Record<string, string> {
    const limit = this.config.rateLimit;
    if (!limit) return {};
    const remaining = Math.max(0, limit.requestsPerSecond - this.windowCount);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(limit.requestsPerSecond),
      'X-RateLimit-Remaining': String(remaining),
    };
    if (remaining < limit.requestsPerSecond * 0.2) headers['X-RateLimit-NearLimit'] = 'true';
    return headers;
  }

  private hits(probability: number | undefined, enabled: object | undefined): boolean {
    if (!enabled) return false;
    const p = probability ?? 1;
    return p >= 1 || this.random() < p;
  }

  private rateLimited(delayMs: number, retryAfter: number, resetMs: number, fault: string): FaultDecision {
    const reset = new Date(resetMs || Date.now() + retryAfter * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      kind: 'respond',
      delayMs,
      status: 429,
      fault,
      headers: {
        'Content-Type': ERROR_TYPE,
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': String(this.config.rateLimit?.requestsPerSecond ?? 100),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': reset,
        'RateLimit-Reason': this.config.rateLimit?.reason ?? 'jira-burst-based',
      },
      body: JSON.stringify({ errorMessages: ['Rate limit exceeded.'], errors: {} }),
    };
  }

  private failure(delayMs: number, status: number, retryAfter: number | undefined, fault: string): FaultDecision {
    const headers: Record<string, string> = { 'Content-Type': ERROR_TYPE };
    if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
    const message =
      status === 503
        ? 'Service Unavailable: Jira is temporarily unable to handle the request. Try again later.'
        : status >= 500
          ? 'Internal server error'
          : `Simulated failure (HTTP ${status}).`;
    return { kind: 'respond', delayMs, status, headers, fault, body: JSON.stringify({ errorMessages: [message], errors: {} }) };
  }
}
