/**
 * Search paging for both deployments. Jira Cloud pages with an opaque `nextPageToken` until
 * `isLast`; Data Center pages with `startAt`/`maxResults`/`total`. Both walkers defend against a
 * Jira (or proxy) that never ends: a repeated token or a run of empty pages is a `bad_response`,
 * and an issue seen on an earlier page is not yielded again (results can shift between pages
 * while issues change).
 */
import { JiraError } from './errors';
import type { JiraTransport } from './http';
import { bulkFetchSchema, cloudSearchPageSchema, dataCenterSearchPageSchema, type JiraIssue } from './schemas';

export interface SearchOptions {
  jql: string;
  /** Field ids to fetch, e.g. ["status", "customfield_10016"]. Only these are asked for. */
  fields: string[];
  /** Issues per request; Jira may answer fewer. Default 100. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface SearchPage<T = JiraIssue> {
  /** Issues new to this search (each issue is yielded once across all pages), as the caller's `select` made them. */
  issues: T[];
  /** 1-based. */
  pageNumber: number;
  /** Data Center only: Jira's total for the query at the time of this page. */
  total?: number;
  /**
   * Issues on this page that an earlier page already had (left out of `issues`). More than zero
   * means results shifted between pages, so some other issue may have been skipped.
   */
  repeated: number;
}

export interface CollectedSearch {
  issues: JiraIssue[];
  /** True when a walk saw no shifting; false means the issues are a best effort union. */
  consistent: boolean;
  /** Walks made (a walk that saw results shift is repeated, up to 3 in all). */
  passes: number;
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

/** What a caller keeps of each issue; `keepIssue` keeps Jira's issue as it is. */
export type SelectIssue<T> = (issue: JiraIssue) => T;
export const keepIssue: SelectIssue<JiraIssue> = (issue) => issue;

function unseenIssues<T>(issues: readonly JiraIssue[], seenIds: Set<string>, select: SelectIssue<T>): { issues: T[]; repeated: number } {
  const fresh: T[] = [];
  for (const issue of issues) {
    if (seenIds.has(issue.id)) continue;
    seenIds.add(issue.id);
    fresh.push(select(issue));
  }
  return { issues: fresh, repeated: issues.length - fresh.length };
}

function loopingError(endpoint: string, what: string): JiraError {
  return new JiraError(
    'bad_response',
    `Jira's search paging did not come to an end (${what}) on ${endpoint}. Try again; if it keeps happening, report it to your Jira admin.`,
    { endpoint },
  );
}

/**
 * Jira refused its own page token in the middle of a walk (tokens expire, and Jira may forget
 * them): the query itself ran fine on page 1, so this is not a JQL problem; the walk starts over.
 */
export class PageTokenRefusedError extends JiraError {
  constructor(endpoint: string, jiraMessages: string[]) {
    const said = jiraMessages.length > 0 ? ` (Jira said: "${jiraMessages.join(' ')}")` : '';
    super(
      'bad_response',
      `Jira stopped accepting its page token while Pacer was reading this query's results page by page${said}. The last good values are kept; Pacer tries again at the next sync.`,
      { endpoint, status: 400, jiraMessages },
    );
  }
}

/**
 * One Cloud search page, its issues already selected: Jira's parsed answer lives only in this
 * call, so a walk never holds a whole raw page (thousands of nested objects) while its caller
 * writes the page, which kept them alive long enough to reach V8's old generation.
 */
async function readCloudPage<T>(
  transport: JiraTransport,
  options: SearchOptions,
  request: { maxResults: number; nextPageToken: string | undefined; seenIds: Set<string> },
  select: SelectIssue<T>,
): Promise<{ issues: T[]; repeated: number; received: number; token: string | undefined; isLast: boolean }> {
  const endpoint = `POST ${CLOUD_SEARCH_PATH}`;
  const { nextPageToken } = request;
  const page = await transport
    .request({
      method: 'POST',
      path: CLOUD_SEARCH_PATH,
      body: { jql: options.jql, fields: options.fields, maxResults: request.maxResults, ...(nextPageToken ? { nextPageToken } : {}) },
      schema: cloudSearchPageSchema,
      idempotent: true,
      kind: 'search',
      ...(options.signal ? { signal: options.signal } : {}),
    })
    .catch((error: unknown) => {
      // A 400 on a later page: the JQL was accepted on page 1, so it is the token Jira refused.
      if (nextPageToken !== undefined && error instanceof JiraError && error.code === 'jql_invalid') {
        throw new PageTokenRefusedError(endpoint, error.jiraMessages);
      }
      throw error;
    });
  // No token means nothing more to fetch, whatever isLast says.
  const token = page.nextPageToken ?? undefined;
  return { ...unseenIssues(page.issues, request.seenIds, select), received: page.issues.length, token, isLast: page.isLast === true || token === undefined || token === '' };
}

export function searchCloudPages(transport: JiraTransport, options: SearchOptions): AsyncGenerator<SearchPage>;
export function searchCloudPages<T>(transport: JiraTransport, options: SearchOptions, select: SelectIssue<T>): AsyncGenerator<SearchPage<T>>;
export async function* searchCloudPages<T>(transport: JiraTransport, options: SearchOptions, select?: SelectIssue<T>): AsyncGenerator<SearchPage<T | JiraIssue>> {
  const choose: SelectIssue<T | JiraIssue> = select ?? keepIssue;
  const maxResults = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
  const endpoint = `POST ${CLOUD_SEARCH_PATH}`;
  const seenIds = new Set<string>();
  const seenTokens = new Set<string>();
  let nextPageToken: string | undefined;
  let emptyInARow = 0;
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await readCloudPage(transport, options, { maxResults, nextPageToken, seenIds }, choose);
    emptyInARow = page.received === 0 ? emptyInARow + 1 : 0;
    yield { issues: page.issues, repeated: page.repeated, pageNumber };
    const token = page.token;
    if (page.isLast || token === undefined) return;
    if (seenTokens.has(token)) throw loopingError(endpoint, 'the same page token came back twice');
    if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) throw loopingError(endpoint, 'empty pages kept coming');
    seenTokens.add(token);
    nextPageToken = token;
  }
}

/** One Data Center search page, its issues already selected (see readCloudPage for why). */
async function readDataCenterPage<T>(
  transport: JiraTransport,
  options: SearchOptions,
  request: { startAt: number; maxResults: number; seenIds: Set<string> },
  select: SelectIssue<T>,
): Promise<{ issues: T[]; repeated: number; received: number; total: number }> {
  const page = await transport.request({
    method: 'POST',
    path: DATA_CENTER_SEARCH_PATH,
    body: { jql: options.jql, startAt: request.startAt, maxResults: request.maxResults, fields: options.fields },
    schema: dataCenterSearchPageSchema,
    idempotent: true,
    kind: 'search',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...unseenIssues(page.issues, request.seenIds, select), received: page.issues.length, total: page.total };
}

export function searchDataCenterPages(transport: JiraTransport, options: SearchOptions): AsyncGenerator<SearchPage>;
export function searchDataCenterPages<T>(transport: JiraTransport, options: SearchOptions, select: SelectIssue<T>): AsyncGenerator<SearchPage<T>>;
export async function* searchDataCenterPages<T>(transport: JiraTransport, options: SearchOptions, select?: SelectIssue<T>): AsyncGenerator<SearchPage<T | JiraIssue>> {
  const choose: SelectIssue<T | JiraIssue> = select ?? keepIssue;
  const maxResults = checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE);
  const seenIds = new Set<string>();
  let startAt = 0;
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await readDataCenterPage(transport, options, { startAt, maxResults, seenIds }, choose);
    // Advance by what actually came back: the server may cap maxResults below what we asked.
    startAt += page.received;
    yield { issues: page.issues, repeated: page.repeated, pageNumber, total: page.total };
    // An empty page before `total` means the result set shrank under us; asking again would loop.
    if (page.received === 0 || startAt >= page.total) return;
  }
}

const MAX_PASSES = 3;
/** Cloud answers id-only searches with pages of up to 5,000 and bulk-fetches up to 100 issues. */
const ID_PAGE_SIZE = 5000;
const BULK_FETCH_LIMIT = 100;

export interface SearchSource {
  walk: (options: SearchOptions) => AsyncIterable<SearchPage>;
  /** Cloud: a snapshot of ids in as few pages as possible, then the issues by id (see below). */
  snapshot?: (options: SearchOptions) => Promise<{ issues: JiraIssue[]; shifted: boolean }>;
}

async function walkOnce(
  source: SearchSource,
  options: SearchOptions,
): Promise<{ issues: JiraIssue[]; shifted: boolean }> {
  const issues: JiraIssue[] = [];
  const totals = new Set<number>();
  let shifted = false;
  for await (const page of source.walk(options)) {
    issues.push(...page.issues);
    if (page.total !== undefined) totals.add(page.total);
    if (page.repeated > 0) shifted = true;
  }
  // Data Center: a total that changed, or that the walk did not reach, means results moved.
  if (totals.size > 1 || (totals.size === 1 && !totals.has(issues.length))) shifted = true;
  return { issues, shifted };
}

/**
 * Collects every issue of a search. When a walk sees results shift between pages (an issue
 * repeated, or Data Center's total changing), some other issue may have been skipped, so the
 * search is done again: on Cloud as a snapshot (ids in pages of 5,000, then the issues by id),
 * on Data Center as a walk with another page size (moving the page boundaries where skips
 * happen). The first clean attempt is the answer. If none is clean, the union of all attempts is
 * returned with `consistent: false`, so the caller can look again later rather than trust it. A
 * walk cut short by a refused page token is simply done again, the same way.
 */
export async function collectSearch(source: SearchSource, options: SearchOptions): Promise<CollectedSearch> {
  const union = new Map<string, JiraIssue>();
  const basePageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  for (let pass = 1; pass <= MAX_PASSES; pass += 1) {
    let attempt: { issues: JiraIssue[]; shifted: boolean };
    try {
      attempt =
        pass === 1
          ? await walkOnce(source, options)
          : source.snapshot
            ? await source.snapshot(options)
            : await walkOnce(source, { ...options, pageSize: Math.min(5000, Math.ceil(basePageSize / (pass * 2 - 1)) + pass) });
    } catch (error) {
      // A refused page token cut the walk short: start over (a half walk adds nothing to the union).
      if (error instanceof PageTokenRefusedError && pass < MAX_PASSES) continue;
      throw error;
    }
    if (!attempt.shifted) return { issues: attempt.issues, consistent: true, passes: pass };
    for (const issue of attempt.issues) union.set(issue.id, issue);
  }
  return { issues: [...union.values()], consistent: false, passes: MAX_PASSES };
}

export const BULK_FETCH_PATH = '/rest/api/3/issue/bulkfetch';

/** Cloud snapshot: the matching ids first (one page for up to 5,000), then their fields by id. */
export async function cloudSnapshot(
  transport: JiraTransport,
  options: SearchOptions,
): Promise<{ issues: JiraIssue[]; shifted: boolean }> {
  const ids: string[] = [];
  let shifted = false;
  for await (const page of searchCloudPages(transport, { ...options, fields: ['id'], pageSize: ID_PAGE_SIZE })) {
    ids.push(...page.issues.map((issue) => issue.id));
    if (page.repeated > 0) shifted = true;
  }
  const byId = new Map<string, JiraIssue>();
  for (let start = 0; start < ids.length; start += BULK_FETCH_LIMIT) {
    const body = await transport.request({
      method: 'POST',
      path: BULK_FETCH_PATH,
      body: { issueIdsOrKeys: ids.slice(start, start + BULK_FETCH_LIMIT), fields: options.fields },
      schema: bulkFetchSchema,
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const issue of body.issues) byId.set(issue.id, issue);
  }
  // Keep the search's order; an issue deleted in between is simply absent, as Jira has it.
  const issues = ids.map((id) => byId.get(id)).filter((issue): issue is JiraIssue => issue !== undefined);
  return { issues, shifted };
}

/**
 * The Cloud snapshot as a stream of pages, for callers that process pages as they come (syncs):
 * the matching ids first (one request per 5,000; only the ids are held), then the issues by id,
 * each bulk fetch of up to 100 yielded as a page in the search's order. When the ids themselves
 * shifted while being read, a single empty page with `repeated` set says so and nothing is fetched.
 */
export function cloudSnapshotPages(transport: JiraTransport, options: SearchOptions): AsyncGenerator<SearchPage>;
export function cloudSnapshotPages<T>(transport: JiraTransport, options: SearchOptions, select: SelectIssue<T>): AsyncGenerator<SearchPage<T>>;
export async function* cloudSnapshotPages<T>(transport: JiraTransport, options: SearchOptions, select?: SelectIssue<T>): AsyncGenerator<SearchPage<T | JiraIssue>> {
  const choose: SelectIssue<T | JiraIssue> = select ?? keepIssue;
  const ids: string[] = [];
  let repeated = 0;
  for await (const page of searchCloudPages(transport, { ...options, fields: ['id'], pageSize: ID_PAGE_SIZE }, (issue) => issue.id)) {
    ids.push(...page.issues);
    repeated += page.repeated;
  }
  if (repeated > 0 || ids.length === 0) {
    yield { issues: [], pageNumber: 1, repeated };
    return;
  }
  for (let start = 0, pageNumber = 1; start < ids.length; start += BULK_FETCH_LIMIT, pageNumber += 1) {
    yield { issues: await bulkFetchInOrder(transport, options, ids.slice(start, start + BULK_FETCH_LIMIT), choose), pageNumber, repeated: 0 };
  }
}

/** Issues by id in the order of `ids`, selected; an issue deleted in between is simply absent, as Jira has it. */
async function bulkFetchInOrder<T>(transport: JiraTransport, options: SearchOptions, ids: readonly string[], select: SelectIssue<T>): Promise<T[]> {
  const body = await transport.request({
    method: 'POST',
    path: BULK_FETCH_PATH,
    body: { issueIdsOrKeys: ids, fields: options.fields },
    schema: bulkFetchSchema,
    idempotent: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const byId = new Map(body.issues.map((issue) => [issue.id, issue]));
  const issues: T[] = [];
  for (const id of ids) {
    const issue = byId.get(id);
    if (issue !== undefined) issues.push(select(issue));
  }
  return issues;
}
