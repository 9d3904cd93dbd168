import { Alert, Button, Code, Group, Paper, Skeleton, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconBrandJira, IconLinkOff, IconPencil, IconPlugConnected, IconX } from '@tabler/icons-react';
import { useJiraIntegration } from '../../api/integrations';
import { describeMetric } from './linkDraft';
import { LinkForm } from './LinkForm';
import type { LinkEditor } from './useLinkEditor';
import { ADD_INTEGRATION_DISABLED_TEXT, useJiraPaused } from './jiraPaused';
import classes from './IntegrationSection.module.css';

/** Step 1: the integrations to choose from (only Jira for now), disabled with the reason when off. */
function IntegrationChoice({ editor }: { editor: LinkEditor }) {
  const { jira, isPending } = useJiraIntegration();
  const enabled = jira?.enabled === true;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Choose an integration
      </Text>
      <UnstyledButton className={classes.choice} disabled={!enabled} onClick={editor.chooseJira} aria-describedby="jira-choice-hint">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" color={enabled ? 'blue' : 'gray'} size="lg" aria-hidden>
            <IconBrandJira size={20} />
          </ThemeIcon>
          <div>
            <Text size="sm" fw={600}>
              Jira
            </Text>
            <Text id="jira-choice-hint" size="xs" c="dimmed">
              {isPending
                ? 'Checking whether Jira is enabled…'
                : enabled
                  ? 'Progress follows the issues a JQL query matches.'
                  : 'Not enabled yet. Ask an admin to enable Jira under Admin › Integrations.'}
            </Text>
          </div>
        </Group>
      </UnstyledButton>
      <Group>
        <Button variant="subtle" color="gray" size="compact-sm" onClick={editor.cancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** The saved link, unchanged: where progress comes from, with Edit and Unlink. */
function LinkedSummary({ editor }: { editor: LinkEditor }) {
  const link = editor.existing ?? editor.summary;
  if (!link) return null;
  return (
    <Stack gap={6}>
      <Group gap="xs" wrap="nowrap">
        <IconBrandJira size={18} color="var(--mantine-color-blue-7)" aria-hidden />
        <Text size="sm" fw={600}>
          Linked to Jira{link.connectionName ? ` · ${link.connectionName}` : ' · connection deleted'}
        </Text>
      </Group>
      <Code block bg="white">
        {link.jql}
      </Code>
      <Text size="xs" c="dimmed">
        {describeMetric(link)}. Progress is not checked in by hand while linked.
      </Text>
      {editor.loadError && (
        <Text size="sm" c="red">
          Could not load the link’s options: {editor.loadError.message}
        </Text>
      )}
      <Group gap="xs">
        <Button size="compact-sm" variant="light" leftSection={<IconPencil size={14} />} onClick={editor.editExisting} disabled={!editor.existing}>
          Edit link
        </Button>
        <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconLinkOff size={14} />} onClick={editor.unlink}>
          Unlink
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * "Add an integration" inside the objective and key result dialogs: choose Jira, then write the
 * query and preview it. The dialog's Save applies what is shown here.
 */
export function IntegrationSection({ editor }: { editor: LinkEditor }) {
  // Jira is the only integration: while an admin has it disabled there is nothing to add.
  const paused = useJiraPaused();
  let body;
  switch (editor.mode) {
    case 'none':
      body = (
        <Group gap="sm" wrap="nowrap">
          <Button
            variant="light"
            leftSection={<IconPlugConnected size={16} />}
            onClick={editor.startChoosing}
            disabled={paused}
            aria-describedby="add-integration-hint"
          >
            Add an integration
          </Button>
          <Text id="add-integration-hint" size="xs" c="dimmed">
            {paused
              ? `${ADD_INTEGRATION_DISABLED_TEXT} Ask an admin to enable Jira under Admin › Integrations.`
              : 'Let Jira issues drive progress instead of check-ins.'}
          </Text>
        </Group>
      );
      break;
    case 'choosing':
      body = <IntegrationChoice editor={editor} />;
      break;
    case 'linked':
      body = editor.loadingExisting && !editor.summary ? <Skeleton h={80} /> : <LinkedSummary editor={editor} />;
      break;
    case 'unlinking':
      body = (
        <Alert color="orange" variant="light" icon={<IconLinkOff size={18} />} title="Jira will be unlinked when you save">
          <Text size="sm">Progress keeps its last value and is then updated by hand with check-ins.</Text>
          <Button mt="xs" size="compact-sm" variant="default" onClick={editor.keepLink}>
            Keep the link
          </Button>
        </Alert>
      );
      break;
    case 'editing':
      body = (
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <IconBrandJira size={18} color="var(--mantine-color-blue-7)" aria-hidden />
              <Text size="sm" fw={600}>
                {editor.existing ? 'Edit the Jira link' : 'Link to Jira'}
              </Text>
            </Group>
            <Button variant="subtle" color="gray" size="compact-sm" leftSection={<IconX size={14} />} onClick={editor.cancel}>
              {editor.existing ? 'Discard changes' : 'Remove integration'}
            </Button>
          </Group>
          <LinkForm editor={editor} />
        </Stack>
      );
      break;
  }
  return (
    <Paper withBorder radius="md" p="sm" bg={editor.mode === 'none' ? undefined : 'gray.0'} component="section" aria-label="Integration">
      {body}
    </Paper>
  );
}
