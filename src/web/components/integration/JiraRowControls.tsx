import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconBrandJira, IconRefresh } from '@tabler/icons-react';
import { useRefreshLink } from '../../api/links';
import type { IntegrationSummary, LinkOwner } from '../../api/linkTypes';
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

/** The quiet line's sync part: "10 issues · 3 done · synced 2 hours ago" (the error is shown apart, in red). */
export function syncText(integration: IntegrationSummary): string {
  const parts: string[] = [];
  if (integration.total !== null) parts.push(`${formatNumber(integration.total)} ${integration.total === 1 ? 'issue' : 'issues'}`);
  if (integration.done !== null && integration.total !== null) parts.push(`${formatNumber(integration.done)} done`);
  parts.push(syncedAgo(integration));
  return parts.join(' · ');
}

/** "Sync failed: …" for the quiet line, or undefined when the last sync worked. */
export function syncErrorText(integration: IntegrationSummary | null): string | undefined {
  if (!integration?.lastError) return undefined;
  return `Sync failed: ${integration.lastError.message}`;
}

/** Next to a Jira-driven row's bar: the Jira mark (which connection, on hover) and Refresh (for those who may change the item). */
export function JiraRowControls({ owner, integration, canRefresh }: { owner: LinkOwner; integration: IntegrationSummary; canRefresh: boolean }) {
  const refresh = useRefreshLink();
  const source = integration.connectionName ? `Linked to Jira · ${integration.connectionName}` : 'Linked to Jira · its connection was deleted';
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      <Tooltip label={source} withArrow>
        {/* Focusable, so keyboard users reach the connection's name in the tooltip too. */}
        <IconBrandJira
          role="img"
          tabIndex={0}
          aria-label="Linked to Jira"
          size={18}
          color={integration.lastError ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-blue-7)'}
        />
      </Tooltip>
      {canRefresh && (
        <Tooltip label={integration.connectionId ? 'Refresh from Jira now' : 'Cannot refresh: the connection was deleted'} withArrow>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label="Refresh from Jira"
            loading={refresh.isPending}
            disabled={!integration.connectionId}
            onClick={() => refresh.mutate(owner)}
          >
            <IconRefresh size={15} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
