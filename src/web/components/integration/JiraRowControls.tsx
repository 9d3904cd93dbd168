import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconBrandJira, IconRefresh } from '@tabler/icons-react';
import { useRefreshLink } from '../../api/links';
import type { IntegrationSummary, LinkOwner } from '../../api/linkTypes';
import { JIRA_PAUSED_TEXT, useJiraEnabled, useJiraPaused } from './jiraPaused';

// The row's text lives in syncText.ts (pure, unit-tested); rows import it from here with the controls.
export { syncErrorText, syncText, syncedAgo } from './syncText';

/** Next to a Jira-driven row's bar: the Jira mark (which connection, on hover) and Refresh (for those who may change the item). */
export function JiraRowControls({ owner, integration, canRefresh }: { owner: LinkOwner; integration: IntegrationSummary; canRefresh: boolean }) {
  const refresh = useRefreshLink();
  const paused = useJiraPaused();
  const enabled = useJiraEnabled();
  const connection = integration.connectionName ? `Linked to Jira · ${integration.connectionName}` : 'Linked to Jira · its connection was deleted';
  const source = paused ? `${connection} · ${JIRA_PAUSED_TEXT}` : connection;
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      <Tooltip label={source} withArrow>
        {/* Focusable, so keyboard users reach the connection's name in the tooltip too. */}
        <IconBrandJira
          role="img"
          tabIndex={0}
          aria-label="Linked to Jira"
          size={18}
          color={integration.lastError ? 'var(--mantine-color-red-7)' : paused ? 'var(--mantine-color-gray-7)' : 'var(--mantine-color-blue-7)'}
        />
      </Tooltip>
      {/* While Jira is disabled a refresh can only fail: no button, and the mark's tooltip says why. */}
      {canRefresh && enabled && (
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
