import { Alert, Anchor, Breadcrumbs, Button, EmptyState, Group, Paper, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBrandJira, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useDeleteJiraConnection, useJiraConnections, useJiraIntegration, useUpdateJiraIntegration } from '../../api/integrations';
import type { JiraConnection } from '../../api/types';
import { AppLayout } from '../../components/AppLayout';
import { ConfirmDeleteDialog } from '../../components/dialogs/ConfirmDeleteDialog';
import { JiraConnectionDialog } from '../../components/dialogs/JiraConnectionDialog';
import { JiraConnectionsTable } from '../../components/jira/JiraConnectionsTable';
import { linkedItemsCount, linkedItemsSentence } from '../../components/jira/jiraText';
import { AdminOnly } from './AdminOnly';

type Dialog = { kind: 'new' } | { kind: 'edit'; connection: JiraConnection } | { kind: 'delete'; connection: JiraConnection } | null;

function deleteMessage(connection: JiraConnection): string {
  const consequence =
    connection.linkedItems === 0
      ? 'Nothing else changes.'
      : 'They keep their last values and are marked as disconnected from Jira until someone links them to another connection.';
  return `${linkedItemsSentence(connection.linkedItems)} ${consequence} This cannot be undone, but you can add the connection again later.`;
}

function DisabledNotice() {
  const update = useUpdateJiraIntegration();
  return (
    <Alert color="yellow" title="The Jira integration is disabled">
      <Text size="sm">
        Syncing is paused and members can't link to Jira. Your connections are kept; enable Jira to use them again.
      </Text>
      <Button
        mt="sm"
        size="xs"
        loading={update.isPending}
        onClick={() => update.mutate({ enabled: true }, { onSuccess: () => notifications.show({ color: 'green', message: 'Jira is enabled again.' }) })}
      >
        Enable
      </Button>
    </Alert>
  );
}

/** Rarely needed, so it sits at the bottom: the one setting the URL check's error message points to. */
function LinkLocalSetting({ allowed }: { allowed: boolean }) {
  const update = useUpdateJiraIntegration();
  return (
    <Paper withBorder radius="md" p="md">
      <Switch
        label="Allow link-local and cloud metadata addresses"
        description="Off by default: addresses such as 169.254.169.254 usually belong to a cloud provider's metadata service, not Jira. Turn this on only if your Jira really lives at one."
        checked={allowed}
        disabled={update.isPending}
        onChange={(event) => {
          const allowLinkLocal = event.currentTarget.checked;
          update.mutate(
            { enabled: true, allowLinkLocal },
            { onSuccess: () => notifications.show({ message: allowLinkLocal ? 'Link-local addresses are allowed.' : 'Link-local addresses are refused again.' }) },
          );
        }}
      />
    </Paper>
  );
}

/** Only rendered for admins, so members never even ask for the connection list from here. */
function JiraConnections() {
  const integration = useJiraIntegration();
  const connections = useJiraConnections();
  const remove = useDeleteJiraConnection();
  const [dialog, setDialog] = useState<Dialog>(null);
  const enabled = integration.jira?.enabled ?? false;
  const close = () => setDialog(null);

  function confirmDelete(connection: JiraConnection) {
    remove.mutate(connection.id, {
      onSuccess: ({ deletedLinks }) => {
        const links = deletedLinks === 0 ? '' : ` ${linkedItemsCount(deletedLinks)} keep their last values, marked as disconnected.`;
        notifications.show({ color: 'green', message: `Deleted “${connection.name}”.${links}` });
        close();
      },
    });
  }

  const newButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'new' })}>
      New Connection
    </Button>
  );

  let body;
  if (connections.isPending) body = <Skeleton h={160} radius="md" />;
  else if (connections.error) {
    body = (
      <Alert color="red" title="Could not load Jira connections">
        {connections.error.message}
      </Alert>
    );
  } else if (connections.data.length === 0) {
    body = (
      <Paper withBorder radius="md" p="xl">
        <EmptyState
          icon={<IconBrandJira />}
          variant="light"
          title="Connect Pacer to Jira"
          description="Add a connection to your Jira Cloud site or Jira Data Center server. Pacer checks that Jira accepts it before saving."
        >
          <EmptyState.Actions>{newButton}</EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  } else {
    body = (
      <JiraConnectionsTable
        connections={connections.data}
        onEdit={(connection) => setDialog({ kind: 'edit', connection })}
        onDelete={(connection) => setDialog({ kind: 'delete', connection })}
      />
    );
  }

  return (
    <>
      <Breadcrumbs>
        <Anchor component={Link} to="/admin/integrations" size="sm">
          Integrations
        </Anchor>
        <Text size="sm">Jira</Text>
      </Breadcrumbs>
      {integration.data && !enabled && <DisabledNotice />}
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2} size="h4">
            Jira connections
          </Title>
          <Text size="sm" c="dimmed">
            Each connection signs in to one Jira site. Passwords and tokens are stored encrypted and never shown again.
          </Text>
        </Stack>
        {connections.data && connections.data.length > 0 && newButton}
      </Group>
      {body}
      {integration.jira && enabled && <LinkLocalSetting allowed={integration.jira.allowLinkLocal ?? false} />}
      {dialog?.kind === 'new' && <JiraConnectionDialog onClose={close} />}
      {dialog?.kind === 'edit' && <JiraConnectionDialog connection={dialog.connection} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDeleteDialog
          title={`Delete “${dialog.connection.name}”?`}
          message={deleteMessage(dialog.connection)}
          confirmLabel="Delete connection"
          pending={remove.isPending}
          onConfirm={() => confirmDelete(dialog.connection)}
          onClose={close}
        />
      )}
    </>
  );
}

export default function JiraConnectionsPage() {
  return (
    <AppLayout toolbar={<Title order={1} size="h4">Integrations</Title>}>
      <Stack gap="md" maw={1100} mx="auto">
        <AdminOnly>
          <JiraConnections />
        </AdminOnly>
      </Stack>
    </AppLayout>
  );
}
