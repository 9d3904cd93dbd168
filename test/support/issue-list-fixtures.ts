/**
 * Helpers for the issue list tests: a link row and a query's mirror rows written straight into the
 * database (the shape the sync leaves behind), and a walk through every page of the list.
 */
import type { Insertable } from 'kysely';
import { expect } from 'vitest';
import type { AppTestContext } from './app-harness';
import type { JiraIssuesTable, JiraQueryIssuesTable } from '../../src/server/db/schema';
import type { LinkIssueView } from '../../src/server/services/sync/link-issues-service';
import { expectOk, type JiraWorld } from './link-fixtures';
import type { LinkIssuePage } from '../../src/contract/links';

/** An issue as the API answers it: the presenter's own type, so a drifting shape fails to compile. */
export type IssueDto = LinkIssueView;

export type PageDto = LinkIssuePage;

export interface SeedIssue {
  id: number;
  key: string;
  summary: string;
  status?: string;
  statusCategory?: string;
  resolution?: string | null;
  storyPoints?: number | null;
  numericFields?: Record<string, number | null>;
}

export const sortKeyOf = (id: number): string => String(id).padStart(20, '0');

const BATCH = 200;

function issueRow(connectionId: string, issue: SeedIssue, now: string): Insertable<JiraIssuesTable> {
  return {
    connection_id: connectionId,
    issue_id: String(issue.id),
    issue_key: issue.key,
    sort_key: sortKeyOf(issue.id),
    summary: issue.summary,
    status: issue.status ?? 'To Do',
    status_category: issue.statusCategory ?? 'new',
    assignee: issue.id % 3 === 0 ? null : `Person ${issue.id % 5}`,
    resolution: issue.resolution ?? null,
    created_at: now,
    resolution_date: issue.resolution ? now : null,
    status_category_changed_at: null,
    updated_at: now,
    story_points: issue.storyPoints ?? null,
    numeric_fields: JSON.stringify(issue.numericFields ?? {}),
    content_hash: `seed-${issue.id}`,
    mirrored_at: now,
  };
}

function memberRow(hash: string, connectionId: string, issue: SeedIssue, generation: number): Insertable<JiraQueryIssuesTable> {
  const category = issue.statusCategory ?? 'new';
  return {
    query_hash: hash,
    connection_id: connectionId,
    issue_id: String(issue.id),
    joined_generation: generation,
    left_generation: null,
    status: issue.status ?? 'To Do',
    status_category: category,
    has_resolution: issue.resolution ? 1 : 0,
    category_done_generation: category === 'done' ? generation : null,
    resolved_generation: issue.resolution ? generation : null,
    status_generation: generation,
  };
}

/** A query of `issues` as a sync would have stored it: the query row, the mirror rows and the members. */
export async function seedQuery(ctx: AppTestContext, connectionId: string, hash: string, issues: readonly SeedIssue[]): Promise<void> {
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('jira_queries')
    .values({ hash, connection_id: connectionId, jql: `seeded ${hash}`, generation: 1, issue_count: issues.length, digest: null, synced_at: now, created_at: now })
    .execute();
  await addMembers(ctx, connectionId, hash, issues, 1);
}

/** New issues joining the query at `generation` (mirror rows included). */
export async function addMembers(ctx: AppTestContext, connectionId: string, hash: string, issues: readonly SeedIssue[], generation: number): Promise<void> {
  const now = new Date().toISOString();
  for (let start = 0; start < issues.length; start += BATCH) {
    const batch = issues.slice(start, start + BATCH);
    await ctx.db.insertInto('jira_issues').values(batch.map((issue) => issueRow(connectionId, issue, now))).execute();
    await ctx.db.insertInto('jira_query_issues').values(batch.map((issue) => memberRow(hash, connectionId, issue, generation))).execute();
  }
  if (generation > 1) {
    await ctx.db.updateTable('jira_queries').set((eb) => ({ issue_count: eb('issue_count', '+', issues.length), generation })).where('hash', '=', hash).execute();
  }
}

/** A link of the objective to the seeded query, synced at generation 1; never due while the test runs. */
export async function insertSyncedLink(
  ctx: AppTestContext,
  world: JiraWorld,
  target: { objectiveId: string } | { keyResultId: string },
  hash: string | null,
  definition: { metric?: 'percent_done' | 'done_count' | 'points_done' | 'field_sum'; options?: Record<string, unknown> } = {},
): Promise<void> {
  const now = new Date().toISOString();
  await ctx.db
    .insertInto('integration_links')
    .values({
      id: crypto.randomUUID(),
      objective_id: 'objectiveId' in target ? target.objectiveId : null,
      key_result_id: 'keyResultId' in target ? target.keyResultId : null,
      type: 'jira',
      connection_id: world.connectionId,
      jql: 'project = SEED',
      metric: definition.metric ?? 'percent_done',
      options: JSON.stringify(definition.options ?? {}),
      query_hash: hash ?? 'never-synced',
      total: null,
      done: null,
      progress: null,
      measured: null,
      last_synced_at: hash === null ? null : now,
      last_attempt_at: hash === null ? null : now,
      last_error_code: null,
      last_error_message: null,
      next_due_at: '2999-01-01T00:00:00.000Z',
      sync_state: 'idle',
      lease_owner: null,
      lease_expires_at: null,
      created_at: now,
      updated_at: now,
      synced_query_hash: hash,
      synced_generation: hash === null ? null : 1,
    })
    .execute();
}

export async function getPage(ctx: AppTestContext, world: JiraWorld, path: string, params: Record<string, string> = {}): Promise<PageDto> {
  const query = new URLSearchParams(params).toString();
  const response = await ctx.request('GET', `${path}/integration/issues${query ? `?${query}` : ''}`, { as: world.member });
  expectOk(response);
  return response.json<PageDto>();
}

/** Every page from the first; `between(pageNumber)` runs after each page but the last (issues move, join, leave). */
export async function walkPages(
  ctx: AppTestContext,
  world: JiraWorld,
  path: string,
  params: Record<string, string>,
  between: (pageNumber: number) => Promise<void> = async () => undefined,
): Promise<{ items: IssueDto[]; pages: PageDto[] }> {
  const pages: PageDto[] = [];
  let cursor: string | null = null;
  for (let pageNumber = 1; pageNumber < 10_000; pageNumber += 1) {
    const page = await getPage(ctx, world, path, cursor === null ? params : { ...params, cursor });
    pages.push(page);
    cursor = page.nextCursor;
    if (cursor === null) break;
    expect(page.items.length).toBe(Number(params.limit ?? 100));
    await between(pageNumber);
  }
  return { items: pages.flatMap((page) => page.items), pages };
}
