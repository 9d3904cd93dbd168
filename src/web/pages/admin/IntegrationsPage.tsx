import { Alert, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBrandJira, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useJiraConnections, useJiraIntegration, useUpdateJiraIntegration } from '../../api/integrations';
import { AppLayout } from '../../components/AppLayout';
import { ConfirmDeleteDialog } from '../../components/dialogs/ConfirmDeleteDialog';
import { AdminOnly } from './AdminOnly';

const JIRA_MANAGE_PATH = '/admin/integrations/jira';

/** "2 connections · 1 failing", so an admin sees trouble without opening the card. */
function ConnectionSummary() {
  const connections = useJiraConnections();
  if (!connections.data) return null;
  const total = connections.data.length;
  const failing = connections.data.filter((c) => c.health.status === 'failing').length;
  if (total === 0) {
    return (
      <Text size="sm" c="dimmed">
        No connections yet. Manage Jira to add one.
      </Text>
    );
  }
  return (
    <Text size="sm" c={failing > 0 ? 'red.8' : 'dimmed'}>
      {total === 1 ? '1 connection' : `${total} connections`}
      {failing > 0 && ` · ${failing} failing`}
    </Text>
  );
}

function JiraCard({ enabled }: { enabled: boolean }) {
  const update = useUpdateJiraIntegration();
  const navigate = useNavigate();
  const [confirmingDisable, setConfirmingDisable] = useState(false);

  function enable() {
    update.mutate(
      { enabled: true },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Jira is enabled. Add a connection to your Jira site next.' });
          void navigate(JIRA_MANAGE_PATH);
        },
      },
    );
  }

  function disable() {
    update.mutate(
      { enabled: false },
      {
        onSuccess: () => {
          setConfirmingDisable(false);
          notifications.show({ message: 'Jira is disabled. Syncing is paused; enable it again to resume where it stopped.' });
        },
      },
    );
  }

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label="Jira">
      <Stack gap="md" h="100%">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <ThemeIcon size={44} radius="md" variant="light" color="blue" aria-hidden>
            <IconBrandJira size={28} stroke={1.5} />
          </ThemeIcon>
          <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Group gap="xs">
              <Title order={2} size="h4">
                Jira
              </Title>
              <Badge variant="light" color={enabled ? 'green' : 'gray'}>
                {enabled ? 'Enabled' : 'Off'}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              Objectives and key results follow Jira issues, so progress updates itself. Works with Jira Cloud and Jira Data Center.
            </Text>
            {enabled && <ConnectionSummary />}
          </Stack>
        </Group>
        <Group gap="sm" mt="auto">
          {enabled ? (
            <>
              <Button component={Link} to={JIRA_MANAGE_PATH} leftSection={<IconSettings size={16} />}>
                Manage
              </Button>
              <Button variant="subtle" color="red" onClick={() => setConfirmingDisable(true)}>
                Disable integration
              </Button>
            </>
          ) : (
            <Button onClick={enable} loading={update.isPending}>
              Enable
            </Button>
          )}
        </Group>
      </Stack>
      {confirmingDisable && (
        <ConfirmDeleteDialog
          title="Disable the Jira integration?"
          message="Nothing is deleted: connections and links to Jira stay as they are. Syncing pauses and members can't link to Jira until you enable it again, when syncing resumes where it stopped."
          confirmLabel="Disable integration"
          pending={update.isPending}
          onConfirm={disable}
          onClose={() => setConfirmingDisable(false)}
        />
      )}
    </Paper>
  );
}

export default function IntegrationsPage() {
  const integrations = useJiraIntegration();
  return (
    <AppLayout toolbar={<Title order={1} size="h4">Integrations</Title>}>
      <Stack gap="md" maw={1000} mx="auto">
        <AdminOnly>
          <Text size="sm" c="dimmed">
            Connect Pacer to the tools your teams already work in, so key results measure real work.
          </Text>
          {integrations.isPending && <Skeleton h={160} radius="md" />}
          {integrations.error && (
            <Alert color="red" title="Could not load integrations">
              {integrations.error.message}
            </Alert>
          )}
          {integrations.data && (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <JiraCard enabled={integrations.jira?.enabled ?? false} />
            </SimpleGrid>
          )}
        </AdminOnly>
      </Stack>
    </AppLayout>
  );
}
