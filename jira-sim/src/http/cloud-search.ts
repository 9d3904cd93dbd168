/**
 * Jira Cloud search: `GET|POST /rest/api/{2,3}/search/jql` with token paging, and
 * `POST /rest/api/3/search/approximate-count`.
 */
import type { SimIssue } from '../model';
import type { SearchOutcome } from '../store/search-engine';
import { isStringArray, listParam, parseJsonObject, searcherOf, type ApiRequest, type SimInstance } from './context';
import type { Snapshot } from './page-tokens';
import {
  badPageToken,
  cloudMaxResultsOutOfRange,
  errorCollection,
  invalidPayload,
  json,
  jqlError,
  unboundedQuery,
  type SimResponse,
} from './responses';
import { namesAndSchema, parseExpand, renderIssueArray } from './search-common';
import type { ApiVersion } from './render-values';

const SEARCH_BODY_KEYS = new Set([
  'jql', 'nextPageToken', 'maxResults', 'fields', 'expand', 'properties', 'fieldsByKeys', 'failFast', 'reconcileIssues',
]);
const MAX_RECONCILE = 50;

interface CloudSearchParams {
  jql: string;
  nextPageToken?: string;
  maxResults: number;
  fields?: string[];
  expand: Set<string>;
  reconcileIssues: string[];
}

function paramsFromQuery(query: URLSearchParams): CloudSearchParams | SimResponse {
  const maxRaw = query.get('maxResults');
  const maxResults = maxRaw === null ? 50 : Number(maxRaw);
  return {
    jql: query.get('jql') ?? '',
    nextPageToken: query.get('nextPageToken') ?? undefined,
    maxResults,
    fields: listParam(query, 'fields'),
    expand: parseExpand(query.get('expand') ?? undefined),
    reconcileIssues: listParam(query, 'reconcileIssues') ?? [],
  };
}

function paramsFromBody(body: string): CloudSearchParams | SimResponse {
  const parsed = parseJsonObject(body);
  if (!parsed || Object.keys(parsed).some((k) => !SEARCH_BODY_KEYS.has(k))) return invalidPayload();
  const { jql, nextPageToken, maxResults, fields, expand, reconcileIssues } = parsed;
  const typesOk =
    (jql === undefined || typeof jql === 'string') &&
    (nextPageToken === undefined || nextPageToken === null || typeof nextPageToken === 'string') &&
    (maxResults === undefined || typeof maxResults === 'number') &&
    (fields === undefined || isStringArray(fields)) &&
    (expand === undefined || typeof expand === 'string') &&
    (reconcileIssues === undefined || (Array.isArray(reconcileIssues) && reconcileIssues.every((v) => Number.isInteger(v))));
  if (!typesOk) return invalidPayload();
  return {
    jql: (jql as string | undefined) ?? '',
    nextPageToken: (nextPageToken as string | null | undefined) ?? undefined,
    maxResults: (maxResults as number | undefined) ?? 50,
    fields: fields as string[] | undefined,
    expand: parseExpand(expand),
    reconcileIssues: ((reconcileIssues as number[] | undefined) ?? []).map(String),
  };
}

/** Search failures as Jira words them; anonymous callers get an empty page for unknown names. */
function searchFailure(outcome: Extract<SearchOutcome, { ok: false }>, req: ApiRequest, emptyAnswer: string): SimResponse {
  if (outcome.kind === 'validation' && req.caller.kind === 'anonymous') return json(200, emptyAnswer);
  return jqlError(outcome.kind, outcome.errorMessages);
}

export function cloudSearch(req: ApiRequest, sim: SimInstance, apiVersion: ApiVersion): SimResponse {
  const params = req.method === 'POST' ? paramsFromBody(req.body) : paramsFromQuery(req.query);
  if ('status' in params) return params;
  if (!Number.isInteger(params.maxResults) || params.maxResults < 1 || params.maxResults > 5000) return cloudMaxResultsOutOfRange();
  if (params.reconcileIssues.length > MAX_RECONCILE) {
    return errorCollection(400, [`The number of issues to reconcile can't exceed ${MAX_RECONCILE}.`]);
  }

  const outcome = sim.search.search(params.jql, searcherOf(req.caller));
  if (!outcome.ok) return searchFailure(outcome, req, '{"issues":[],"isLast":true}');
  if (!outcome.bounded) return unboundedQuery();

  const fields = sim.store.fields.resolve(params.fields, 'id');
  const pageSize = fields.onlyIdOrKey ? params.maxResults : Math.min(params.maxResults, sim.settings.cloudFieldsPageCap);
  const bindKey = `${params.jql}\u0000${req.caller.kind === 'user' ? req.caller.user.accountId : 'anonymous'}`;

  let snapshot: Snapshot | null = null;
  let ids: readonly string[];
  let offset = 0;
  if (params.nextPageToken) {
    const resolved = sim.tokens.resolve(params.nextPageToken, bindKey);
    if (!resolved) return badPageToken();
    snapshot = resolved.snapshot;
    offset = resolved.offset;
    driftPages(sim, snapshot, offset);
    ids = snapshot.ids;
  } else {
    ids = reconcile(sim, outcome, params.reconcileIssues);
  }

  const end = Math.min(offset + pageSize, ids.length);
  const isLast = end >= ids.length;
  const byId = outcome.state.byId;
  const reconciled = new Set(params.reconcileIssues);
  const pageIssues: Array<SimIssue | undefined> = [];
  for (let i = offset; i < end; i++) {
    const id = ids[i]!;
    // Search answers from its (possibly lagging) index, except for issues the caller reconciled.
    pageIssues.push(reconciled.has(id) ? sim.store.get(id) : (byId.get(id) ?? sim.store.get(id)));
  }
  const render = { fields, expand: params.expand, apiVersion };
  const issues = renderIssueArray(sim, pageIssues, render);

  let token = '';
  if (!isLast) {
    snapshot ??= sim.tokens.snapshot(bindKey, ids, sim.faults.pageDriftMoves > 0);
    token = `,"nextPageToken":${JSON.stringify(sim.tokens.token(snapshot, end))}`;
  }
  const extras = namesAndSchema(sim, render);
  return json(200, `{"issues":${issues.json}${token},"isLast":${isLast}${extras ? `,${extras}` : ''}}`);
}

/**
 * Read-after-write for `reconcileIssues`: those issues are evaluated on current data and
 * placed where the query's order puts them.
 */
function reconcile(sim: SimInstance, outcome: Extract<SearchOutcome, { ok: true }>, reconcileIds: string[]): readonly string[] {
  if (reconcileIds.length === 0 || sim.store.searchLagMs <= 0) return outcome.ids;
  const wanted = new Set(reconcileIds);
  const list = outcome.ids.filter((id) => !wanted.has(id));
  const lookup = (id: string): SimIssue | undefined => outcome.state.byId.get(id) ?? sim.store.get(id);
  for (const id of wanted) {
    const issue = sim.store.get(id);
    if (!issue || !outcome.matches(issue)) continue;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = lookup(list[mid]!);
      if (other && outcome.compare(other, issue) <= 0) low = mid + 1;
      else high = mid;
    }
    list.splice(low, 0, id);
  }
  return list;
}

/**
 * The "issues move between pages" fault: before serving a later page, some issues already
 * served move to the end of the result, so the client sees them twice and misses as many.
 */
function driftPages(sim: SimInstance, snapshot: Snapshot, offset: number): void {
  if (!snapshot.owned) return;
  const moves = Math.min(sim.faults.pageDriftMoves, offset);
  for (let i = 0; i < moves; i++) {
    const from = Math.floor(sim.faults.draw() * offset);
    const [id] = snapshot.ids.splice(from, 1);
    if (id !== undefined) snapshot.ids.push(id);
  }
}

const COUNT_BODY_KEYS = new Set(['jql']);

export function approximateCount(req: ApiRequest, sim: SimInstance): SimResponse {
  const parsed = parseJsonObject(req.body);
  if (!parsed || Object.keys(parsed).some((k) => !COUNT_BODY_KEYS.has(k))) return invalidPayload();
  if (parsed.jql !== undefined && typeof parsed.jql !== 'string') return invalidPayload();
  const outcome = sim.search.search((parsed.jql as string | undefined) ?? '', searcherOf(req.caller));
  if (!outcome.ok) return searchFailure(outcome, req, '{"count":0}');
  if (!outcome.bounded) return unboundedQuery();
  return json(200, `{"count":${outcome.ids.length}}`);
}
