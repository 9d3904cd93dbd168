/**
 * A plain fetch client for the simulator's tests. On Cloud it checks every JSON body it gets
 * against the matching schema of Atlassian's OpenAPI description; on Data Center it checks
 * search pages against `SearchResults`.
 */
import type { JiraSim } from '../index';
import type { SimUser } from '../model';
import { assertMatchesSchema } from './openapi';

export interface SimHttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export function basicAuth(login: string, secret: string): string {
  return `Basic ${Buffer.from(`${login}:${secret}`).toString('base64')}`;
}

/** The credentials each mode accepts for a user by default. */
export function authFor(sim: JiraSim, user: SimUser): string {
  return sim.mode === 'cloud' ? basicAuth(user.emailAddress, user.apiToken) : basicAuth(user.name, user.password);
}

/** Which schema a Cloud answer must match; the 401 is plain text and has none. */
export function cloudSchemaFor(method: string, path: string, status: number): string | null {
  if (status >= 400) return 'ErrorCollection';
  if (/\/search\/jql$/.test(path)) return 'SearchAndReconcileResults';
  if (/\/search\/approximate-count$/.test(path)) return 'JQLCountResultsBean';
  if (/\/issue\/bulkfetch$/.test(path)) return 'BulkIssueResults';
  if (/\/issue\/[^/]+$/.test(path) && method === 'GET') return 'IssueBean';
  if (/\/myself$/.test(path)) return 'User';
  if (/\/serverInfo$/.test(path)) return 'ServerInformation';
  if (/\/field$/.test(path)) return 'FieldDetails[]';
  if (/\/statuscategory$/.test(path)) return 'StatusCategory[]';
  return null;
}

/**
 * Jira's body for unknown JQL fields/values (recorded by the README) carries `warningMessages`,
 * which Atlassian's ErrorCollection schema doesn't declare; it is checked against
 * ErrorCollection with that one member set aside.
 */
function validateCloudBody(method: string, path: string, status: number, body: unknown): void {
  const schema = cloudSchemaFor(method, path, status);
  if (!schema) return;
  let checked = body;
  if (schema === 'ErrorCollection' && body !== null && typeof body === 'object' && 'warningMessages' in body) {
    const { warningMessages, ...rest } = body as Record<string, unknown>;
    if (!Array.isArray(warningMessages) || warningMessages.some((w) => typeof w !== 'string')) {
      throw new Error(`${method} ${path}: warningMessages must be an array of strings`);
    }
    checked = rest;
  }
  assertMatchesSchema(schema, checked, `${method} ${path} (${status})`);
}

export async function call(
  sim: JiraSim,
  method: string,
  pathAndQuery: string,
  options: { auth?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<SimHttpResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.auth) headers.Authorization = options.auth;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${sim.url}${pathAndQuery}`, { method, headers, body });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  const json: unknown = isJson && text.length > 0 ? JSON.parse(text) : undefined;
  const path = pathAndQuery.split('?')[0]!;
  if (isJson && !path.startsWith('/_sim')) {
    if (sim.mode === 'cloud') validateCloudBody(method, path, response.status, json);
    else if (response.status === 200 && /\/rest\/api\/2\/search$/.test(path)) assertMatchesSchema('SearchResults', json, `${method} ${path}`);
  }
  return { status: response.status, headers: response.headers, text, json };
}

export interface SearchPage {
  issues: Array<{ id: string; key?: string; fields?: Record<string, unknown> }>;
  nextPageToken?: string;
  isLast?: boolean;
  startAt?: number;
  maxResults?: number;
  total?: number;
}

export const page = (response: SimHttpResponse): SearchPage => response.json as SearchPage;

/** Walks every page of a search and returns the issue ids in the order they came. */
export async function walkAllPages(sim: JiraSim, auth: string, jql: string, pageSize: number, fields = 'summary'): Promise<string[]> {
  const ids: string[] = [];
  if (sim.mode === 'cloud') {
    let token: string | undefined;
    for (let guard = 0; guard < 10_000; guard++) {
      const response = await call(sim, 'POST', '/rest/api/3/search/jql', {
        auth,
        body: { jql, maxResults: pageSize, fields: [fields], ...(token ? { nextPageToken: token } : {}) },
      });
      if (response.status !== 200) throw new Error(`page answered ${response.status}: ${response.text}`);
      const body = page(response);
      ids.push(...body.issues.map((i) => i.id));
      if (body.isLast) return ids;
      token = body.nextPageToken;
    }
  } else {
    for (let startAt = 0; ; ) {
      const query = new URLSearchParams({ jql, startAt: String(startAt), maxResults: String(pageSize), fields });
      const response = await call(sim, 'GET', `/rest/api/2/search?${query}`, { auth });
      if (response.status !== 200) throw new Error(`page answered ${response.status}: ${response.text}`);
      const body = page(response);
      ids.push(...body.issues.map((i) => i.id));
      startAt += body.issues.length;
      if (body.issues.length === 0 || startAt >= (body.total ?? 0)) return ids;
    }
  }
  throw new Error('walkAllPages did not reach the last page');
}
