/**
 * The HTTP transport under the Jira client: one place that sends requests, caps concurrency,
 * applies timeouts, retries idempotent calls, honours rate limits and turns every answer into
 * either a zod-validated value or a JiraError. Nothing here logs; `onRequest` reports each attempt
 * with the method, path, status and timing only (never headers, bodies or query strings).
 */
import type { z } from 'zod';
import { JiraError } from './errors';
import { classifyFailure, type AttemptFailure } from './responses';
import { describeSchemaIssues } from './schemas';
import { localRequestLimiter, type RequestLimiter } from './limiter';
import { retryDelayMs, type RetryPolicy } from './retry';
import { UnsafeJiraUrlError } from './url-safety';

export interface JiraRequestInfo {
  method: 'GET' | 'POST';
  /** Path without query string, e.g. "/rest/api/3/search/jql". */
  path: string;
  attempt: number;
  /** HTTP status, when Jira answered. */
  status?: number;
  durationMs: number;
  outcome: 'ok' | JiraError['code'];
  /** Set when the client will retry: the wait before the next attempt. */
  retryInMs?: number;
}

export interface TransportOptions {
  baseUrl: string;
  authorization: string;
  maxInFlight: number;
  /** Replaces the per-client cap (and shares quota pauses), e.g. across processes through the database. */
  limiter?: RequestLimiter;
  timeoutMs: number;
  retry: RetryPolicy;
  onRequest?: (info: JiraRequestInfo) => void;
  fetchImpl: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
}

export interface JiraRequest<T> {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Read-only calls may be retried; Jira's search POSTs are read-only too. */
  idempotent: boolean;
  /** A 400 on a search or count means the JQL was rejected. */
  kind?: 'search' | 'other';
  signal?: AbortSignal;
}

type AttemptResult<T> = { ok: true; value: T; status: number } | ({ ok: false } & AttemptFailure);
/** What one attempt brought back: Jira's answer, read in full, or a network failure. */
type Received = { response: Response; text: string } | ({ ok: false } & AttemptFailure);

export class JiraTransport {
  private readonly limiter: RequestLimiter;
  /** Epoch ms until which every request of this client waits (quota-type rate limit). */
  private pausedUntil = 0;

  constructor(private readonly options: TransportOptions) {
    this.limiter = options.limiter ?? localRequestLimiter(options.maxInFlight);
  }

  /** When the client is paused by a quota limit, the epoch ms the pause ends; otherwise undefined. */
  get pausedUntilMs(): number | undefined {
    return this.pausedUntil > this.options.now() ? this.pausedUntil : undefined;
  }

  async request<T>(request: JiraRequest<T>): Promise<T> {
    const { retry, now, sleep, random } = this.options;
    const startedAt = now();
    const endpoint = `${request.method} ${request.path}`;
    for (let attempt = 1; ; attempt += 1) {
      const release = await this.acquireUnpaused(endpoint, startedAt, attempt - 1);
      const attemptStart = now();
      let received: Received;
      try {
        received = await this.send(request, endpoint);
      } finally {
        release();
      }
      // The body is parsed after the slot is given back: the cap is on requests at Jira, and
      // parsing a large page (tens of ms) while holding a slot left Jira idle for that long.
      const result: AttemptResult<T> = 'ok' in received ? received : this.interpret(request, endpoint, received);
      const durationMs = now() - attemptStart;
      if (result.ok) {
        this.report({ method: request.method, path: request.path, attempt, durationMs, outcome: 'ok', status: result.status });
        return result.value;
      }
      const { error } = result;
      error.attempts = attempt;
      if (result.quotaPauseMs !== undefined) {
        this.pausedUntil = Math.max(this.pausedUntil, now() + result.quotaPauseMs);
        await this.sharePause(result.quotaPauseMs);
      }
      const retryable = result.retryable && request.idempotent && attempt < retry.maxAttempts;
      const pauseLeft = Math.max(0, this.pausedUntil - now());
      // Retry-After and a quota pause are both floors for the wait; without either, plain backoff.
      const requestedWait =
        result.retryAfterMs === undefined && pauseLeft === 0 ? undefined : Math.max(result.retryAfterMs ?? 0, pauseLeft);
      const delay = retryable ? retryDelayMs(retry, attempt, requestedWait, random) : undefined;
      const fitsBudget = delay !== undefined && now() - startedAt + delay <= retry.maxTotalMs;
      this.report({
        method: request.method,
        path: request.path,
        attempt,
        durationMs,
        outcome: error.code,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(fitsBudget ? { retryInMs: delay } : {}),
      });
      if (!fitsBudget || delay === undefined) throw error;
      await sleep(delay);
      request.signal?.throwIfAborted();
    }
  }

  /**
   * Waits for a slot outside any quota pause: this client's own, or one the limiter reports (another
   * process hit the quota), in which case the slot goes back until the pause is over.
   */
  private async acquireUnpaused(endpoint: string, startedAt: number, attemptsSoFar: number): Promise<() => void> {
    for (;;) {
      await this.waitWhilePaused(endpoint, startedAt, attemptsSoFar);
      const slot = await this.limiter.acquire();
      if (slot.pausedUntilMs === undefined || slot.pausedUntilMs <= this.options.now()) return slot.release;
      slot.release();
      this.pausedUntil = Math.max(this.pausedUntil, slot.pausedUntilMs);
    }
  }

  private async sharePause(forMs: number): Promise<void> {
    try {
      await this.limiter.sharePause?.(forMs);
    } catch {
      // Sharing is best effort: this client still waits, and the others learn from their own 429s.
    }
  }

  /**
   * Holds a request back while the client is paused by a quota limit. If the pause would outlast
   * the call's time budget, fail now with `rate_limited` instead of sending a doomed request.
   */
  private async waitWhilePaused(endpoint: string, startedAt: number, attemptsSoFar: number): Promise<void> {
    const { now, sleep, retry } = this.options;
    let waitedFor = -1;
    while (this.pausedUntil > now() && this.pausedUntil !== waitedFor) {
      waitedFor = this.pausedUntil;
      const waitMs = this.pausedUntil - now();
      if (now() - startedAt + waitMs > retry.maxTotalMs) {
        throw new JiraError(
          'rate_limited',
          `Jira has paused requests from Pacer for this connection (quota reached) for about ${Math.ceil(waitMs / 1000)} s. Pacer will try again after that.`,
          { endpoint, retryAfterMs: waitMs, attempts: attemptsSoFar },
        );
      }
      await sleep(waitMs);
    }
  }

  private report(info: JiraRequestInfo): void {
    try {
      this.options.onRequest?.(info);
    } catch {
      // An observer's bug must not change what the call returns.
    }
  }

  private buildUrl(path: string, query: Record<string, string> | undefined): string {
    const url = new URL(this.options.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  }

  /** Sends one attempt and reads the whole answer; network failures come back as failed results. */
  private async send(request: JiraRequest<unknown>, endpoint: string): Promise<Received> {
    const { fetchImpl, timeoutMs, authorization } = this.options;
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeoutSignal]) : timeoutSignal;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: authorization,
      'User-Agent': 'Pacer (+self-hosted OKR tool)',
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(this.buildUrl(request.path, request.query), {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
        // Redirects are reported, not followed: a redirect may lead to a login page or, worse,
        // to an address the URL check refused (metadata endpoints).
        redirect: 'manual',
      });
      // Read the whole body under the same timeout: a server may hang after the headers.
      text = await response.text();
    } catch (cause) {
      if (request.signal?.aborted) throw request.signal.reason;
      return { ok: false, ...networkFailure(cause, endpoint, timeoutMs, this.options.baseUrl) };
    }
    return { response, text };
  }

  /** Jira's answer as a value or a JiraError. */
  private interpret<T>(request: JiraRequest<T>, endpoint: string, { response, text }: { response: Response; text: string }): AttemptResult<T> {
    const failure = classifyFailure({ response, text, endpoint, kind: request.kind ?? 'other', nowMs: this.options.now() });
    if (failure) return { ok: false, ...failure };
    return this.parseBody(request.schema, response, text, endpoint);
  }

  private parseBody<T>(schema: z.ZodType<T>, response: Response, text: string, endpoint: string): AttemptResult<T> {
    const contentType = response.headers.get('content-type') ?? '';
    const looksLikeHtml = /html/i.test(contentType) || /^\s*</.test(text);
    if (looksLikeHtml) {
      return badResponse(
        endpoint,
        response.status,
        `Jira's address answered ${endpoint} with a web page instead of JSON. Check that the URL is the Jira site itself, not a login page, proxy or portal.`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return badResponse(
        endpoint,
        response.status,
        `Jira answered ${endpoint} with a body that is not valid JSON. Try again; if it keeps happening, check for a proxy between Pacer and Jira.`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      return badResponse(
        endpoint,
        response.status,
        `Jira answered ${endpoint} with an unexpected shape (${describeSchemaIssues(parsed.error)}). Check that the URL points to a supported Jira version.`,
      );
    }
    return { ok: true, value: parsed.data, status: response.status };
  }
}

function badResponse(endpoint: string, status: number, message: string): { ok: false } & AttemptFailure {
  return { ok: false, error: new JiraError('bad_response', message, { endpoint, status }), retryable: false };
}

const TLS_ERROR_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Finds a Node error code (ECONNREFUSED, UND_ERR_SOCKET, …) anywhere in a cause chain. */
function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function unsafeAddressIn(cause: unknown): UnsafeJiraUrlError | undefined {
  for (let current: unknown = cause, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof UnsafeJiraUrlError) return current;
  }
  return undefined;
}

function networkFailure(cause: unknown, endpoint: string, timeoutMs: number, baseUrl: string): AttemptFailure {
  if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    return {
      error: new JiraError(
        'timeout',
        `Jira did not answer ${endpoint} within ${seconds} s. Try again later; if it keeps happening, check that Jira is healthy.`,
        { endpoint },
      ),
      retryable: true,
    };
  }
  // The connection's own address check (safe-fetch.ts) refused where the name now points.
  const refused = unsafeAddressIn(cause);
  if (refused) return { error: new JiraError('unreachable', refused.message, { endpoint }), retryable: false };
  const host = new URL(baseUrl).host;
  const code = errorCodeOf(cause);
  if (code !== undefined && TLS_ERROR_CODES.has(code)) {
    return {
      error: new JiraError(
        'unreachable',
        `Pacer does not trust the TLS certificate of ${host} (${code}). Install the certificate authority on the Pacer server (NODE_EXTRA_CA_CERTS) or fix the certificate.`,
        { endpoint },
      ),
      retryable: false,
    };
  }
  const reasons: Record<string, string> = {
    ENOTFOUND: `The host name ${host} could not be found. Check the Jira URL.`,
    EAI_AGAIN: `The host name ${host} could not be looked up right now. Check the Pacer server's DNS and try again.`,
    ECONNREFUSED: `Nothing answered at ${host}: the connection was refused. Check the URL and port, and that Jira is running.`,
    EHOSTUNREACH: `The network has no route to ${host}. Check the URL and the Pacer server's network.`,
    ENETUNREACH: `The network has no route to ${host}. Check the URL and the Pacer server's network.`,
  };
  const message =
    (code !== undefined ? reasons[code] : undefined) ??
    `The connection to Jira at ${host} was cut off before Jira answered. Try again; if it keeps happening, check Jira and any proxy in between.`;
  return { error: new JiraError('unreachable', message, { endpoint, cause: code }), retryable: true };
}
