/**
 * Sync stage 2, fetch: a query's pages streamed from Jira (src/integrations/jira), each page's
 * issues written into the connection's mirror as it arrives (only the changed rows; a few pages to a
 * transaction, mirror-writer.ts), while the
 * query's member ids with the fields that decide "done" and each link view's running totals are
 * kept. Nothing holds the query's issues themselves. A walk whose results shift between pages (an
 * issue seen twice, Data Center's total changing) may have missed an issue, so it is walked again,
 * at most MAX_WALKS times in all (on Cloud from a snapshot: the ids first, then the issues by id;
 * on Data Center with other page sizes); then the links keep their last good values with a
 * bad_response.
 */
import { addToMetricTotals, emptyMetricTotals, type MetricTotals } from '../../../core';
import type { JiraClient, JiraDeployment, JiraIssue } from '../../../integrations/jira/index';
import { PageTokenRefusedError } from '../../../integrations/jira/paging';
import type { MirrorWriter } from './mirror-writer';
import { countJiraRequests, currentRequestCount, type JiraClientSource } from './jira-clients';
import { doneFactsOf, metricIssueOf, SYNC_PAGE_SIZE, syncFieldsFor, toMirrorIssue, viewKeyOf, type DoneFacts, type FieldNeeds, type LinkViewSpec } from './matching-issues';
import { resultsKeptShiftingError, toSyncError, type SyncError } from './sync-errors';
import type { LinkQuery } from './sync-plan';

/** Walks of a query before its shifting results are given up on (the first and two more). */
export const MAX_WALKS = 3;

/** What one clean walk of a query left: its members (id → done facts) and each view's totals. */
export interface QueryFetch {
  query: LinkQuery;
  members: Map<string, DoneFacts>;
  /** Running totals per link view (viewKeyOf). */
  totals: Map<string, MetricTotals>;
  /** Walks made (1 unless results shifted). */
  walks: number;
}

export type FetchOutcome = { ok: true; fetched: QueryFetch; requests: number } | { ok: false; error: SyncError; requests: number };

/** Page size of a walk: Data Center walks again with other page sizes, moving the page boundaries where skips happen. */
function pageSizeOf(deployment: JiraDeployment, walk: number): number {
  const base = SYNC_PAGE_SIZE[deployment];
  if (walk === 1 || deployment === 'cloud') return base;
  return Math.min(5000, Math.ceil(base / (walk * 2 - 1)) + walk);
}

interface WalkPlan {
  writer: MirrorWriter;
  client: JiraClient;
  query: LinkQuery;
  fields: string[];
  pageSize: number;
  /** Cloud walks after the first read a snapshot (ids, then issues by id), whose pages cannot shift. */
  snapshot: boolean;
  storyPointsFieldId: string | null | undefined;
  numericFields: readonly string[];
  views: ReadonlyMap<string, LinkViewSpec>;
  now: string;
}

/** One walk over the query's pages; null when its results shifted. */
async function walkOnce(plan: WalkPlan): Promise<Pick<QueryFetch, 'members' | 'totals'> | null> {
  const members = new Map<string, DoneFacts>();
  const totals = new Map([...plan.views.keys()].map((key) => [key, emptyMetricTotals()]));
  const jiraTotals = new Set<number>();
  // This walk's pages in the writer: its failures are this walk's.
  const owner = {};
  const options = { jql: plan.query.jql, fields: plan.fields, pageSize: plan.pageSize };
  // Each issue becomes its mirror row as its page is read: Jira's raw page is never held while pages are written.
  const select = (issue: JiraIssue) => toMirrorIssue(issue, plan.storyPointsFieldId, plan.numericFields);
  for await (const page of plan.snapshot ? plan.client.snapshotSearch(options, select) : plan.client.search(options, select)) {
    if (page.total !== undefined) jiraTotals.add(page.total);
    // Shifted: stop here (leaving the loop ends the page walk) rather than read pages that may be wrong.
    if (page.repeated > 0 || jiraTotals.size > 1) return null;
    const issues = page.issues;
    await plan.writer.write(owner, plan.query.connectionId, issues, plan.now);
    for (const issue of issues) {
      members.set(issue.issueId, doneFactsOf(issue));
      for (const [key, view] of plan.views) addToMetricTotals(totals.get(key) ?? emptyMetricTotals(), metricIssueOf(issue, view));
    }
  }
  // Data Center: a walk that did not reach Jira's total saw results move under it.
  if (jiraTotals.size === 1 && !jiraTotals.has(members.size)) return null;
  // Every page of a clean walk is in the mirror before its membership is committed.
  await plan.writer.settle(owner);
  return { members, totals };
}

async function fetchWith(writer: MirrorWriter, client: JiraClient, query: LinkQuery, views: readonly LinkViewSpec[], needs: FieldNeeds, now: string): Promise<QueryFetch> {
  const deployment = await client.deploymentType();
  // undefined: no link here sums points, so the mirror's stored points stay as they are.
  const storyPointsFieldId = needs.storyPoints ? ((await client.findStoryPointsField())?.id ?? null) : undefined;
  const numericFields = [...new Set(needs.numericFields)];
  const fields = [...syncFieldsFor(deployment), ...(storyPointsFieldId ? [storyPointsFieldId] : []), ...numericFields];
  const viewsByKey = new Map(views.map((view) => [viewKeyOf(view), view]));
  for (let walk = 1; walk <= MAX_WALKS; walk += 1) {
    const plan: WalkPlan = { writer, client, query, fields, pageSize: pageSizeOf(deployment, walk), snapshot: walk > 1, storyPointsFieldId, numericFields, views: viewsByKey, now };
    let walked: Pick<QueryFetch, 'members' | 'totals'> | null;
    try {
      walked = await walkOnce(plan);
    } catch (error) {
      // Jira forgot its page token mid-walk: the query itself is fine, so walk again.
      if (error instanceof PageTokenRefusedError && walk < MAX_WALKS) continue;
      throw error;
    }
    if (walked) return { query, ...walked, walks: walk };
  }
  throw resultsKeptShiftingError(MAX_WALKS);
}

/**
 * Fetches one query into the mirror, counting its Jira requests; never throws for Jira's or the
 * connection's failures (they come back as a SyncError).
 */
export async function fetchQuery(
  writer: MirrorWriter,
  clients: JiraClientSource,
  query: LinkQuery,
  views: readonly LinkViewSpec[],
  needs: FieldNeeds,
  now: () => Date,
): Promise<FetchOutcome> {
  let requestsSoFar = 0;
  try {
    const { result, requests } = await countJiraRequests(async () => {
      try {
        const { client } = await clients.clientFor(query.connectionId);
        return await fetchWith(writer, client, query, views, needs, now().toISOString());
      } finally {
        requestsSoFar = currentRequestCount();
      }
    });
    return { ok: true, fetched: result, requests };
  } catch (error) {
    return { ok: false, error: toSyncError(error), requests: requestsSoFar };
  }
}
