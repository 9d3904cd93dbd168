/**
 * Jira Data Center search: `GET|POST /rest/api/2/search` with `startAt`/`maxResults`/`total`.
 */
import { isStringArray, listParam, parseJsonObject, searcherOf, type ApiRequest, type SimInstance } from './context';
import { errorCollection, json, jqlError, type SimResponse } from './responses';
import { namesAndSchema, parseExpand, renderIssueArray } from './search-common';

const BODY_KEYS = new Set(['jql', 'startAt', 'maxResults', 'validateQuery', 'fields', 'expand', 'properties', 'fieldsByKeys']);

interface DcSearchParams {
  jql: string;
  startAt: number;
  maxResults: number;
  /** `strict` (default) answers 400 for unknown fields/values; `warn`/`none` answer 200 with warnings. */
  strictValidation: boolean;
  fields?: string[];
  expand: Set<string>;
}

function intParam(raw: string | null, fallback: number): number {
  if (raw === null || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  return Number.isNaN(value) ? fallback : value;
}

function strictness(value: unknown): boolean {
  return !(value === 'warn' || value === 'none' || value === 'false' || value === false);
}

function fromQuery(query: URLSearchParams): DcSearchParams {
  return {
    jql: query.get('jql') ?? '',
    startAt: intParam(query.get('startAt'), 0),
    maxResults: intParam(query.get('maxResults'), 50),
    strictValidation: strictness(query.get('validateQuery') ?? 'strict'),
    fields: listParam(query, 'fields'),
    expand: parseExpand(query.get('expand') ?? undefined),
  };
}

function fromBody(body: string): DcSearchParams | SimResponse {
  const parsed = parseJsonObject(body);
  if (!parsed) return errorCollection(400, ['Unexpected end-of-input: expected close marker for OBJECT']);
  const unknown = Object.keys(parsed).find((k) => !BODY_KEYS.has(k));
  if (unknown !== undefined) {
    return errorCollection(400, [
      `Unrecognized field "${unknown}" (Class com.atlassian.jira.rest.v2.search.SearchRequestBean), not marked as ignorable`,
    ]);
  }
  const { jql, startAt, maxResults, validateQuery, fields, expand } = parsed;
  if (
    (jql !== undefined && typeof jql !== 'string') ||
    (startAt !== undefined && typeof startAt !== 'number') ||
    (maxResults !== undefined && typeof maxResults !== 'number') ||
    (fields !== undefined && !isStringArray(fields)) ||
    (expand !== undefined && !isStringArray(expand))
  ) {
    return errorCollection(400, ['Can not deserialize instance of SearchRequestBean out of the request body.']);
  }
  return {
    jql: (jql as string | undefined) ?? '',
    startAt: (startAt as number | undefined) ?? 0,
    maxResults: (maxResults as number | undefined) ?? 50,
    strictValidation: strictness(validateQuery ?? 'strict'),
    fields: fields as string[] | undefined,
    expand: parseExpand(expand),
  };
}

export function dataCenterSearch(req: ApiRequest, sim: SimInstance): SimResponse {
  const params = req.method === 'POST' ? fromBody(req.body) : fromQuery(req.query);
  if ('status' in params) return params;
  const startAt = Math.max(0, params.startAt);
  // Jira DC silently lowers maxResults to its limit and says so in the page's maxResults.
  const maxResults = params.maxResults < 0 ? 50 : Math.min(params.maxResults, sim.settings.dataCenterMaxResults);
  const empty = (warnings: string[]): SimResponse =>
    json(200, { startAt, maxResults, total: 0, issues: [], ...(warnings.length ? { warningMessages: warnings } : {}) });

  const outcome = sim.search.search(params.jql, searcherOf(req.caller));
  if (!outcome.ok) {
    if (outcome.kind === 'validation' && req.caller.kind === 'anonymous') return empty([]);
    if (outcome.kind === 'validation' && !params.strictValidation) return empty(outcome.errorMessages);
    return jqlError(outcome.kind, outcome.errorMessages);
  }

  const fields = sim.store.fields.resolve(params.fields, '*navigable');
  const end = Math.min(startAt + maxResults, outcome.ids.length);
  const pageIssues = [];
  for (let i = startAt; i < end; i++) {
    const id = outcome.ids[i]!;
    pageIssues.push(outcome.state.byId.get(id) ?? sim.store.get(id));
  }
  // Data Center issues in search carry the full bean even when only `id` is asked for.
  const resolved = fields.idOnly ? { ...fields, idOnly: false, cacheKey: `B|${fields.ids.join(',')}` } : fields;
  const render = { fields: resolved, expand: params.expand, apiVersion: '2' as const };
  const issues = renderIssueArray(sim, pageIssues, render);
  const extras = namesAndSchema(sim, render);
  return json(
    200,
    `{"expand":"schema,names","startAt":${startAt},"maxResults":${maxResults},"total":${outcome.ids.length},` +
      `"issues":${issues.json}${extras ? `,${extras}` : ''}` +
      `${outcome.warningMessages.length ? `,"warningMessages":${JSON.stringify(outcome.warningMessages)}` : ''}}`,
  );
}
