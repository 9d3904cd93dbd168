/**
 * Preview of a link before saving: what Jira matches, how many are done, the progress and status
 * that would result, the first issues, and hints for common pitfalls. Nothing is stored. A query
 * Jira rejects is an answer here (`valid: false` with Jira's messages), not an error.
 *
 * A preview costs a fixed number of Jira requests whatever the query matches: Jira counts the
 * issues (and, for the count metrics, the done ones, the link's rule written as JQL) and one page
 * of 20 is read to show. Metrics that sum points or a field read every page but keep only running
 * sums and the first 20 issues. A query above the admin's cap is refused before any page is read.
 */
import { addToMetricTotals, computeMetricFromTotals, emptyMetricTotals, expectedProgress, isValidPeriod, progressStatus, type MetricName, type MetricTotals, type Period } from '../../../core';
import {
  doneIssuesJql,
  isJiraError,
  orderedByKeyUnlessOrdered,
  readNumber,
  unknownStatusNames,
  type JiraClient,
  type JiraIssue,
} from '../../../integrations/jira/index';
import { epicLinkUsage } from '../../../integrations/jira/jql-scope';
import { findCycle } from '../../db/repositories/cycles-repository';
import { findJiraConnection } from '../../db/repositories/jira-connections-repository';
import { findKeyResult } from '../../db/repositories/key-results-repository';
import { findTargetPeriods } from '../../db/repositories/link-targets-repository';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { getStatusThresholds } from '../settings-service';
import { ConnectionUnavailableError, createJiraClientSource, DISCONNECTED_CODE } from './jira-clients';
import { assertWithinLinkCap } from './link-cap';
import { buildOptions, resolveNumericField, type KeyResultScale, type LinkInput } from './link-input';
import { effectiveJql, type DoneRule, type LinkOptions } from './link-options';
import { asRequestError } from './links-service';
import { PREVIEW_FIELDS, previewIssueOf, type PreviewIssue } from './preview-parts';
import type { SyncDeps } from './sync-engine';
import type { PreviewResult } from '../../../contract/links';

export type { PreviewIssue } from './preview-parts';

export interface PreviewInput extends LinkInput {
  /** The item being linked, for its period (status, period scoping) and a key result's scale. */
  objectiveId?: string | undefined;
  keyResultId?: string | undefined;
  /** While creating an item: its cycle and own dates stand in for its period. */
  cycleId?: string | undefined;
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
}

// The contract's type: the preview's presenter cannot drift from its schema.
export type PreviewView = PreviewResult;

const PREVIEW_ISSUES = 20;
/** Issues per page when a preview must read them all (sums): the most each deployment serves. */
const STREAM_PAGE_SIZE = { cloud: 5000, datacenter: 1000 } as const;

async function periodFor(deps: SyncDeps, input: PreviewInput): Promise<Period | null> {
  const target = input.objectiveId ? { objectiveId: input.objectiveId } : input.keyResultId ? { keyResultId: input.keyResultId } : null;
  if (target) {
    const periods = await findTargetPeriods(deps.db, [target]);
    const period = periods.get(input.objectiveId ?? input.keyResultId ?? '');
    if (!period) throw new NotFoundError(input.objectiveId ? `Objective ${input.objectiveId}` : `Key result ${input.keyResultId}`);
    return period;
  }
  const cycle = input.cycleId ? await findCycle(deps.db, input.cycleId) : null;
  if (input.cycleId && !cycle) throw ValidationError.field('cycleId', `no cycle has the id "${input.cycleId}"`);
  const startDate = input.startDate ?? cycle?.startDate;
  const endDate = input.endDate ?? cycle?.endDate;
  if (!startDate || !endDate) return null;
  const period = { startDate, endDate };
  return isValidPeriod(period) ? period : null;
}

interface Measured {
  totals: MetricTotals;
  shown: PreviewIssue[];
  /** points_done: the site's story points field (null when it has none); undefined for other metrics. */
  storyPointsFieldId?: string | null;
  /** points_done: whether any matching issue has story points. */
  anyPoints?: boolean;
}

function hintsFor(
  input: { jql: string; metric: MetricName; periodScoped: boolean },
  deployment: 'cloud' | 'datacenter',
  measured: Measured | null,
  hasPeriod: boolean,
): string[] {
  const hints: string[] = [];
  const epicLink = epicLinkUsage(input.jql);
  if (epicLink && deployment === 'cloud') {
    const example = epicLink.key ? `parent = ${epicLink.key}` : 'parent = <epic key>';
    hints.push(`Jira Cloud replaced the "Epic Link" field with "parent": try \`${example}\` to match the epic's issues.`);
  }
  if (deployment === 'datacenter' && /\bparent\s*(=|in\b)/i.test(input.jql) && measured?.totals.total === 0) {
    hints.push('On Jira Data Center an epic\'s issues are found with "Epic Link", not parent (which only finds sub-tasks): try `"Epic Link" = <epic key>`.');
  }
  if (input.periodScoped && !hasPeriod) {
    hints.push('"Only issues resolved within the period" needs the objective\'s dates: choose its cycle first.');
  }
  if (!measured) return hints;
  if (measured.totals.total === 0) {
    hints.push('No issues match this query, so progress would be unknown (not 0%). Check the project key, the epic key and the filters.');
  }
  if (input.metric === 'points_done' && measured.storyPointsFieldId === null) {
    hints.push('This Jira site has no story points field that Pacer can find, so every issue counts 0 points. Choose another metric.');
  } else if (input.metric === 'points_done' && measured.totals.total > 0 && measured.anyPoints === false) {
    hints.push('None of the matching issues has story points yet, so progress would be unknown. Estimate them in Jira or count issues instead.');
  }
  return hints;
}

/**
 * Jira's count of the query's done issues. A statuses rule may name a status this site does not
 * have; Jira rejects the whole query for it, so the count is asked again without the names Jira
 * says are unknown (an unknown status has no issues). At most two requests.
 */
async function countDone(client: JiraClient, jql: string, rule: DoneRule): Promise<number> {
  let current = rule;
  for (let attempt = 1; ; attempt += 1) {
    const doneJql = doneIssuesJql(jql, current);
    if (doneJql === null) return 0;
    try {
      return await client.approximateCount(doneJql);
    } catch (error) {
      if (attempt > 1 || current.type !== 'statuses' || !isJiraError(error) || error.code !== 'jql_invalid') throw error;
      const unknown = new Set(unknownStatusNames(error.jiraMessages).map((name) => name.trim().toLowerCase()));
      if (unknown.size === 0) throw error;
      const known = current.statuses.filter((name) => !unknown.has(name.trim().toLowerCase()));
      if (known.length === 0) return 0;
      current = { type: 'statuses', statuses: known };
    }
  }
}

/** The first issues in reading order: one search request for one page of 20. */
async function firstIssues(client: JiraClient, jql: string, rule: DoneRule): Promise<PreviewIssue[]> {
  for await (const page of client.search({ jql: orderedByKeyUnlessOrdered(jql), fields: PREVIEW_FIELDS, pageSize: PREVIEW_ISSUES })) {
    // Stop after the first page: the search generator is closed, no further page is asked for.
    return page.issues.slice(0, PREVIEW_ISSUES).map((issue) => previewIssueOf(issue, client.baseUrl, rule));
  }
  return [];
}

/** percent_done and done_count: two counts and one page, whatever the query matches. */
async function measureByCounts(client: JiraClient, jql: string, total: number, rule: DoneRule): Promise<Measured> {
  if (total === 0) return { totals: emptyMetricTotals(), shown: [] };
  const [done, shown] = await Promise.all([countDone(client, jql, rule), firstIssues(client, jql, rule)]);
  // Cloud's counts are approximate and may disagree for a moment: never more done than matching.
  return { totals: { ...emptyMetricTotals(), total, done: Math.min(done, total) }, shown };
}

/** points_done and field_sum: every page is read, keeping running sums and the first 20 issues only. */
async function measureByStreaming(client: JiraClient, jql: string, metric: 'points_done' | 'field_sum', options: LinkOptions): Promise<Measured> {
  const storyPointsFieldId = metric === 'points_done' ? ((await client.findStoryPointsField())?.id ?? null) : null;
  const amountField = metric === 'points_done' ? storyPointsFieldId : options.field;
  const fields = amountField === null ? PREVIEW_FIELDS : [...PREVIEW_FIELDS, amountField];
  const totals = emptyMetricTotals();
  const shown: PreviewIssue[] = [];
  let anyPoints = false;
  const pageSize = STREAM_PAGE_SIZE[await client.deploymentType()];
  for await (const page of client.search({ jql: orderedByKeyUnlessOrdered(jql), fields, pageSize })) {
    for (const issue of page.issues) {
      const view = previewIssueOf(issue, client.baseUrl, options.doneRule);
      const amount = amountOf(issue, amountField);
      if (amount !== null) anyPoints = true;
      addToMetricTotals(totals, { done: view.done, points: metric === 'points_done' ? amount : null, value: metric === 'field_sum' ? amount : null });
      if (shown.length < PREVIEW_ISSUES) shown.push(view);
    }
  }
  return metric === 'points_done' ? { totals, shown, storyPointsFieldId, anyPoints } : { totals, shown };
}

function amountOf(issue: JiraIssue, fieldId: string | null): number | null {
  return fieldId === null ? null : readNumber(issue.fields, fieldId);
}

/** A failure talking to Jira while previewing, as the answer the form shows. */
function previewError(error: unknown): unknown {
  if (error instanceof ConnectionUnavailableError && error.code === DISCONNECTED_CODE) return new ConflictError(error.message);
  return asRequestError(error);
}

export async function previewLink(deps: SyncDeps, input: PreviewInput): Promise<PreviewView> {
  const now = (deps.now ?? (() => new Date()))();
  const connection = await findJiraConnection(deps.db, input.connectionId);
  if (!connection) throw ValidationError.field('connectionId', `no Jira connection has the id "${input.connectionId}"; pick one of the connections your admin set up`);
  const kr = input.keyResultId ? await findKeyResult(deps.db, input.keyResultId) : null;
  if (input.keyResultId && !kr) throw new NotFoundError(`Key result ${input.keyResultId}`);
  const scale: KeyResultScale | null = kr ? { startValue: kr.startValue, targetValue: kr.targetValue } : null;
  const options = buildOptions(input, scale);
  const period = await periodFor(deps, input);
  const clients = createJiraClientSource(deps);
  const jql = effectiveJql(input.jql, options, period, connection.scopeJql);
  const hintInput = { jql: input.jql, metric: input.metric, periodScoped: options.periodScoped };

  let measured: Measured;
  try {
    const { client } = await clients.clientFor(connection.id);
    if (options.field !== null) options.field = await resolveNumericField(client, options.field);
    let total: number;
    try {
      total = await client.approximateCount(jql);
    } catch (error) {
      if (!isJiraError(error) || error.code !== 'jql_invalid') throw error;
      return {
        valid: false,
        errors: error.jiraMessages.length > 0 ? error.jiraMessages : [error.message],
        jql,
        total: null,
        done: null,
        progress: null,
        status: null,
        expectedProgress: null,
        issues: [],
        hints: hintsFor(hintInput, connection.deploymentType, null, period !== null),
      };
    }
    await assertWithinLinkCap(deps.db, total);
    measured =
      input.metric === 'points_done' || input.metric === 'field_sum'
        ? await measureByStreaming(client, jql, input.metric, options)
        : await measureByCounts(client, jql, total, options.doneRule);
  } catch (error) {
    throw previewError(error);
  }

  const result = computeMetricFromTotals(input.metric, measured.totals, options);
  const expected = period ? expectedProgress(period, now) : null;
  const thresholds = await getStatusThresholds(deps.db);
  return {
    valid: true,
    errors: [],
    jql,
    total: result.total,
    done: result.done,
    progress: result.progress,
    status: expected === null ? null : progressStatus(result.progress, expected, thresholds),
    expectedProgress: expected,
    issues: measured.shown,
    hints: hintsFor(hintInput, connection.deploymentType, measured, period !== null),
  };
}
