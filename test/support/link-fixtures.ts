/**
 * Helpers for the Jira link tests: a signed-in world with Jira enabled, one connection to the
 * simulator and a cycle around today; the demo epics' JQL per deployment; and the response shapes.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { JiraSim } from '../../jira-sim/src/index';
import type { Actor, AppTestContext } from './app-harness';
import type { SyncDeps } from '../../src/server/services/sync/sync-engine';
import { dayFromToday } from './okr-fixtures';
import { demoCredentials, type SimMode } from './jira-connection-fixtures';
import type { KeyResult } from '../../src/contract/key-results';
import type { IntegrationLink, IntegrationSummary, SyncRun } from '../../src/contract/links';
import type { Objective } from '../../src/contract/objectives';

export const CAMPAIGN_EPIC = 'AE-786';
export const BUG_EPIC = 'AE-900';

/** The epic's issues the way each deployment links them: `parent` on Cloud, "Epic Link" on Data Center. */
export function epicJql(mode: SimMode, epicKey: string): string {
  return mode === 'cloud' ? `parent = ${epicKey}` : `"Epic Link" = ${epicKey}`;
}

// The API's own shapes (src/contract), so a test cannot read a field the server does not send.
export type RunDto = SyncRun;
export type IntegrationDto = IntegrationSummary;
export type LinkDto = IntegrationLink;
/** An objective or a key result, as far as the link tests read them. */
export type ItemDto = Pick<Objective, 'id' | 'progress' | 'status' | 'integration'> &
  Partial<Pick<Objective, 'progressMode' | 'keyResults'>> &
  Partial<Pick<KeyResult, 'currentValue'>>;

export function expectOk(response: LightMyRequestResponse, status = 200): void {
  if (response.statusCode !== status) throw new Error(`expected HTTP ${status}, got ${response.statusCode}: ${response.body}`);
}

export interface JiraWorld {
  admin: Actor;
  member: Actor;
  connectionId: string;
  cycleId: string;
}

/** Jira enabled, a connection "Demo Jira" to the simulator, and a cycle from 30 days ago to 60 days ahead. */
export async function setUpJiraWorld(ctx: AppTestContext, sim: JiraSim, mode: SimMode, name = 'Demo Jira'): Promise<JiraWorld> {
  const admin = await ctx.setupAdmin();
  const member = await ctx.createMember({ name: 'Dana Member' });
  expectOk(await ctx.request('PUT', '/api/v1/integrations/jira', { as: admin, body: { enabled: true } }));
  const credentials = demoCredentials(mode);
  const connection = await ctx.request('POST', '/api/v1/integrations/jira/connections', {
    as: admin,
    body: { name, url: sim.url, username: credentials.username, secret: credentials.secret },
  });
  expectOk(connection, 201);
  const cycle = await ctx.request('POST', '/api/v1/cycles', {
    as: admin,
    body: { name: `Cycle ${name}`, startDate: dayFromToday(-30), endDate: dayFromToday(60) },
  });
  expectOk(cycle, 201);
  return { admin, member, connectionId: connection.json<{ id: string }>().id, cycleId: cycle.json<{ id: string }>().id };
}

export async function createObjective(ctx: AppTestContext, world: JiraWorld, title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await ctx.request('POST', '/api/v1/objectives', { as: world.member, body: { cycleId: world.cycleId, title, ...extra } });
  expectOk(response, 201);
  return response.json<{ id: string }>().id;
}

export async function createKeyResult(ctx: AppTestContext, world: JiraWorld, objectiveId: string, body: Record<string, unknown>): Promise<string> {
  const response = await ctx.request('POST', `/api/v1/objectives/${objectiveId}/key-results`, { as: world.member, body });
  expectOk(response, 201);
  return response.json<{ id: string }>().id;
}

/** PUT …/integration; answers the raw response so tests can check refusals too. */
export function putLink(ctx: AppTestContext, world: JiraWorld, path: string, body: Record<string, unknown>, as: Actor = world.member) {
  return ctx.request('PUT', `${path}/integration`, { as, body: { type: 'jira', connectionId: world.connectionId, ...body } });
}

export async function linkItem(ctx: AppTestContext, world: JiraWorld, path: string, body: Record<string, unknown>): Promise<LinkDto> {
  const response = await putLink(ctx, world, path, body);
  if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`linking failed: ${response.statusCode} ${response.body}`);
  return response.json<LinkDto>();
}

export async function getItem(ctx: AppTestContext, world: JiraWorld, path: string): Promise<ItemDto> {
  const response = await ctx.request('GET', path, { as: world.member });
  expectOk(response);
  return response.json<ItemDto>();
}

export async function refresh(ctx: AppTestContext, world: JiraWorld, path: string): Promise<{ link: LinkDto; run: RunDto | null }> {
  const response = await ctx.request('POST', `${path}/integration/refresh`, { as: world.member });
  expectOk(response);
  return response.json<{ link: LinkDto; run: RunDto | null }>();
}

export async function runsOf(ctx: AppTestContext, world: JiraWorld, path: string): Promise<RunDto[]> {
  const response = await ctx.request('GET', `${path}/integration/runs`, { as: world.member });
  expectOk(response);
  return response.json<RunDto[]>();
}

/** A new story in the epic, linked the way the deployment links stories to epics. */
export function addStoryToEpic(sim: JiraSim, epicKey: string, summary: string, extra: Record<string, unknown> = {}): string {
  const link = sim.mode === 'cloud' ? { parentKey: epicKey } : { epicLinkKey: epicKey };
  return sim.store.create({ projectKey: 'AE', summary, issueType: 'Story', ...link, ...extra }).key;
}

export function addBugToEpic(sim: JiraSim, epicKey: string, summary: string): string {
  const link = sim.mode === 'cloud' ? { parentKey: epicKey } : { epicLinkKey: epicKey };
  return sim.store.create({ projectKey: 'AE', summary, issueType: 'Bug', ...link }).key;
}

/** Service-level access for tests that drive rounds directly (no HTTP): the app's own database and key. */
export function syncDepsOf(ctx: AppTestContext, extra: Partial<SyncDeps> = {}): SyncDeps {
  return { db: ctx.db, secretKey: ctx.secretKey, clientOptions: { retry: { maxAttempts: 2, baseDelayMs: 5, maxTotalMs: 2_000 } }, ...extra };
}

/** Whole percent, as the web shows it. */
export function percent(progress: number | null | undefined): number | null {
  return progress === null || progress === undefined ? null : Math.round(progress * 100);
}
