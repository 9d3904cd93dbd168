import { Anchor, Badge, ColorSwatch, Group, Loader, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlugConnected, IconRefresh, IconTrash, IconWebhook } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useRefreshAllJiraConnection, useTestJiraConnection } from '../../api/integrations';
import type { JiraConnection } from '../../api/types';
import { formatInstant, relativeTime } from '../format';
import { RowMenu } from '../RowMenu';
import { connectedSentence, DEPLOYMENT_LABEL, healthText } from './jiraText';
import { refreshAllNotice } from './refreshAllText';
import { LiveBadge, WebhookDialog } from './WebhookDialog';

const HEALTH_COLOR: Record<JiraConnection['health']['status'], string> = {
  ok: 'green',
  failing: 'red',
  unknown: 'gray',
};

/** Dot plus words (colour is never the only signal), and when Jira was last asked. */
function HealthCell({ connection, testing }: { connection: JiraConnection; testing: boolean }) {
  const { health } = connection;
  if (testing) {
    return (
      <Group gap={6} wrap="nowrap">
        <Loader size={12} aria-hidden />
        <Text size="sm" c="dimmed">
          Testing…
        </Text>
      </Group>
    );
  }
  return (
    <Stack gap={0}>
      <Group gap={6} wrap="nowrap">
        <ColorSwatch size={10} color={`var(--mantine-color-${HEALTH_COLOR[health.status]}-6)`} withShadow={false} aria-hidden />
        <Text size="sm" c={health.status === 'failing' ? 'red.8' : undefined} data-testid="health" data-status={health.status}>
          {healthText(health)}
        </Text>
      </Group>
      {health.lastCheckedAt && (
        <Text size="xs" c="dimmed" title={formatInstant(health.lastCheckedAt)}>
          checked {relativeTime(health.lastCheckedAt)}
        </Text>
      )}
    </Stack>
  );
}

function JiraUserCell({ connection }: { connection: JiraConnection }) {
  if (!connection.jiraUser) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  // Cloud account ids mean nothing to people; the email they signed in with does.
  const signIn = connection.authType === 'bearer' ? 'personal access token' : (connection.jiraUser.username ?? connection.username);
  return (
    <Stack gap={0}>
      <Text size="sm">{connection.jiraUser.displayName}</Text>
      <Text size="xs" c="dimmed">
        {signIn}
      </Text>
    </Stack>
  );
}

interface RowProps {
  connection: JiraConnection;
  onEdit: (connection: JiraConnection) => void;
  onDelete: (connection: JiraConnection) => void;
}

/** What a connection's "…" menu does, shared by its table row (wide screens) and its card (phones). */
function useConnectionActions({ connection, onEdit, onDelete }: RowProps) {
  const test = useTestJiraConnection();
  const refreshAll = useRefreshAllJiraConnection();
  const [webhookOpen, setWebhookOpen] = useState(false);

  function runTest() {
    test.mutate(connection.id, {
      onSuccess: (tested) => {
        if (tested.health.status === 'ok') {
          notifications.show({ color: 'green', title: `“${tested.name}” works`, message: `${connectedSentence(tested)}.` });
        } else {
          notifications.show({
            color: 'red',
            title: `“${tested.name}” is failing`,
            message: tested.health.lastError?.message ?? 'Jira did not accept the connection. Edit it and check the details.',
            autoClose: 10_000,
          });
        }
      },
    });
  }

  function runRefreshAll() {
    // Syncing every link can take a while; say it started, then replace that with the outcome.
    const id = notifications.show({ loading: true, autoClose: false, title: `Refreshing “${connection.name}”…`, message: 'Syncing every linked objective and key result.' });
    refreshAll.mutate(connection.id, {
      onSuccess: (result) => notifications.update({ id, loading: false, autoClose: 8_000, ...refreshAllNotice(connection.name, result) }),
      // The error itself is shown by the app-wide handler.
      onError: () => notifications.hide(id),
    });
  }

  const menu = (
    <RowMenu
      subject={connection.name}
      items={[
        { label: 'Edit', icon: <IconPencil size={14} />, onClick: () => onEdit(connection) },
        { label: 'Test connection', icon: <IconPlugConnected size={14} />, onClick: runTest },
        { label: 'Refresh all linked items', icon: <IconRefresh size={14} />, onClick: runRefreshAll },
        { label: 'Webhook…', icon: <IconWebhook size={14} />, onClick: () => setWebhookOpen(true) },
        { label: 'Delete', icon: <IconTrash size={14} />, onClick: () => onDelete(connection), danger: true },
      ]}
    />
  );
  const webhookDialog = webhookOpen ? <WebhookDialog connection={connection} onClose={() => setWebhookOpen(false)} /> : null;
  return { menu, webhookDialog, testing: test.isPending };
}

function failureMessage(connection: JiraConnection): string | null {
  return connection.health.status === 'failing' ? (connection.health.lastError?.message ?? null) : null;
}

/** `wrap`: on a card the badges go under a long name rather than being cut to "ADMINS …". */
function NameAndBadges({ connection, wrap = false }: { connection: JiraConnection; wrap?: boolean }) {
  return (
    <>
      <Group gap={6} wrap={wrap ? 'wrap' : 'nowrap'}>
        <Text size="sm" fw={500} style={{ wordBreak: 'break-word' }}>
          {connection.name}
        </Text>
        {connection.webhook.live && <LiveBadge />}
        {connection.linkAccess === 'admins' && (
          <Badge size="xs" variant="light" color="gray">
            Admins only
          </Badge>
        )}
      </Group>
      {connection.scopeJql !== null && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }} data-testid="scope">
          Scope: {connection.scopeJql}
        </Text>
      )}
    </>
  );
}

function UrlLink({ connection }: { connection: JiraConnection }) {
  return (
    <Anchor href={connection.url} target="_blank" rel="noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>
      {connection.url}
    </Anchor>
  );
}

function DeploymentBadge({ connection }: { connection: JiraConnection }) {
  return (
    <Badge variant="light" color={connection.deploymentType === 'cloud' ? 'blue' : 'grape'} data-testid="deployment">
      {DEPLOYMENT_LABEL[connection.deploymentType]}
    </Badge>
  );
}

function HealthMessage({ message }: { message: string }) {
  return (
    <Text size="xs" c="red.8" data-testid="health-message">
      {message}
    </Text>
  );
}

function ConnectionRows(props: RowProps) {
  const { connection } = props;
  const { menu, webhookDialog, testing } = useConnectionActions(props);
  const failure = failureMessage(connection);

  return (
    <>
      <Table.Tr
        aria-label={connection.name}
        data-connection-id={connection.id}
        // The failure explanation below belongs to this row, so no line between them.
        style={failure !== null ? { borderBottom: 0 } : undefined}
      >
        <Table.Td>
          <NameAndBadges connection={connection} />
        </Table.Td>
        <Table.Td>
          <UrlLink connection={connection} />
        </Table.Td>
        <Table.Td>
          <DeploymentBadge connection={connection} />
        </Table.Td>
        <Table.Td>
          <JiraUserCell connection={connection} />
        </Table.Td>
        <Table.Td>
          <HealthCell connection={connection} testing={testing} />
        </Table.Td>
        <Table.Td w={48}>{menu}</Table.Td>
      </Table.Tr>
      {webhookDialog}
      {failure !== null && (
        // The full reason says what to do, which the few words in the health column can't.
        <Table.Tr>
          <Table.Td colSpan={6} pt={0}>
            <HealthMessage message={failure} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Label above value: on a phone the table's column headings are gone, so each value says what it is. */
function CardField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** One connection on a phone: the table's columns stacked, its "…" menu (every action) top right. */
function ConnectionCard(props: RowProps) {
  const { connection } = props;
  const { menu, webhookDialog, testing } = useConnectionActions(props);
  const failure = failureMessage(connection);
  return (
    <Paper component="article" withBorder radius="md" p="sm" aria-label={connection.name} data-connection-id={connection.id}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Stack gap={2} miw={0}>
            <NameAndBadges connection={connection} wrap />
          </Stack>
          {menu}
        </Group>
        <UrlLink connection={connection} />
        <Group gap="lg" align="flex-start">
          <CardField label="Deployment">
            <DeploymentBadge connection={connection} />
          </CardField>
          <CardField label="Jira user">
            <JiraUserCell connection={connection} />
          </CardField>
        </Group>
        <CardField label="Health">
          <HealthCell connection={connection} testing={testing} />
        </CardField>
        {failure !== null && <HealthMessage message={failure} />}
      </Stack>
      {webhookDialog}
    </Paper>
  );
}

interface JiraConnectionsTableProps {
  connections: JiraConnection[];
  onEdit: (connection: JiraConnection) => void;
  onDelete: (connection: JiraConnection) => void;
}

export function JiraConnectionsTable({ connections, onEdit, onDelete }: JiraConnectionsTableProps) {
  // The six columns need ≈ 820 px; narrower than the md breakpoint (with the side navigation) they
  // would scroll sideways, so each connection becomes a card instead.
  const narrow = useMediaQuery('(max-width: 62em)');
  if (narrow) {
    return (
      <Stack gap="sm" role="list" aria-label="Jira connections">
        {connections.map((connection) => (
          <div role="listitem" key={connection.id}>
            <ConnectionCard connection={connection} onEdit={onEdit} onDelete={onDelete} />
          </div>
        ))}
      </Stack>
    );
  }
  return (
    <Paper withBorder radius="md">
      {/* Positioned, so the visually hidden header text scrolls with the table instead of widening the page on phones. */}
      <Table.ScrollContainer minWidth={820} type="native" pos="relative">
        <Table verticalSpacing="sm" aria-label="Jira connections">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Deployment</Table.Th>
              <Table.Th>Jira user</Table.Th>
              <Table.Th>Health</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connections.map((connection) => (
              <ConnectionRows key={connection.id} connection={connection} onEdit={onEdit} onDelete={onDelete} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
