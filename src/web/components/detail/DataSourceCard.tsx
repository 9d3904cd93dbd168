import { Alert, Button, Code, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconBrandJira, IconLinkOff, IconPencil, IconPlugConnected, IconRefresh } from '@tabler/icons-react';
import { useLink, useRefreshLink } from '../../api/links';
import { describeDoneRule, describeMetric } from '../integration/linkDraft';
import { formatInstant, relativeTime } from '../format';
import { AdminIntegrationsHint } from '../integration/AdminIntegrationsHint';
import { ADD_INTEGRATION_DISABLED_TEXT, JIRA_PAUSED_TEXT, useJiraPaused } from '../integration/jiraPaused';
import type { DetailActions, DetailModel } from './detailModel';

/** Why syncing (and linking) does nothing while an admin has Jira disabled, and where to turn it on. */
function PausedNote({ problem }: { problem: string }) {
  return <AdminIntegrationsHint problem={problem} adminFix="Enable Jira under" memberFix="Ask an admin to enable Jira under Admin › Integrations." />;
}

function LinkedSource({ model, actions }: { model: DetailModel; actions: DetailActions }) {
  const summary = model.integration!;
  const link = useLink(model.owner);
  const refresh = useRefreshLink();
  const paused = useJiraPaused();
  const full = link.data ?? null;
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <IconBrandJira size={20} color="var(--mantine-color-blue-7)" aria-hidden />
        <Text fw={600}>Jira · {summary.connectionName ?? 'connection deleted'}</Text>
      </Group>
      <div>
        <Text size="xs" c="dimmed" mb={4}>
          JQL
        </Text>
        <Code block>{summary.jql}</Code>
      </div>
      {link.isPending ? (
        <Skeleton h={36} />
      ) : (
        <Stack gap={2}>
          <Text size="sm">{describeMetric(full ?? summary)}.</Text>
          {full && <Text size="sm">{describeDoneRule(full.doneRule)}.</Text>}
          {full?.periodScoped && <Text size="sm">Only issues resolved within the period count.</Text>}
        </Stack>
      )}
      <Text size="sm" c="dimmed">
        {summary.lastSyncedAt ? (
          <span title={formatInstant(summary.lastSyncedAt)}>Last synced {relativeTime(summary.lastSyncedAt)}</span>
        ) : (
          'Not synced yet'
        )}
        {summary.nextSyncAt && !paused && ` · next sync ${relativeTime(summary.nextSyncAt)}`}
      </Text>
      {paused && <PausedNote problem={JIRA_PAUSED_TEXT} />}
      {summary.lastError && (
        <Alert color="red" variant="light" title="The last sync failed" p="sm">
          <Text size="sm">{summary.lastError.message}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            The last good progress is kept. Refresh to try again; if it keeps failing, ask an admin to check the connection.
          </Text>
        </Alert>
      )}
      {model.canEdit && (
        <Group gap="xs">
          {/* Editing needs a preview from Jira, and a refresh can only fail, while Jira is disabled (the note above says so). */}
          <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={actions.editLink} disabled={paused}>
            Edit link
          </Button>
          {!paused && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRefresh size={14} />}
              loading={refresh.isPending}
              disabled={!summary.connectionId}
              onClick={() => refresh.mutate(model.owner)}
            >
              Refresh
            </Button>
          )}
          <Button size="xs" variant="subtle" color="red" leftSection={<IconLinkOff size={14} />} onClick={actions.unlink}>
            Unlink
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Where progress comes from: the Jira link with Edit / Refresh / Unlink, or check-ins with a way to link. */
export function DataSourceCard({ model, actions }: { model: DetailModel; actions: DetailActions }) {
  const paused = useJiraPaused();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="data-source-title">
      <Title id="data-source-title" order={2} size="h5" mb="sm">
        Data source
      </Title>
      {model.integration ? (
        <LinkedSource model={model} actions={actions} />
      ) : (
        <Stack gap="sm" align="flex-start">
          <Text size="sm" c="dimmed">
            {model.checksIn
              ? 'Progress is updated by hand with check-ins.'
              : (model.alignment?.children.length ?? 0) > 0
                ? 'Progress is the weighted average of its key results and of the objectives aligned under it (see Alignment).'
                : 'Progress is the weighted average of the key results below.'}{' '}
            {!model.canEdit
              ? 'Its owner or an admin can link it to Jira.'
              : paused
                ? ''
                : 'Link it to Jira and progress follows the issues a JQL query matches.'}
          </Text>
          {model.canEdit && paused && <PausedNote problem={ADD_INTEGRATION_DISABLED_TEXT} />}
          {model.canEdit && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlugConnected size={14} />}
              onClick={actions.editLink}
              disabled={paused}
            >
              Add an integration
            </Button>
          )}
        </Stack>
      )}
    </Paper>
  );
}
