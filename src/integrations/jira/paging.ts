/**
 * Search paging for both deployments. Jira Cloud pages with an opaque `nextPageToken` until
 * `isLast`; Data Center pages with `startAt`/`maxResults`/`total`. Both walkers defend against a
 * Jira (or proxy) that never ends: a repeated token or a run of empty pages is a `bad_response`,
 * and an issue seen on an earlier page is not yielded again (results can shift between pages
 * while issues change).
 */
import { JiraError } from './errors';
import type { JiraTransport } from './http';
import { cloudSearchPageSchema, dataCenterSearchPageSchema, type JiraIssue } from './schemas';

export interface SearchOptions {
  jql: string;
  /** Field ids to fetch, e.g. ["status", "customfield_10016"]. Only these are asked for. */
  fields: string[];
  /** Issues per request; Jira may answer fewer. Default 100. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface SearchPage {
  /** Issues new to this search (each issue is yielded once across all pages). */
  issues: JiraIssue[];
  /** 1-based. */
  pageNumber: number;
  /** Data Center only: Jira's total for the query at the time of this page. */
  total?: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const CLOUD_SEARCH_PATH = '/rest/api/3/search/jql';
export const DATA_CENTER_SEARCH_PATH = '/rest/api/2/search';
/** Consecutive empty pages tolerated before deciding the server is looping. */
const MAX_EMPTY_PAGES_IN_A_ROW = 5;

function checkPageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000) {
    throw new RangeError('pageSize must be an integer between 1 and 5000');
  }
  return pageSize;
}

function unseenIssues(issues: JiraIssue[], seenIds: Set<string>): JiraIssue[] {
  const fresh: JiraIssue[] = [];
  for (const issue of issues) {
    if (seenIds.has(issue.id)) continue;
    seenIds.add(issue.id);
    fresh.push(issue);
  }
  return fresh;
}

function loopingError(endpoint: string, what: string): JiraError {
  return new JiraError(
    'bad_response',
    `Jira's search paging did not come to an end (${what}) on ${endpoint}. Try again; if it keeps happening, report it to your Jira admin.`,
    { endpoint },
  );
}

export async function* searchCloudPages(transport: JiraTransport, options: SearchOptions): AsyncGenerator<SearchPage> {
  const maxResults = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
  const endpoint = `POST ${CLOUD_SEARCH_PATH}`;
  const seenIds = new Set<string>();
  const seenTokens = new Set<string>();
  let nextPageToken: string | undefined;
  let emptyInARow = 0;
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await transport.request({
      method: 'POST',
      path: CLOUD_SEARCH_PATH,
      body: { jql: options.jql, fields: options.fields, maxResults, ...(nextPageToken ? { nextPageToken } : {}) },
      schema: cloudSearchPageSchema,
      idempotent: true,
      kind: 'search',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    emptyInARow = page.issues.length === 0 ? emptyInARow + 1 : 0;
    yield { issues: unseenIssues(page.issues, seenIds), pageNumber };
    // No token means nothing more to fetch, whatever isLast says.
    const token = page.nextPageToken ?? undefined;
    if (page.isLast === true || token === undefined || token === '') return;
    if (seenTokens.has(token)) throw loopingError(endpoint, 'the same page token came back twice');
    if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) throw loopingError(endpoint, 'empty pages kept coming');
    seenTokens.add(token);
    nextPageToken = token;
  }
}

export async function* searchDataCenterPages(
  transport: JiraTransport,
  options: SearchOptions,
): AsyncGenerator<SearchPage> {
  const maxResults = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
  const seenIds = new Set<string>();
  let startAt = 0;
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await transport.request({
      method: 'POST',
      path: DATA_CENTER_SEARCH_PATH,
      body: { jql: options.jql, startAt, maxResults, fields: options.fields },
      schema: dataCenterSearchPageSchema,
      idempotent: true,
      kind: 'search',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    yield { issues: unseenIssues(page.issues, seenIds), pageNumber, total: page.total };
    // Advance by what actually came back: the server may cap maxResults below what we asked.
    startAt += page.issues.length;
    // An empty page before `total` means the result set shrank under us; asking again would loop.
    if (page.issues.length === 0 || startAt >= page.total) return;
  }
}
