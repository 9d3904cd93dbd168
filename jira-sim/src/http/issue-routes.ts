/**
 * `GET /rest/api/{2,3}/issue/{issueIdOrKey}` and Cloud's `POST /rest/api/3/issue/bulkfetch`.
 */
import type { SimIssue } from '../model';
import { isStringArray, listParam, parseJsonObject, searcherOf, type ApiRequest, type SimInstance } from './context';
import { errorCollection, invalidPayload, issueNotFound, json, type SimResponse } from './responses';
import { namesAndSchema, parseExpand, renderIssueArray } from './search-common';
import type { ApiVersion } from './render-values';

const MAX_BULK = 100;
const BULK_KEYS = new Set(['issueIdsOrKeys', 'fields', 'expand', 'properties', 'fieldsByKeys']);

function visibleIssue(sim: SimInstance, req: ApiRequest, idOrKey: string): SimIssue | undefined {
  const issue = sim.store.get(idOrKey);
  if (!issue) return undefined;
  return sim.search.visibilityFilter(searcherOf(req.caller))(issue) ? issue : undefined;
}

export function getIssue(req: ApiRequest, sim: SimInstance, apiVersion: ApiVersion, idOrKey: string): SimResponse {
  const issue = visibleIssue(sim, req, decodeURIComponent(idOrKey));
  if (!issue) return issueNotFound();
  const fields = sim.store.fields.resolve(listParam(req.query, 'fields'), '*all');
  // GET issue always answers a full bean, even for fields=id.
  const resolved = fields.idOnly ? { ...fields, idOnly: false, cacheKey: `B|${fields.ids.join(',')}` } : fields;
  const expand = parseExpand(req.query.get('expand') ?? undefined);
  const render = { fields: resolved, expand, apiVersion };
  const bean = renderIssueArray(sim, [issue], render).json.slice(1, -1);
  const extras = namesAndSchema(sim, render);
  return json(200, extras ? `${bean.slice(0, -1)},${extras}}` : bean);
}

export function bulkFetch(req: ApiRequest, sim: SimInstance, apiVersion: ApiVersion): SimResponse {
  const parsed = parseJsonObject(req.body);
  if (!parsed || Object.keys(parsed).some((k) => !BULK_KEYS.has(k))) return invalidPayload();
  const { issueIdsOrKeys, fields, expand } = parsed;
  if (!isStringArray(issueIdsOrKeys) || (fields !== undefined && !isStringArray(fields)) || (expand !== undefined && !isStringArray(expand))) {
    return invalidPayload();
  }
  if (issueIdsOrKeys.length > MAX_BULK) {
    return errorCollection(400, [`The number of issues requested exceeds the limit of ${MAX_BULK}.`]);
  }
  const resolved = sim.store.fields.resolve(fields, '*navigable');
  const render = {
    fields: resolved.idOnly ? { ...resolved, idOnly: false, cacheKey: `B|${resolved.ids.join(',')}` } : resolved,
    expand: parseExpand(expand),
    apiVersion,
  };
  // Issues that don't exist or the caller can't see are simply absent, as in Jira.
  const seen = new Set<string>();
  const issues: SimIssue[] = [];
  for (const idOrKey of issueIdsOrKeys) {
    const issue = visibleIssue(sim, req, idOrKey);
    if (issue && !seen.has(issue.id)) {
      seen.add(issue.id);
      issues.push(issue);
    }
  }
  return json(200, `{"issues":${renderIssueArray(sim, issues, render).json},"issueErrors":[]}`);
}
