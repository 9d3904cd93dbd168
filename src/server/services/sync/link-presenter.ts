/**
 * The API shapes of links, their runs and matching issues. A link whose connection was deleted
 * keeps its last values and reports the error code `disconnected`.
 */
import type { LinkRecord } from '../../db/repositories/integration-links-repository';
import type { SyncRunRecord } from '../../db/repositories/sync-runs-repository';
import { DISCONNECTED_CODE, DISCONNECTED_MESSAGE } from './jira-clients';
import type { IntegrationLink, IntegrationSummary, LinkForecast, SyncError, SyncRun } from '../../../contract/links';

// The API contract's own types: a presenter that drifts from its schema does not compile.
export type LinkErrorView = SyncError;
/** The forecast as of the link's last sync (the full one comes with GET …/integration/insight). */
export type LinkForecastView = LinkForecast;
/** What objective and key result responses carry in `integration`. */
export type IntegrationSummaryView = IntegrationSummary;
export type SyncRunView = SyncRun;
export type LinkView = IntegrationLink;

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
    targetValue: link.options.targetValue,
    countAll: link.options.countAll,
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
