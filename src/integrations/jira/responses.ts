/**
 * Maps Jira's HTTP answers that are not a usable success onto JiraError codes, keeping Jira's own
 * messages verbatim and deciding which failures are worth retrying. Jira signals some failures on
 * a 200 (a dead token on an anonymous-readable endpoint answers with anonymous data plus
 * `X-Seraph-LoginReason: AUTHENTICATED_FAILED`), so the headers are checked before the status.
 */
import { JIRA_ERROR_MESSAGES, JiraError } from './errors';
import { isQuotaReason, parseRateLimitReset, parseRetryAfter } from './retry';
import { extractJiraMessages } from './schemas';

export interface AttemptFailure {
  error: JiraError;
  retryable: boolean;
  /** Wait Jira asked for (Retry-After), the floor for the next attempt. */
  retryAfterMs?: number;
  /** Set on a quota-type 429: every request of this client waits this long. */
  quotaPauseMs?: number;
}

interface ClassifyInput {
  response: Response;
  text: string;
  endpoint: string;
  kind: 'search' | 'other';
  nowMs: number;
}

const RETRYABLE_SERVER_STATUSES = new Set([502, 503, 504]);

function parseJsonSafely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** "Jira said: "…"" suffix so a person sees Jira's wording next to ours. */
function quoteJira(messages: string[]): string {
  return messages.length === 0 ? '' : ` Jira said: "${messages.join(' ')}"`;
}

/** Only the origin and path of a redirect target: its query string may carry tokens. */
function describeLocation(location: string | null, endpointUrlBase: string): string {
  if (location === null) return 'another address';
  try {
    const target = new URL(location, endpointUrlBase);
    return `${target.origin}${target.pathname}`;
  } catch {
    return 'another address';
  }
}

export function classifyFailure({ response, text, endpoint, kind, nowMs }: ClassifyInput): AttemptFailure | undefined {
  const { status, headers } = response;
  const details = { endpoint, status };
  const loginReason = (headers.get('x-seraph-loginreason') ?? '').toUpperCase();

  if (loginReason.includes('AUTHENTICATION_DENIED')) {
    // Data Center locks an account behind a CAPTCHA after several failed logins.
    const message =
      'Jira wants a CAPTCHA for this account after too many failed sign-ins. Sign in to Jira once in a browser, then try again.';
    return { error: new JiraError('auth_failed', message, details), retryable: false };
  }
  if (loginReason.includes('AUTHENTICATED_FAILED') || status === 401) {
    const messages = status === 401 ? extractJiraMessages(parseJsonSafely(text)) : [];
    return {
      error: new JiraError('auth_failed', JIRA_ERROR_MESSAGES.auth_failed, { ...details, jiraMessages: messages }),
      retryable: false,
    };
  }
  if (status >= 200 && status < 300) return undefined;

  const jiraMessages = extractJiraMessages(parseJsonSafely(text));
  const withMessages = { ...details, jiraMessages };

  if (status >= 300 && status < 400) {
    const target = describeLocation(headers.get('location'), response.url || 'http://jira.invalid');
    const message = `Jira's address redirected ${endpoint} to ${target}. Enter the final address of the Jira site as the URL.`;
    return { error: new JiraError('bad_response', message, details), retryable: false };
  }
  if (status === 403) {
    const basicAuthOff = jiraMessages.some((m) => /basic authentication has been disabled/i.test(m));
    const message = basicAuthOff
      ? 'This Jira does not accept passwords for API access (basic authentication is disabled). Use a personal access token instead.'
      : JIRA_ERROR_MESSAGES.forbidden + quoteJira(jiraMessages);
    return { error: new JiraError('forbidden', message, withMessages), retryable: false };
  }
  if (status === 404) {
    return { error: new JiraError('not_found', JIRA_ERROR_MESSAGES.not_found, withMessages), retryable: false };
  }
  if (status === 400 && kind === 'search') {
    const message = `Jira could not run this JQL query.${quoteJira(jiraMessages)}`;
    return { error: new JiraError('jql_invalid', message, withMessages), retryable: false };
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), nowMs);
    const quota = isQuotaReason(headers.get('ratelimit-reason'));
    const resetMs = parseRateLimitReset(headers.get('x-ratelimit-reset'), nowMs);
    const waitMs = quota ? Math.max(resetMs ?? 0, retryAfterMs ?? 0) : retryAfterMs;
    const message = quota
      ? 'Jira says this site has used up its API quota for now. Pacer pauses all requests to this connection until the quota resets.'
      : JIRA_ERROR_MESSAGES.rate_limited;
    return {
      error: new JiraError('rate_limited', message, { ...withMessages, ...(waitMs === undefined ? {} : { retryAfterMs: waitMs }) }),
      retryable: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(quota && waitMs !== undefined ? { quotaPauseMs: waitMs } : {}),
    };
  }
  if (status >= 500) {
    const retryable = RETRYABLE_SERVER_STATUSES.has(status);
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), nowMs);
    const message = retryable
      ? `Jira is unavailable right now (HTTP ${status}). Pacer will try again later.`
      : `Jira failed with an internal error (HTTP ${status}) on ${endpoint}. Try again later; if it keeps happening, ask your Jira admin to check Jira's logs.`;
    return {
      error: new JiraError('unreachable', message + quoteJira(jiraMessages), withMessages),
      retryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  // 400 outside a search, 405, 410 (an API removed from this deployment), …
  const message = `Jira refused ${endpoint} (HTTP ${status}).${quoteJira(jiraMessages)} Check that the URL and deployment type are right.`;
  return { error: new JiraError('bad_response', message, withMessages), retryable: false };
}
