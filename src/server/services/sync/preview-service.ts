/**
 * Preview of a link before saving: what Jira matches, how many are done, the progress and status
 * that would result, the first issues, and hints for common pitfalls. Nothing is stored. A query
 * Jira rejects is an answer here (`valid: false` with Jira's messages), not an error.
 */
import { compareIssueKeys, computeMetric, expectedProgress, isValidPeriod, progressStatus, type MetricName, type Period, type ProgressStatus } from '../../../core';
import { epicLinkUsage, splitOrderBy } from '../../../integrations/jira/jql-scope';
import { findCycle } from '../../db/repositories/cycles-repository';
import { findJiraConnection } from '../../db/repositories/jira-connections-repository';
import { findKeyResult } from '../../db/repositories/key-results-repository';
import { findTargetPeriods } from '../../db/repositories/link-targets-repository';
import { NotFoundError, ValidationError } from '../../errors';
import { getStatusThresholds } from '../settings';
import { createJiraClientSource } from './jira-clients';
import { buildOptions, resolveNumericField, type KeyResultScale, type LinkInput } from './link-input';
import { effectiveJql, queryHash } from './link-options';
import { asRequestError, syncErrorAsRequestError } from './links-service';
import { issuesForLink, type FetchResult } from './matching-issues';
import { fieldNeedsOf, runQuery, type SyncDeps } from './sync-engine';

export interface PreviewInput extends LinkInput {
  /** The item being linked, for its period (status, period scoping) and a key result's scale. */
  objectiveId?: string | undefined;
  keyResultId?: string | undefined;
  /** While creating an item: its cycle and own dates stand in for its period. */
  cycleId?: string | undefined;
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
}

export interface PreviewIssue {
  key: string;
  summary: string;
  status: string;
  done: boolean;
  url: string;
}

export interface PreviewView {
  valid: boolean;
  /** Jira's own messages when it rejected the query. */
  errors: string[];
  /** The query Jira ran (with the period added when period-scoped). */
  jql: string;
  total: number | null;
  done: number | null;
  progress: number | null;
  status: ProgressStatus | null;
  expectedProgress: number | null;
  /** The first 20 matching issues. */
  issues: PreviewIssue[];
  hints: string[];
}

const PREVIEW_ISSUES = 20;

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

function hintsFor(input: { jql: string; metric: MetricName; periodScoped: boolean }, deployment: 'cloud' | 'datacenter', fetched: FetchResult | null, hasPeriod: boolean): string[] {
  const hints: string[] = [];
  const epicLink = epicLinkUsage(input.jql);
  if (epicLink && deployment === 'cloud') {
    const example = epicLink.key ? `parent = ${epicLink.key}` : 'parent = <epic key>';
    hints.push(`Jira Cloud replaced the "Epic Link" field with "parent": try \`${example}\` to match the epic's issues.`);
  }
  if (deployment === 'datacenter' && /\bparent\s*(=|in\b)/i.test(input.jql) && fetched?.issues.length === 0) {
    hints.push('On Jira Data Center an epic\'s issues are found with "Epic Link", not parent (which only finds sub-tasks): try `"Epic Link" = <epic key>`.');
  }
  if (input.periodScoped && !hasPeriod) {
    hints.push('"Only issues resolved within the period" needs the objective\'s dates: choose its cycle first.');
  }
  if (!fetched) return hints;
  if (fetched.issues.length === 0) {
    hints.push('No issues match this query, so progress would be unknown (not 0%). Check the project key, the epic key and the filters.');
  }
  if (input.metric === 'points_done' && fetched.storyPointsFieldId === null) {
    hints.push('This Jira site has no story points field that Pacer can find, so every issue counts 0 points. Choose another metric.');
  } else if (input.metric === 'points_done' && fetched.issues.length > 0 && fetched.issues.every((issue) => issue.storyPoints === null)) {
    hints.push('None of the matching issues has story points yet, so progress would be unknown. Estimate them in Jira or count issues instead.');
  }
  return hints;
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
  if (options.field !== null) {
    try {
      options.field = await resolveNumericField((await clients.clientFor(connection.id)).client, options.field);
    } catch (error) {
      throw asRequestError(error);
    }
  }

  const jql = effectiveJql(input.jql, options, period);
  const spec = { metric: input.metric, options };
  const outcome = await runQuery(clients, { connectionId: connection.id, jql, hash: queryHash(connection.id, jql) }, fieldNeedsOf([spec]));
  const hintInput = { jql: input.jql, metric: input.metric, periodScoped: options.periodScoped };
  if (!outcome.ok) {
    if (outcome.error.code !== 'jql_invalid') throw syncErrorAsRequestError(outcome.error);
    return {
      valid: false,
      errors: outcome.error.jiraMessages.length > 0 ? outcome.error.jiraMessages : [outcome.error.message],
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

  const { stored, measured } = issuesForLink(outcome.fetched.issues, {
    doneRule: options.doneRule,
    usesPoints: input.metric === 'points_done',
    field: input.metric === 'field_sum' ? options.field : null,
  });
  const result = computeMetric(input.metric, measured, options);
  // Without an ORDER BY of the person's own, list issues as people read keys (AE-9 before AE-10).
  const shownIssues = splitOrderBy(input.jql).orderBy === '' ? [...stored].sort((a, b) => compareIssueKeys(a.key, b.key)) : stored;
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
    issues: shownIssues.slice(0, PREVIEW_ISSUES).map((issue) => ({ key: issue.key, summary: issue.summary, status: issue.status, done: issue.done, url: issue.url })),
    hints: hintsFor(hintInput, connection.deploymentType, outcome.fetched, period !== null),
  };
}
