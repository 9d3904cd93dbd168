/**
 * A link's matching issues, one page at a time, read from the Jira issue mirror: the members of the
 * query the link last synced, in Jira issue id order, with "done" by the link's own rule on what the
 * query saw at that sync. The cursor is opaque to callers (base64url of the last row's sort key).
 */
import { findLinkOf, type LinkRecord, type LinkTarget } from '../../db/repositories/integration-links-repository';
import { findKeyResult } from '../../db/repositories/key-results-repository';
import { findObjective } from '../../db/repositories/objectives-repository';
import {
  countQueryIssues,
  findLinkIssueSource,
  listMemberStatuses,
  listQueryIssuesPage,
  type NotDoneFilter,
  type QueryIssueFilters,
  type QueryIssueRecord,
} from '../../db/repositories/query-issues-repository';
import { NotFoundError, ValidationError } from '../../errors';
import { doneBySnapshot, type DoneRule } from './link-options';
import type { SyncDeps } from './sync-engine';

export const ISSUE_PAGE_DEFAULT = 100;
// The page bounds are part of the API contract (GET …/integration/issues checks them).
import { ISSUE_PAGE_MAX, type LinkIssue, type LinkIssuePage } from '../../../contract/links';
export { ISSUE_PAGE_MAX };

// The contract's types: the issue list's presenter cannot drift from its schema.
export type LinkIssueView = LinkIssue;
export type { LinkIssuePage };

export interface LinkIssuePageRequest {
  limit: number;
  cursor: string | null;
  notDone: boolean;
  q: string;
}

// Sort keys are Jira issue ids zero-padded to 20 digits; anything else did not come from us.
const SORT_KEY = /^[0-9]{1,40}$/;

export function encodeIssueCursor(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

/** The sort key a cursor stands for; a cursor we did not hand out is a 400 naming it. */
export function decodeIssueCursor(cursor: string): string {
  const sortKey = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!SORT_KEY.test(sortKey)) {
    throw ValidationError.field('cursor', 'is not a cursor this list handed out; leave it out to start from the first page, or pass the nextCursor of the previous page');
  }
  return sortKey;
}

/** The rule as a filter the database can apply; a status-name rule becomes the exact names among the members that match it. */
async function notDoneFilter(deps: SyncDeps, queryHash: string, rule: DoneRule): Promise<NotDoneFilter> {
  if (rule.type !== 'statuses') return { type: rule.type };
  // Lower-casing in JavaScript, not SQL: SQLite's lower() leaves non-ASCII letters alone.
  const statuses = await listMemberStatuses(deps.db, queryHash);
  const doneStatuses = statuses.filter((status) => doneBySnapshot(rule, { status, statusCategory: '', hasResolution: false }));
  return { type: 'statuses', doneStatuses };
}

function numericValue(numericFields: string, field: string): number | null {
  try {
    const parsed: unknown = JSON.parse(numericFields);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const value: unknown = (parsed as Record<string, unknown>)[field];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

export function presentQueryIssue(issue: QueryIssueRecord, link: Pick<LinkRecord, 'metric' | 'options'>, connectionUrl: string): LinkIssueView {
  const field = link.metric === 'field_sum' ? link.options.field : null;
  return {
    key: issue.key,
    summary: issue.summary,
    status: issue.status,
    statusCategory: issue.statusCategory,
    assignee: issue.assignee,
    done: doneBySnapshot(link.options.doneRule, issue),
    points: link.metric === 'points_done' ? issue.storyPoints : null,
    value: field === null ? null : numericValue(issue.numericFields, field),
    resolvedAt: issue.resolutionDate,
    url: `${connectionUrl}/browse/${encodeURIComponent(issue.key)}`,
  };
}

async function requireLinkOf(deps: SyncDeps, target: LinkTarget): Promise<LinkRecord> {
  const label = target.objectiveId !== undefined ? `Objective ${target.objectiveId}` : `Key result ${target.keyResultId}`;
  const exists = target.objectiveId !== undefined ? await findObjective(deps.db, target.objectiveId) : await findKeyResult(deps.db, target.keyResultId);
  if (!exists) throw new NotFoundError(label);
  const link = await findLinkOf(deps.db, target);
  if (!link) throw new NotFoundError(`The Jira link of ${label.toLowerCase()}`);
  return link;
}

/** One page of the issues the item's link matched at its last sync. */
export async function listLinkIssuePage(deps: SyncDeps, target: LinkTarget, request: LinkIssuePageRequest): Promise<LinkIssuePage> {
  const afterSortKey = request.cursor === null ? null : decodeIssueCursor(request.cursor);
  const link = await requireLinkOf(deps, target);
  const source = await findLinkIssueSource(deps.db, link.id);
  // Never synced, or its connection is gone (the mirror went with it): nothing to list.
  if (!source) return { items: [], nextCursor: null, total: 0 };
  const { queryHash, connectionUrl } = source;
  const filters: QueryIssueFilters = { q: request.q };
  if (request.notDone) filters.notDone = await notDoneFilter(deps, queryHash, link.options.doneRule);
  // One row more than asked tells whether another page follows without a second count.
  const rows = await listQueryIssuesPage(deps.db, queryHash, { afterSortKey, limit: request.limit + 1 }, filters);
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  return {
    items: page.map((issue) => presentQueryIssue(issue, link, connectionUrl)),
    nextCursor: rows.length > request.limit && last ? encodeIssueCursor(last.sortKey) : null,
    total: await countQueryIssues(deps.db, queryHash, filters),
  };
}
