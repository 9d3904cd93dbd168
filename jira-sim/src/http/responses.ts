/**
 * Response values and the exact bodies real Jira sends (see ../shared/jira/README.md).
 * Handlers return a SimResponse; the server applies faults and writes it.
 */

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_TYPE = 'application/json;charset=UTF-8';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

export function text(status: number, body: string, contentType: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body };
}

/** `{"errorMessages":[...],"errors":{}}`, Jira's ErrorCollection. */
export function errorCollection(status: number, messages: string[], headers: Record<string, string> = {}): SimResponse {
  return json(status, { errorMessages: messages, errors: {} }, headers);
}

/** Bodies recorded from real Jira, word for word. */
export const JIRA_MESSAGES = {
  searchRemoved:
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  unbounded: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
  cloudMaxResults: 'The max results parameter has to be between 1 and 5,000.',
  badPageToken: 'The provided next page token is invalid or expired.',
  invalidPayload: 'Invalid request payload. Refer to the REST API documentation and try again.',
  basicAuthDisabled: 'Basic Authentication has been disabled on this instance.',
  cloudUnauthorized: 'Client must be authenticated to access this resource.',
  notAuthenticated: 'You are not authenticated. Authentication required to perform this operation.',
  issueNotFound: 'Issue does not exist or you do not have permission to see it.',
} as const;

export const removedSearchApi = (): SimResponse => errorCollection(410, [JIRA_MESSAGES.searchRemoved]);
export const unboundedQuery = (): SimResponse => errorCollection(400, [JIRA_MESSAGES.unbounded]);
export const cloudMaxResultsOutOfRange = (): SimResponse => errorCollection(400, [JIRA_MESSAGES.cloudMaxResults]);
export const badPageToken = (): SimResponse => errorCollection(400, [JIRA_MESSAGES.badPageToken]);
/** Jira leaves out `errors` in this one. */
export const invalidPayload = (): SimResponse => json(400, { errorMessages: [JIRA_MESSAGES.invalidPayload] });
export const issueNotFound = (): SimResponse => errorCollection(404, [JIRA_MESSAGES.issueNotFound]);

/**
 * JQL errors: syntax errors come as an ErrorCollection; unknown fields and values as
 * `{"errorMessages":[...],"warningMessages":[]}` (README, recorded on classic search).
 */
export function jqlError(kind: 'syntax' | 'validation', messages: string[]): SimResponse {
  return kind === 'syntax'
    ? errorCollection(400, messages)
    : json(400, { errorMessages: messages, warningMessages: [] });
}

/** Data Center's answer for a REST path it doesn't have (Jersey's wording). */
export function dataCenterNoSuchResource(url: string): SimResponse {
  return json(404, { message: `null for uri: ${url}`, 'status-code': 404 });
}

export function cloudNoSuchResource(): SimResponse {
  return errorCollection(404, ['The requested resource could not be found. Check the URL and the REST API version.']);
}
