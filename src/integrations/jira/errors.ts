/**
 * The small, stable set of failures the Jira client reports. The UI and the API explain each
 * `code` to people, so every error carries a plain-words `message` that says what happened and
 * what to do. Errors never contain secrets, request headers or issue payloads: only the endpoint,
 * the HTTP status and Jira's own error messages (which describe the request, not the data).
 */

export type JiraErrorCode =
  | 'auth_failed'
  | 'forbidden'
  | 'jql_invalid'
  | 'not_found'
  | 'rate_limited'
  | 'unreachable'
  | 'timeout'
  | 'bad_response'
  // Pacer's own cap: no request slot of the connection came free in time (nothing was sent to Jira).
  | 'busy';

export interface JiraErrorDetails {
  /** "GET /rest/api/2/serverInfo": which call failed, without query string or body. */
  endpoint?: string;
  /** HTTP status when Jira answered at all. */
  status?: number;
  /** Jira's own `errorMessages` (and `errors` values / `message`), verbatim. */
  jiraMessages?: string[];
  /** For `rate_limited`: how long Jira asked us to wait, when it said so. */
  retryAfterMs?: number;
  /** How many HTTP attempts were made before giving up. */
  attempts?: number;
  cause?: unknown;
}

export class JiraError extends Error {
  override readonly name = 'JiraError';
  readonly code: JiraErrorCode;
  readonly endpoint: string | undefined;
  readonly status: number | undefined;
  readonly jiraMessages: string[];
  readonly retryAfterMs: number | undefined;
  attempts: number | undefined;

  constructor(code: JiraErrorCode, message: string, details: JiraErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.jiraMessages = details.jiraMessages ?? [];
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts;
  }

  /** A JSON-safe summary for API responses and logs (no cause chain, no stack). */
  toJSON(): { code: JiraErrorCode; message: string; status?: number; jiraMessages: string[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      jiraMessages: this.jiraMessages,
    };
  }
}

/** Default plain-words messages; specific situations override them with a more precise text. */
export const JIRA_ERROR_MESSAGES: Record<JiraErrorCode, string> = {
  auth_failed: 'Jira rejected the username or token. Check them and try again.',
  forbidden: 'Jira refused access with these credentials. Ask a Jira admin for permission or use another account.',
  jql_invalid: 'Jira could not run this JQL query. Correct the query and try again.',
  not_found:
    'Jira answered "not found". Check that the URL is the address of your Jira site (for example https://your-company.atlassian.net).',
  rate_limited: 'Jira is limiting how many requests Pacer may send. Pacer will try again later.',
  unreachable: 'Pacer could not reach Jira. Check the URL and that Jira is running and reachable from the Pacer server.',
  timeout: 'Jira did not answer in time. Try again later; if it keeps happening, check that Jira is healthy.',
  bad_response:
    'Jira sent an answer Pacer could not understand. Check that the URL points to Jira itself, not a login page or proxy.',
  busy: 'Jira is busy with other requests from Pacer right now. Try again in a minute.',
};

export function isJiraError(value: unknown): value is JiraError {
  return value instanceof JiraError;
}
