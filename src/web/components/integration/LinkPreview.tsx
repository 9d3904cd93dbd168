import { Alert, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconBulb } from '@tabler/icons-react';
import type { PreviewResult } from '../../api/linkTypes';
import { JiraIssueTable } from './JiraIssueTable';
import { previewSummary } from './linkDraft';

/** How many matching issues the preview lists; the item's page lists them all. */
const SHOWN = 5;

function Hints({ hints }: { hints: string[] }) {
  if (hints.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconBulb size={18} />} title={hints.length === 1 ? 'Hint' : 'Hints'} p="sm">
      {hints.length === 1 ? (
        <Text size="sm">{hints[0]}</Text>
      ) : (
        <List size="sm" spacing={2}>
          {hints.map((hint) => (
            <List.Item key={hint}>{hint}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/**
 * What Jira answered for the query as typed: the counts and resulting progress in one line, the
 * first issues, and hints. Jira's own error for invalid JQL shows under the JQL field instead.
 */
export function LinkPreview({ preview, current }: { preview: PreviewResult; current: boolean }) {
  if (!preview.valid) return <Hints hints={preview.hints} />;
  const total = preview.total ?? 0;
  return (
    <Stack gap="xs" role="region" aria-label="Preview" style={{ opacity: current ? 1 : 0.55 }}>
      {!current && (
        <Group gap={6} wrap="nowrap">
          <IconAlertTriangle size={16} color="var(--mantine-color-orange-7)" aria-hidden />
          <Text size="sm" c="orange.8">
            The query or options changed since this preview. Preview again to save.
          </Text>
        </Group>
      )}
      <Text size="sm" fw={600} data-testid="preview-summary">
        {previewSummary(preview)}
      </Text>
      {/* An empty result is explained by the server's hint below ("progress would be unknown, not 0%"). */}
      {total > 0 && (
        <JiraIssueTable
          issues={preview.issues.slice(0, SHOWN)}
          caption={total > SHOWN ? `The first ${SHOWN} of ${total} issues. The item's page lists them all after saving.` : undefined}
        />
      )}
      <Hints hints={preview.hints} />
    </Stack>
  );
}
