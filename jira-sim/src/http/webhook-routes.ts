/**
 * Jira's own webhook registration API, for Jira administrators only (anyone else gets 403):
 * - `/rest/webhooks/1.0/webhook` on Cloud (admin webhooks) and on Data Center 9 and before, body
 *   `{name, url, events, filters: {"issue-related-events-section": jql}, excludeBody}`;
 * - `/rest/jira-webhook/1.0/webhooks` on Data Center 10+, body `{name, url, events,
 *   configuration: {FILTERS, EXCLUDE_BODY, ...}, active}` (the old path is gone there).
 * A registered webhook delivers like one added through the control API.
 */
import type { SimUser } from '../model';
import type { WebhookRegistration } from '../webhooks/webhooks';
import type { ApiRequest, SimInstance } from './context';
import { isStringArray, parseJsonObject } from './context';
import { errorCollection, json, text, type SimResponse } from './responses';

export const LEGACY_WEBHOOKS_PATH = '/rest/webhooks/1.0/webhook';
export const DC_10_WEBHOOKS_PATH = '/rest/jira-webhook/1.0/webhooks';

const ADMIN_GROUP = 'jira-administrators';
const ISSUE_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted'] as const;
type IssueEvent = (typeof ISSUE_EVENTS)[number];

interface WebhookRoute {
  anonymous: boolean;
  handle: (req: ApiRequest) => SimResponse;
}

/** The major version the Data Center instance reports in serverInfo. */
export function dataCenterMajor(sim: SimInstance): number {
  return Number.parseInt(sim.settings.dataCenterVersion.split('.')[0] ?? '9', 10);
}

function isAdmin(user: SimUser): boolean {
  return user.groups.includes(ADMIN_GROUP);
}

function forbidden(sim: SimInstance): SimResponse {
  return sim.mode === 'cloud'
    ? errorCollection(403, ['Only Jira administrators can manage webhooks.'])
    : json(403, { message: 'Only Jira administrators can manage webhooks.', 'status-code': 403 });
}

/** Jira accepts every event name; the simulator only delivers issue events, so the rest are left out. */
function issueEventsOf(events: string[]): IssueEvent[] {
  return events.filter((event): event is IssueEvent => (ISSUE_EVENTS as readonly string[]).includes(event));
}

function filterOf(body: Record<string, unknown>, dc10: boolean): string | undefined {
  if (dc10) {
    const configuration = body.configuration;
    const filters = typeof configuration === 'object' && configuration !== null ? (configuration as Record<string, unknown>).FILTERS : undefined;
    return typeof filters === 'string' && filters.trim() !== '' ? filters : undefined;
  }
  const filters = body.filters;
  const jql = typeof filters === 'object' && filters !== null ? (filters as Record<string, unknown>)['issue-related-events-section'] : undefined;
  return typeof jql === 'string' && jql.trim() !== '' ? jql : undefined;
}

function describe(sim: SimInstance, registration: WebhookRegistration, dc10: boolean, name: string, user: SimUser): unknown {
  const events = registration.events ?? [...ISSUE_EVENTS];
  if (dc10) {
    const now = sim.now().getTime();
    return {
      id: Number(registration.id),
      name,
      url: registration.url,
      events,
      configuration: { FILTERS: registration.jql ?? '', EXCLUDE_BODY: 'false' },
      active: true,
      scopeType: 'global',
      sslVerificationRequired: true,
      createdDate: now,
      updatedDate: now,
    };
  }
  return {
    self: `${sim.baseUrl}${LEGACY_WEBHOOKS_PATH}/${registration.id}`,
    name,
    url: registration.url,
    events,
    filters: { 'issue-related-events-section': registration.jql ?? '' },
    excludeBody: false,
    enabled: true,
    lastUpdatedUser: sim.mode === 'cloud' ? user.accountId : user.key,
    lastUpdatedDisplayName: user.displayName,
    lastUpdated: sim.now().getTime(),
  };
}

function create(req: ApiRequest, sim: SimInstance, dc10: boolean): SimResponse {
  if (req.caller.kind !== 'user') return forbidden(sim);
  const user = req.caller.user;
  if (!isAdmin(user)) return forbidden(sim);
  const body = parseJsonObject(req.body);
  const name = body?.name;
  const url = body?.url;
  if (!body || typeof name !== 'string' || name.trim() === '' || typeof url !== 'string') {
    return errorCollection(400, ['A webhook needs a "name" and a "url".']);
  }
  if (!/^https?:\/\//.test(url)) return errorCollection(400, [`The URL '${url}' is not a valid http(s) URL.`]);
  if (body.events !== undefined && !isStringArray(body.events)) return errorCollection(400, ['"events" must be a list of event names.']);
  const jql = filterOf(body, dc10);
  if (jql !== undefined && !sim.search.matcher(jql, { kind: 'user', user })) {
    return errorCollection(400, [`The JQL filter '${jql}' is not valid.`]);
  }
  const registration = sim.webhooks.register({
    url,
    name,
    ...(jql !== undefined ? { jql } : {}),
    ...(body.events !== undefined ? { events: issueEventsOf(body.events) } : {}),
  });
  return json(201, describe(sim, registration, dc10, name, user));
}

function list(req: ApiRequest, sim: SimInstance, dc10: boolean): SimResponse {
  if (req.caller.kind !== 'user' || !isAdmin(req.caller.user)) return forbidden(sim);
  const user = req.caller.user;
  return json(200, sim.webhooks.list().map((registration) => describe(sim, registration, dc10, registration.name ?? 'Webhook', user)));
}

function remove(req: ApiRequest, sim: SimInstance, id: string): SimResponse {
  if (req.caller.kind !== 'user' || !isAdmin(req.caller.user)) return forbidden(sim);
  return sim.webhooks.remove(id) ? text(204, '', 'text/plain') : errorCollection(404, [`No webhook with id ${id}.`]);
}

/** The route for a webhook registration path, or null when the path is not one (or not in this mode). */
export function webhookRouteFor(sim: SimInstance, method: string, path: string): WebhookRoute | SimResponse | null {
  const trimmed = path.replace(/\/+$/, '');
  const dc10 = sim.mode === 'datacenter' && dataCenterMajor(sim) >= 10;
  const base = dc10 ? DC_10_WEBHOOKS_PATH : LEGACY_WEBHOOKS_PATH;
  if (trimmed !== base && !trimmed.startsWith(`${base}/`)) return null;
  const id = trimmed.length > base.length ? trimmed.slice(base.length + 1) : null;
  if (id === null && method === 'POST') return { anonymous: false, handle: (req) => create(req, sim, dc10) };
  if (id === null && method === 'GET') return { anonymous: false, handle: (req) => list(req, sim, dc10) };
  if (id !== null && !id.includes('/') && method === 'DELETE') return { anonymous: false, handle: (req) => remove(req, sim, id) };
  return text(405, '', 'text/plain;charset=UTF-8');
}
