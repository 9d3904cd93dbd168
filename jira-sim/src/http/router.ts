/**
 * Which handler answers a Jira REST path in each deployment mode, and whether the endpoint
 * serves anonymous callers (when the instance allows anonymous access at all; serverInfo always).
 */
import { approximateCount, cloudSearch } from './cloud-search';
import type { ApiRequest, SimInstance } from './context';
import { dataCenterSearch } from './dc-search';
import { bulkFetch, getIssue } from './issue-routes';
import { webhookRouteFor } from './webhook-routes';
import { fieldList, myself, serverInfo, statusCategories } from './meta-routes';
import type { ApiVersion } from './render-values';
import { cloudNoSuchResource, dataCenterNoSuchResource, removedSearchApi, text, type SimResponse } from './responses';

export interface Route {
  /** Serves anonymous callers when the instance allows anonymous access. */
  anonymous: boolean;
  /**
   * Serves anonymous callers even when the instance does not allow anonymous access: real Jira
   * answers `GET /serverInfo` to anyone ("This operation can be accessed anonymously").
   */
  alwaysAnonymous?: boolean;
  handle: (req: ApiRequest) => SimResponse;
}

const API_PATH = /^\/rest\/api\/(2|3|latest)\/(.+?)\/?$/;

const methodNotAllowed = (): SimResponse => text(405, '', 'text/plain;charset=UTF-8');

export function routeFor(sim: SimInstance, method: string, path: string, url: string): Route | SimResponse {
  const webhookRoute = webhookRouteFor(sim, method, path);
  if (webhookRoute) return webhookRoute;
  const match = API_PATH.exec(path);
  const notFound = sim.mode === 'cloud' ? cloudNoSuchResource() : dataCenterNoSuchResource(url);
  if (!match) return notFound;
  const rawVersion = match[1]!;
  const resource = match[2]!;
  if (sim.mode === 'datacenter' && rawVersion === '3') return notFound;
  if (sim.mode === 'cloud' && rawVersion === 'latest') return notFound;
  const version: ApiVersion = rawVersion === '3' ? '3' : '2';
  const only = (allowed: string, route: Route): Route | SimResponse => (method === allowed ? route : methodNotAllowed());
  const readOrSearch = (route: Route): Route | SimResponse => (method === 'GET' || method === 'POST' ? route : methodNotAllowed());

  if (resource === 'serverInfo') return only('GET', { anonymous: true, alwaysAnonymous: true, handle: () => serverInfo(sim) });
  if (resource === 'field') return only('GET', { anonymous: true, handle: () => fieldList(sim) });
  if (resource === 'statuscategory') return only('GET', { anonymous: true, handle: () => statusCategories(sim, version) });
  if (resource === 'myself') {
    return only('GET', {
      anonymous: false,
      handle: (req) => (req.caller.kind === 'user' ? myself(sim, version, req.caller.user) : methodNotAllowed()),
    });
  }

  if (sim.mode === 'cloud') {
    if (resource === 'search/jql') return readOrSearch({ anonymous: true, handle: (req) => cloudSearch(req, sim, version) });
    if (resource === 'search') return readOrSearch({ anonymous: true, handle: () => removedSearchApi() });
    if (resource === 'search/approximate-count') return only('POST', { anonymous: true, handle: (req) => approximateCount(req, sim) });
    if (resource === 'issue/bulkfetch') return only('POST', { anonymous: true, handle: (req) => bulkFetch(req, sim, version) });
  } else if (resource === 'search') {
    return readOrSearch({ anonymous: true, handle: (req) => dataCenterSearch(req, sim) });
  }

  const issue = /^issue\/([^/]+)$/.exec(resource);
  if (issue) return only('GET', { anonymous: true, handle: (req) => getIssue(req, sim, version, issue[1]!) });
  return notFound;
}
