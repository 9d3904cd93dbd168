/**
 * Shapes of Jira links on objectives and key results (REST API v1, docs/API.md): the link itself,
 * the preview, the matching issues and the record of every sync run.
 */
import type { Forecast } from '../../core/insight';
import type { Status } from './types';

export type LinkMetric = 'percent_done' | 'done_count' | 'points_done' | 'field_sum';

export type DoneRule = { type: 'status_category' } | { type: 'resolution' } | { type: 'statuses'; statuses: string[] };

/** Which item a link drives. */
export interface LinkOwner {
  kind: 'objective' | 'keyResult';
  id: string;
}

/** The body of `PUT …/integration` (and, minus `type`, of the preview). */
export interface LinkInput {
  type: 'jira';
  connectionId: string;
  jql: string;
  metric: LinkMetric;
  startValue?: number | null;
  targetValue?: number | null;
  field?: string | null;
  countAll?: boolean;
  doneRule?: DoneRule;
  periodScoped?: boolean;
}

export interface SyncError {
  code: string;
  message: string;
}

/**
 * The forecast stored on a link after its last sync (the full one comes with the insight): enough
 * for the OKR row's hint. `at` is when it was worked out.
 */
export type LinkForecast = Pick<Forecast, 'reason' | 'finishDate' | 'finishesBeforeEnd'> & { at: string };

/** What objective and key result responses carry about their link (null when progress is manual). */
export interface IntegrationSummary {
  type: 'jira';
  linkId: string;
  /** Null once the connection was deleted: the link keeps its last values but no longer syncs. */
  connectionId: string | null;
  connectionName: string | null;
  jql: string;
  metric: LinkMetric;
  lastSyncedAt: string | null;
  lastError: SyncError | null;
  total: number | null;
  done: number | null;
  progress: number | null;
  /** A sync is running right now. */
  syncing: boolean;
  nextSyncAt: string | null;
  /** The forecast as of the last sync; null before the first one (or while none was worked out). */
  forecast: LinkForecast | null;
}

/** `GET …/integration`: the summary plus everything needed to edit the link. */
export interface IntegrationLink extends IntegrationSummary {
  id: string;
  objectiveId: string | null;
  keyResultId: string | null;
  startValue: number | null;
  targetValue: number | null;
  field: string | null;
  countAll: boolean;
  doneRule: DoneRule;
  periodScoped: boolean;
  /** What the metric measured: issues counted, points done, or the field's sum. */
  measured: number | null;
  lastAttemptAt: string | null;
  lastRun: SyncRun | null;
  createdAt: string;
  updatedAt: string;
}

/** A matching issue as the preview lists it. */
export interface PreviewIssue {
  key: string;
  summary: string;
  status: string;
  done: boolean;
  url: string;
}

/** A matching issue as the item's page lists it (`GET …/integration/issues`). */
export interface LinkIssue extends PreviewIssue {
  /** Jira's status category key: "new", "indeterminate" or "done". */
  statusCategory: string;
  assignee: string | null;
  /** Story points (points_done links; null otherwise). */
  points: number | null;
  /** The summed field's value (field_sum links; null otherwise). */
  value: number | null;
  resolvedAt: string | null;
}

/** One page of an item's matching issues; pass `nextCursor` back as `cursor` for the next one. */
export interface LinkIssuePage {
  items: LinkIssue[];
  nextCursor: string | null;
  /** Issues matching the filters over all pages. */
  total: number;
}

/** Which page of the matching issues to show. */
export interface LinkIssueQuery {
  notDone: boolean;
  /** Text the key or summary contains ('' for all). */
  q: string;
  cursor: string | null;
  limit: number;
}

export interface PreviewResult {
  valid: boolean;
  /** Jira's own messages when the JQL is not valid. */
  errors: string[];
  /** The query Jira ran (with the period's dates when period-scoped). */
  jql: string;
  total: number | null;
  done: number | null;
  progress: number | null;
  status: Status | null;
  expectedProgress: number | null;
  /** The first matching issues. */
  issues: PreviewIssue[];
  /** Plain-words advice: "Epic Link" on Cloud, an empty result, … */
  hints: string[];
}

export type SyncTrigger = 'created' | 'edited' | 'manual' | 'schedule' | 'webhook';

export interface SyncRun {
  id: string;
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  outcome: 'ok' | 'failed';
  error: SyncError | null;
  jiraRequests: number;
  total: number | null;
  done: number | null;
  progressBefore: number | null;
  progressAfter: number | null;
  addedKeys: string[];
  removedKeys: string[];
  newlyDoneKeys: string[];
  /** Issues that were done at the previous sync and are not any more (by the link's done rule). */
  reopenedKeys: string[];
  /** e.g. "JQL edited by Dana". */
  note: string;
}

export interface JiraConnectionName {
  id: string;
  name: string;
}

/** `POST …/integration/refresh`. */
export interface RefreshResult {
  link: IntegrationLink;
  run: SyncRun | null;
}
