import { Button, Group, Modal, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useUnlink } from '../../api/links';
import type { LinkOwner } from '../../api/linkTypes';
import type { Cycle, KeyResult, Objective } from '../../api/types';
import { KeyResultCheckInDialog, ObjectiveCheckInDialog } from '../dialogs/CheckInDialog';
import { KeyResultDialog } from '../dialogs/KeyResultDialog';
import { ObjectiveDialog } from '../dialogs/ObjectiveDialog';
import { percentText } from '../format';
import { LinkDialog } from '../integration/LinkDialog';
import type { IntegrationSummary } from '../../api/linkTypes';
import type { PreviewContext } from '../../api/links';

/** Which dialog an item's page shows. */
export type DetailDialog =
  | { kind: 'none' }
  | { kind: 'editObjective'; objective: Objective; cycle: Cycle; objectives: Objective[] }
  | { kind: 'editKeyResult'; objective: Objective; keyResult: KeyResult }
  | { kind: 'checkInObjective'; objective: Objective }
  | { kind: 'checkInKeyResult'; keyResult: KeyResult }
  | { kind: 'unlink'; owner: LinkOwner; title: string; progress: number | null }
  | {
      kind: 'link';
      owner: LinkOwner;
      title: string;
      summary: IntegrationSummary | null;
      previewContext: PreviewContext;
      scale?: { startValue: number; targetValue: number };
    };

function UnlinkDialog({ owner, title, progress, onClose }: { owner: LinkOwner; title: string; progress: number | null; onClose: () => void }) {
  const unlink = useUnlink();
  return (
    <Modal opened onClose={onClose} title="Unlink from Jira?" size="sm">
      <Text size="sm">
        “{title}” stops following Jira. Its progress stays at {percentText(progress)} and is then updated by hand with check-ins. Its Jira
        syncs stay in its activity and history.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button
          color="red"
          loading={unlink.isPending}
          onClick={() =>
            unlink.mutate(owner, {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `“${title}” is no longer linked to Jira.` });
                onClose();
              },
              onError: (error) => notifications.show({ color: 'red', title: 'Could not unlink', message: error.message }),
            })
          }
        >
          Unlink
        </Button>
      </Group>
    </Modal>
  );
}

export function DetailDialogs({ dialog, onClose }: { dialog: DetailDialog; onClose: () => void }) {
  switch (dialog.kind) {
    case 'none':
      return null;
    case 'editObjective':
      return <ObjectiveDialog cycle={dialog.cycle} objective={dialog.objective} objectives={dialog.objectives} onClose={onClose} />;
    case 'editKeyResult':
      return <KeyResultDialog objective={dialog.objective} keyResult={dialog.keyResult} onClose={onClose} />;
    case 'checkInObjective':
      return <ObjectiveCheckInDialog objective={dialog.objective} onClose={onClose} />;
    case 'checkInKeyResult':
      return <KeyResultCheckInDialog keyResult={dialog.keyResult} onClose={onClose} />;
    case 'unlink':
      return <UnlinkDialog owner={dialog.owner} title={dialog.title} progress={dialog.progress} onClose={onClose} />;
    case 'link':
      return (
        <LinkDialog
          owner={dialog.owner}
          title={dialog.title}
          summary={dialog.summary}
          previewContext={dialog.previewContext}
          scale={dialog.scale}
          onClose={onClose}
        />
      );
  }
}
