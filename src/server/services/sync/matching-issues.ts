/**
 * Fetching a query's matching issues from Jira (only the fields Pacer uses) and turning them into
 * what one link stores: done or not by the link's rule, story points, and its numeric field.
 */
import type { MetricIssue } from '../../../core';
import { JiraError, readNumber, type JiraClient, type JiraIssue } from '../../../integrations/jira/index';
import { issueSetDigest, type LinkIssueRecord } from '../../db/repositories/sync-runs-repository';
import type { DoneRule } from './link-options';

/** An issue as fetched once for every link sharing the query. */
export interface FetchedIssue {
  id: string;
  key: string;
  summary: string;
  status: string;
  statusCategory: string;
  assignee: string | null;
  hasResolution: boolean;
  resolvedAt: string | null;
  storyPoints: number | null;
  /** Numeric fields asked for, by field id. */
  numbers: ReadonlyMap<string, number | null>;
  url: string;
}

export interface FieldNeeds {
  storyPoints: boolean;
  /** Field ids of numeric fields (field_sum links). */
  numericFields: readonly string[];
}

export interface FetchResult {
  issues: FetchedIssue[];
  /** The site's story points field, when it was needed and found. */
  storyPointsFieldId: string | null;
}

/** The fields every sync asks Jira for (plus story points and numeric fields when links need them). */
export const SYNC_FIELDS = ['summary', 'status', 'assignee', 'resolution', 'resolutiondate'];

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Jira text as Pacer can store it: PostgreSQL text cannot hold NUL and UTF-8 cannot encode half an
 * emoji, so one odd summary in Jira must not fail the whole link's commit.
 */
export function storableText(value: string): string {
  return value.replaceAll(String.fromCharCode(0), '').replace(LONE_SURROGATE, '\uFFFD');
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? storableText(value) : null;
}

function normalise(issue: JiraIssue, baseUrl: string, storyPointsFieldId: string | null, numericFields: readonly string[]): FetchedIssue {
  const fields = issue.fields;
  const status = record(fields.status);
  const category = record(status?.statusCategory);
  const assignee = record(fields.assignee);
  const key = issue.key ?? issue.id;
  return {
    id: issue.id,
    key,
    summary: text(fields.summary) ?? '',
    status: text(status?.name) ?? '',
    statusCategory: text(category?.key) ?? '',
    assignee: text(assignee?.displayName) ?? null,
    hasResolution: fields.resolution !== null && fields.resolution !== undefined,
    resolvedAt: text(fields.resolutiondate),
    storyPoints: storyPointsFieldId === null ? null : readNumber(fields, storyPointsFieldId),
    numbers: new Map(numericFields.map((id) => [id, readNumber(fields, id)])),
    url: `${baseUrl}/browse/${encodeURIComponent(key)}`,
  };
}

/**
 * Issues per search page a sync asks for: the most each deployment will serve, so a query costs as
 * few requests as it can. Cloud answers fewer than asked when fields are requested (100 on most
 * sites) and pages on by token; Data Center silently lowers maxResults to its own limit
 * (1,000 unless an admin changed it), and the walker advances by what actually came back.
 */
export const SYNC_PAGE_SIZE = { cloud: 5000, datacenter: 1000 } as const;

/** Every issue matching `jql`, with the fields the links sharing it need. */
export async function fetchMatchingIssues(client: JiraClient, jql: string, needs: FieldNeeds): Promise<FetchResult> {
  const storyPointsFieldId = needs.storyPoints ? ((await client.findStoryPointsField())?.id ?? null) : null;
  const numericFields = [...new Set(needs.numericFields)];
  const fields = [...SYNC_FIELDS, ...(storyPointsFieldId ? [storyPointsFieldId] : []), ...numericFields];
  const pageSize = SYNC_PAGE_SIZE[await client.deploymentType()];
  const collected = await client.collectSearch({ jql, fields, pageSize });
  // Results that kept shifting between pages may count an issue twice or miss one: keep the last
  // good values rather than show a number that could be wrong.
  if (!collected.consistent) {
    throw new JiraError(
      'bad_response',
      `Jira's results for this query kept changing while Pacer read them page by page (${collected.passes} attempts), so they could not be counted reliably. The last good values are kept; Pacer tries again at the next sync.`,
    );
  }
  return { issues: collected.issues.map((issue) => normalise(issue, client.baseUrl, storyPointsFieldId, numericFields)), storyPointsFieldId };
}

export function isDone(issue: FetchedIssue, rule: DoneRule): boolean {
  switch (rule.type) {
    case 'status_category':
      return issue.statusCategory === 'done';
    case 'resolution':
      return issue.hasResolution;
    case 'statuses': {
      const status = issue.status.trim().toLowerCase();
      return rule.statuses.some((name) => name.trim().toLowerCase() === status);
    }
  }
}

/** One link's view of the fetched issues: what it stores and what its metric counts. */
export function issuesForLink(
  fetched: readonly FetchedIssue[],
  link: { doneRule: DoneRule; usesPoints: boolean; field: string | null },
): { stored: LinkIssueRecord[]; measured: MetricIssue[] } {
  const stored = fetched.map(
    (issue): LinkIssueRecord => ({
      key: issue.key,
      id: issue.id,
      summary: issue.summary,
      status: issue.status,
      statusCategory: issue.statusCategory,
      assignee: issue.assignee,
      done: isDone(issue, link.doneRule),
      points: link.usesPoints ? issue.storyPoints : null,
      value: link.field === null ? null : (issue.numbers.get(link.field) ?? null),
      resolvedAt: issue.resolvedAt,
      url: issue.url,
    }),
  );
  const measured = stored.map((issue): MetricIssue => ({ key: issue.key, done: issue.done, points: issue.points, value: issue.value }));
  return { stored, measured };
}

export interface LinkView {
  stored: LinkIssueRecord[];
  measured: MetricIssue[];
  /** issueSetDigest(stored). */
  digest: string;
}

const viewsOfFetch = new WeakMap<readonly FetchedIssue[], Map<string, LinkView>>();

/**
 * issuesForLink with the stored set's digest, worked out once per fetched result for every link
 * that sees it the same way (same done rule, points, field): the links sharing a query usually do.
 * The answer is shared between those links, so callers must not change it.
 */
export function linkViewOf(fetched: readonly FetchedIssue[], link: { doneRule: DoneRule; usesPoints: boolean; field: string | null }): LinkView {
  let views = viewsOfFetch.get(fetched);
  if (!views) {
    views = new Map();
    viewsOfFetch.set(fetched, views);
  }
  const key = JSON.stringify([link.doneRule, link.usesPoints, link.field]);
  let view = views.get(key);
  if (!view) {
    const { stored, measured } = issuesForLink(fetched, link);
    view = { stored, measured, digest: issueSetDigest(stored) };
    views.set(key, view);
  }
  return view;
}
