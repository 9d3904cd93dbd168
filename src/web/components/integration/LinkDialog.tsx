import { Button, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useJiraConnectionNames, type PreviewContext } from '../../api/links';
import type { IntegrationSummary, LinkOwner } from '../../api/linkTypes';
import { useConfirmDiscard } from '../dialogs/DiscardChanges';
import { LinkForm } from './LinkForm';
import { useApplyLinkPlan, useLinkEditor } from './useLinkEditor';

interface LinkDialogProps {
  owner: LinkOwner;
  /** The item's title, to say what is being linked. */
  title: string;
  summary: IntegrationSummary | null;
  previewContext: PreviewContext;
  /** A key result's start and target: where a new "towards a target" link starts out. */
  scale?: { startValue: number; targetValue: number };
  onClose: () => void;
}

/**
 * The item page's "Edit link" and "Add an integration": the Jira link editor on its own, opened on
 * the saved query (or a new one), without the rest of the item's edit dialog.
 */
export function LinkDialog({ owner, title, summary, previewContext, scale, onClose }: LinkDialogProps) {
  const editor = useLinkEditor({ owner, summary, previewContext, scale, startEditing: true });
  const apply = useApplyLinkPlan();
  const [problem, setProblem] = useState<string | null>(null);
  const { requestClose, confirm } = useConfirmDiscard(editor.dirty, onClose);
  // No connection yet: the form says so and there is nothing to save, so only Close is offered.
  const noConnection = useJiraConnectionNames().data?.length === 0;

  const save = async () => {
    if (editor.blockedReason) return;
    const plan = editor.plan();
    const failure = await apply.apply(owner, plan);
    if (failure) {
      setProblem(`The Jira link was not saved: ${failure}`);
      return;
    }
    if (plan.kind === 'put') notifications.show({ color: 'green', message: `“${title}” now follows Jira.` });
    onClose();
  };

  return (
    <>
      <Modal opened onClose={requestClose} title={summary ? 'Edit the Jira link' : 'Link to Jira'} size="lg">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Progress of “{title}” follows the issues this query matches.
          </Text>
          {editor.loadingExisting ? <Skeleton h={160} /> : <LinkForm editor={editor} />}
          {editor.loadError && (
            <Text size="sm" c="red" role="alert">
              Could not load the saved link: {editor.loadError.message}
            </Text>
          )}
          {problem && (
            <Text size="sm" c="red" role="alert">
              {problem}
            </Text>
          )}
          {editor.blockedReason && !noConnection && (
            <Text size="xs" c="dimmed" ta="right">
              {editor.blockedReason}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={requestClose}>
              {noConnection ? 'Close' : 'Cancel'}
            </Button>
            {!noConnection && (
              <Button onClick={() => void save()} loading={apply.pending} disabled={editor.blockedReason !== null}>
                Save link
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
      {confirm}
    </>
  );
}
