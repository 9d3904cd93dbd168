/**
 * The API shapes of links, their runs and matching issues. A link whose connection was deleted
 * keeps its last values and reports the error code `disconnected`.
 */
import type { StoredForecast } from '../../db/repositories/insight-repository';
import type { LinkRecord } from '../../db/repositories/integration-links-repository';
import type { SyncRunRecord, SyncTrigger } from '../../db/repositories/sync-runs-repository';
import { DISCONNECTED_CODE, DISCONNECTED_MESSAGE } from './jira-clients';
import type { DoneRule } from './link-options';

export interface LinkErrorView {
  code: string;
  message: string;
}

/** The forecast as of the link's last sync (the full one comes with GET …/integration/insight). */
export interface LinkForecastView {
  reason: StoredForecast['reason'];
  finishDate: string | null;
  finishesBeforeEnd: boolean | null;
  /** When it was worked out: after the link's last successful sync. */
  at: string;
}

/** What objective and key result responses carry in `integration`. */
export interface IntegrationSummaryView {
  type: 'jira';
  linkId: string;
  connectionId: string | null;
  connectionName: string | null;
  jql: string;
  metric: LinkRecord['metric'];
  lastSyncedAt: string | null;
  lastError: LinkErrorView | null;
  total: number | null;
  done: number | null;
  progress: number | null;
  syncing: boolean;
  nextSyncAt: string | null;
  forecast: LinkForecastView | null;
}

export interface SyncRunView {
  id: string;
  trigger: SyncTrigger;
  startedAt: string;
  finishedAt: string;
  outcome: 'ok' | 'failed';
  error: LinkErrorView | null;
  jiraRequests: number;
  total: number | null;
  done: number | null;
  progressBefore: number | null;
  progressAfter: number | null;
  addedKeys: string[];
  removedKeys: string[];
  newlyDoneKeys: string[];
  /** Done at the link's previous sync and not done now, by its done rule. */
  reopenedKeys: string[];
  note: string;
}

export interface LinkView extends IntegrationSummaryView {
  id: string;
  objectiveId: string | null;
  keyResultId: string | null;
  startValue: number | null;
  targetValue: number | null;
  field: string | null;
  countAll: boolean;
  doneRule: DoneRule;
  periodScoped: boolean;
  /** What the metric measured: items counted, points done, or the field's sum. */
  measured: number | null;
  lastAttemptAt: string | null;
  lastRun: SyncRunView | null;
  createdAt: string;
  updatedAt: string;
}

export function linkError(link: Pick<LinkRecord, 'connectionId' | 'lastErrorCode' | 'lastErrorMessage'>): LinkErrorView | null {
  if (link.connectionId === null) return { code: DISCONNECTED_CODE, message: DISCONNECTED_MESSAGE };
  if (link.lastErrorCode === null) return null;
  return { code: link.lastErrorCode, message: link.lastErrorMessage ?? '' };
}

export function presentIntegration(link: LinkRecord, now: Date = new Date()): IntegrationSummaryView {
  const leaseLive = link.syncState === 'syncing' && link.leaseExpiresAt !== null && link.leaseExpiresAt > now.toISOString();
  return {
    type: link.type,
    linkId: link.id,
    connectionId: link.connectionId,
    connectionName: link.connectionName,
    jql: link.jql,
    metric: link.metric,
    lastSyncedAt: link.lastSyncedAt,
    lastError: linkError(link),
    total: link.total,
    done: link.done,
    progress: link.progress,
    syncing: leaseLive,
    // A disconnected link is never synced again.
    nextSyncAt: link.connectionId === null ? null : link.nextDueAt,
    forecast: link.forecast ? { ...link.forecast } : null,
  };
}

export function presentRun(run: SyncRunRecord): SyncRunView {
  return {
    id: run.id,
    trigger: run.trigger,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    outcome: run.outcome,
    error: run.errorCode === null ? null : { code: run.errorCode, message: run.errorMessage ?? '' },
    jiraRequests: run.jiraRequests,
    total: run.total,
    done: run.done,
    progressBefore: run.progressBefore,
    progressAfter: run.progressAfter,
    addedKeys: run.addedKeys,
    removedKeys: run.removedKeys,
    newlyDoneKeys: run.newlyDoneKeys,
    reopenedKeys: run.reopenedKeys,
    note: run.note,
  };
}

export function presentLink(link: LinkRecord, lastRun: SyncRunRecord | null, now: Date = new Date()): LinkView {
  return {
    ...presentIntegration(link, now),
    id: link.id,
    objectiveId: link.objectiveId,
    keyResultId: link.keyResultId,
    startValue: link.options.startValue,
    targetValue: link.options.targetValue,
    field: link.options.field,
    countAll: link.options.countAll,
    doneRule: link.options.doneRule,
    periodScoped: link.options.periodScoped,
    measured: link.measured,
    lastAttemptAt: link.lastAttemptAt,
    lastRun: lastRun ? presentRun(lastRun) : null,
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
  };
}

/** Issues in the order people read keys (AE-9 before AE-10). */
