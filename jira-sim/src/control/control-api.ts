/**
 * The simulator's control API under `/_sim/` (only when enabled): faults, settings, scenario
 * loading, issue writes, the request log and counters, webhooks, token expiry and reset.
 */
import type { z } from 'zod';
import type { SimDataset, SimIssue, SimUser } from '../model';
import type { FaultController } from '../faults/faults';
import type { InstanceSettings } from '../http/context';
import { errorCollection, json, type SimResponse } from '../http/responses';
import type { RequestLog } from '../request-log';
import { datasetFromJson } from '../scenario-registry';
import type { IssueInput, IssuePatch } from '../store/changes';
import { SimStoreError, type SimStore } from '../store/store';
import type { Webhooks } from '../webhooks/webhooks';
import { ScenarioError } from '../scenarios/index';
import {
  faultConfigSchema,
  issueCreateSchema,
  issuePatchSchema,
  scenarioSchema,
  settingsSchema,
  transitionSchema,
  webhookSchema,
} from './schemas';

export interface ControlTarget {
  mode: 'cloud' | 'datacenter';
  store: SimStore;
  faults: FaultController;
  requestLog: RequestLog;
  webhooks: Webhooks;
  settings: InstanceSettings;
  updateSettings(partial: Partial<InstanceSettings>): void;
  loadScenario(scenario: string | SimDataset, options?: Record<string, unknown>): void;
  expireTokens(): void;
  reset(): void;
  findUser(reference: string): SimUser | undefined;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

function parse<S extends z.ZodType>(schema: S, body: string): Parsed<z.infer<S>> {
  let raw: unknown;
  try {
    raw = body.length > 0 ? JSON.parse(body) : {};
  } catch {
    return { ok: false, response: errorCollection(400, ['The control API expects a JSON body; this one does not parse.']) };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  return { ok: false, response: errorCollection(400, problems.map((p) => `Invalid control request: ${p}`)) };
}

export async function handleControl(sim: ControlTarget, method: string, path: string, query: URLSearchParams, body: string): Promise<SimResponse> {
  try {
    return await route(sim, method, path.replace(/\/+$/, ''), query, body);
  } catch (error) {
    if (error instanceof SimStoreError) return errorCollection(error.status, [error.message]);
    if (error instanceof ScenarioError) return errorCollection(400, error.problems.map((p) => `Invalid scenario: ${p}`));
    if (error instanceof Error) return errorCollection(400, [error.message]);
    throw error;
  }
}

async function route(sim: ControlTarget, method: string, path: string, query: URLSearchParams, body: string): Promise<SimResponse> {
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /_sim/health':
      return json(200, { ok: true, mode: sim.mode, issues: sim.store.size, version: sim.store.version });
    case 'GET /_sim/statuses':
      // The workflow's statuses by id, so a client (the CLI) can name an issue's status in words.
      return json(200, sim.store.dataset.statuses);
    case 'GET /_sim/faults':
      return json(200, sim.faults.current);
    case 'PUT /_sim/faults':
    case 'PATCH /_sim/faults': {
      const parsed = parse(faultConfigSchema, body);
      if (!parsed.ok) return parsed.response;
      if (method === 'PUT') sim.faults.set(parsed.value);
      else sim.faults.update(parsed.value);
      return json(200, sim.faults.current);
    }
    case 'DELETE /_sim/faults':
      sim.faults.clear();
      return json(200, sim.faults.current);
    case 'GET /_sim/settings':
      return json(200, sim.settings);
    case 'PUT /_sim/settings':
    case 'PATCH /_sim/settings': {
      const parsed = parse(settingsSchema, body);
      if (!parsed.ok) return parsed.response;
      sim.updateSettings(parsed.value);
      return json(200, sim.settings);
    }
    case 'POST /_sim/tokens/expire':
      sim.expireTokens();
      return json(200, { expired: true });
    case 'GET /_sim/requests':
      return json(200, sim.requestLog.entries({ includeControl: query.get('includeControl') === 'true' }));
    case 'DELETE /_sim/requests':
      sim.requestLog.clear();
      return json(200, { cleared: true });
    case 'GET /_sim/counters':
      return json(200, { ...sim.requestLog.counters(), maxConcurrentApi: sim.requestLog.maxConcurrent() });
    case 'POST /_sim/scenario': {
      const parsed = parse(scenarioSchema, body);
      if (!parsed.ok) return parsed.response;
      if ('name' in parsed.value) sim.loadScenario(parsed.value.name, parsed.value.options);
      else sim.loadScenario(datasetFromJson({ mode: sim.mode, ...parsed.value.dataset }));
      return json(200, { loaded: true, issues: sim.store.size });
    }
    case 'POST /_sim/reset':
      sim.reset();
      return json(200, { reset: true, issues: sim.store.size });
    case 'GET /_sim/webhooks':
      return json(200, sim.webhooks.list());
    case 'POST /_sim/webhooks': {
      const parsed = parse(webhookSchema, body);
      if (!parsed.ok) return parsed.response;
      return json(201, sim.webhooks.register(parsed.value));
    }
    case 'GET /_sim/webhooks/deliveries':
      await sim.webhooks.idle();
      return json(200, sim.webhooks.deliveries());
    case 'POST /_sim/issues': {
      const parsed = parse(issueCreateSchema, body);
      if (!parsed.ok) return parsed.response;
      const { actor, assignee, ...input } = parsed.value;
      const issue = sim.store.create(withAssignee(sim, input, assignee) as IssueInput, actorOf(sim, actor));
      return json(201, issue);
    }
    default:
      return issueRoutes(sim, method, path, query, body);
  }
}

function issueRoutes(sim: ControlTarget, method: string, path: string, query: URLSearchParams, body: string): SimResponse {
  const webhook = /^\/_sim\/webhooks\/([^/]+)$/.exec(path);
  if (webhook && method === 'DELETE') {
    return sim.webhooks.remove(webhook[1]!) ? json(200, { removed: true }) : errorCollection(404, [`No webhook with id ${webhook[1]}.`]);
  }
  const transition = /^\/_sim\/issues\/([^/]+)\/transition$/.exec(path);
  if (transition && method === 'POST') {
    const parsed = parse(transitionSchema, body);
    if (!parsed.ok) return parsed.response;
    const { actor, resolution, at } = parsed.value;
    const options = { user: actorOf(sim, actor), ...(resolution !== undefined ? { resolution } : {}), ...(at !== undefined ? { at } : {}) };
    return json(200, sim.store.transition(decodeURIComponent(transition[1]!), parsed.value.status, options));
  }
  const issue = /^\/_sim\/issues\/([^/]+)$/.exec(path);
  if (issue) {
    const ref = decodeURIComponent(issue[1]!);
    if (method === 'GET') {
      const found = sim.store.get(ref);
      return found ? json(200, found) : errorCollection(404, [`Issue ${ref} does not exist in the simulator.`]);
    }
    if (method === 'PATCH') {
      const parsed = parse(issuePatchSchema, body);
      if (!parsed.ok) return parsed.response;
      const { actor, assignee, at, ...patch } = parsed.value;
      return json(200, sim.store.update(ref, withAssignee(sim, patch, assignee) as IssuePatch, actorOf(sim, actor), at === undefined ? {} : { at }));
    }
    if (method === 'DELETE') return json(200, sim.store.delete(ref, actorOf(sim, query.get('actor') ?? undefined)));
  }
  return errorCollection(404, [`The simulator's control API has no ${method} ${path}. See jira-sim/README.md for its routes.`]);
}

/** `assignee` may name a user by accountId, username or email; it becomes assigneeAccountId. */
function withAssignee<T extends Partial<SimIssue>>(sim: ControlTarget, fields: T, assignee: string | null | undefined): T {
  if (assignee === undefined) return fields;
  if (assignee === null) return { ...fields, assigneeAccountId: null };
  const user = sim.findUser(assignee);
  if (!user) throw new SimStoreError(`User '${assignee}' does not exist in the simulator dataset.`, 400);
  return { ...fields, assigneeAccountId: user.accountId };
}

function actorOf(sim: ControlTarget, reference: string | undefined): SimUser | null {
  if (reference === undefined) return null;
  const user = sim.findUser(reference);
  if (!user) throw new SimStoreError(`User '${reference}' does not exist in the simulator dataset.`, 400);
  return user;
}
