/**
 * The quiet line's Jira part under a linked row and on an item's page: how many issues, how many
 * done (towards the target for a KPI link), when it was synced, and the forecast's hint.
 */
import type { IntegrationSummary } from '../../api/linkTypes';
import { forecastHint } from '../detail/forecast-text';
import { formatNumber, relativeTime } from '../format';

/**
 * "synced 2 hours ago", or "not synced yet", then the forecast's hint when it has something to
 * say ("synced 2 hours ago · forecast 12 Jan, after the end").
 */
export function syncedAgo(integration: IntegrationSummary, now: Date = new Date()): string {
  const synced = integration.lastSyncedAt ? `synced ${relativeTime(integration.lastSyncedAt, now)}` : 'not synced yet';
  // Forecast dates are UTC days, so "today" is too.
  const hint = forecastHint(integration.forecast, now.toISOString().slice(0, 10));
  return hint ? `${synced} · ${hint}` : synced;
}

const issues = (count: number) => `${formatNumber(count)} ${count === 1 ? 'issue' : 'issues'}`;

/**
 * The counts: "10 issues · 3 done" for a share; a done_count KPI names its target, "26 issues · 19
 * of 20 done", and one counting every matching issue "26 of 20 issues". Points and field sums are
 * not issue counts, so their target is not set against "done".
 */
function countParts(integration: IntegrationSummary): string[] {
  const { total, done, targetValue, metric, countAll } = integration;
  if (total === null) return [];
  const kpiTarget = metric === 'done_count' && targetValue !== null ? targetValue : null;
  if (kpiTarget !== null && countAll) return [`${formatNumber(total)} of ${issues(kpiTarget)}`];
  if (done === null) return [issues(total)];
  const doneText = kpiTarget !== null ? `${formatNumber(done)} of ${formatNumber(kpiTarget)} done` : `${formatNumber(done)} done`;
  return [issues(total), doneText];
}

/** The quiet line's sync part: "10 issues · 3 done · synced 2 hours ago" (the error is shown apart, in red). */
export function syncText(integration: IntegrationSummary, now: Date = new Date()): string {
  return [...countParts(integration), syncedAgo(integration, now)].join(' · ');
}

/** "Sync failed: …" for the quiet line, or undefined when the last sync worked. */
export function syncErrorText(integration: IntegrationSummary | null): string | undefined {
  if (!integration?.lastError) return undefined;
  return `Sync failed: ${integration.lastError.message}`;
}
