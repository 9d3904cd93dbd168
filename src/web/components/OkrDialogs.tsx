import { notifications } from '@mantine/notifications';
import { useDeleteCycle, useDeleteKeyResult, useDeleteObjective } from '../api/okrs';
import type { Cycle, KeyResult, Objective } from '../api/types';
import { KeyResultCheckInDialog, ObjectiveCheckInDialog } from './dialogs/CheckInDialog';
import { ConfirmDeleteDialog } from './dialogs/ConfirmDeleteDialog';
import { CycleDialog, suggestCycle } from './dialogs/CycleDialog';
import { KeyResultDialog } from './dialogs/KeyResultDialog';
import { ObjectiveDialog } from './dialogs/ObjectiveDialog';

/** Which dialog the OKR page shows; at most one at a time. */
export type OkrDialog =
  | { kind: 'none' }
  | { kind: 'cycle'; cycle?: Cycle }
  | { kind: 'deleteCycle'; cycle: Cycle }
  | { kind: 'objective'; objective?: Objective; parentId?: string }
  | { kind: 'deleteObjective'; objective: Objective }
  | { kind: 'objectiveCheckIn'; objective: Objective }
  | { kind: 'keyResult'; objective: Objective; keyResult?: KeyResult }
  | { kind: 'deleteKeyResult'; keyResult: KeyResult }
  | { kind: 'keyResultCheckIn'; keyResult: KeyResult };

interface OkrDialogsProps {
  dialog: OkrDialog;
  cycles: Cycle[];
  cycle: Cycle | null;
  objectives: Objective[];
  onClose: () => void;
  onCycleSaved: (cycle: Cycle) => void;
  onCycleDeleted: () => void;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function OkrDialogs({ dialog, cycles, cycle, objectives, onClose, onCycleSaved, onCycleDeleted }: OkrDialogsProps) {
  const deleteCycle = useDeleteCycle();
  const deleteObjective = useDeleteObjective();
  const deleteKeyResult = useDeleteKeyResult();

  // Rows hold a snapshot; show the dialog with the freshest copy so progress shown there is current.
  const fresh = (objective: Objective) => objectives.find((o) => o.id === objective.id) ?? objective;
  const freshKeyResult = (kr: KeyResult) =>
    objectives.flatMap((o) => o.keyResults).find((candidate) => candidate.id === kr.id) ?? kr;

  switch (dialog.kind) {
    case 'none':
      return null;
    case 'cycle':
      return <CycleDialog cycle={dialog.cycle} suggestion={suggestCycle(cycles)} onClose={onClose} onSaved={onCycleSaved} />;
    case 'deleteCycle':
      return (
        <ConfirmDeleteDialog
          title="Delete cycle?"
          message={`“${dialog.cycle.name}” will be deleted. A cycle that still has objectives cannot be deleted: move or delete them first.`}
          confirmLabel="Delete cycle"
          pending={deleteCycle.isPending}
          onClose={onClose}
          onConfirm={() =>
            deleteCycle.mutate(dialog.cycle.id, {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `Cycle “${dialog.cycle.name}” deleted.` });
                onCycleDeleted();
              },
              onError: onClose,
            })
          }
        />
      );
    case 'objective':
      if (!cycle) return null;
      return (
        <ObjectiveDialog
          cycle={cycle}
          objective={dialog.objective && fresh(dialog.objective)}
          objectives={objectives}
          defaultParentId={dialog.parentId}
          onClose={onClose}
        />
      );
    case 'deleteObjective': {
      const { objective } = dialog;
      return (
        <ConfirmDeleteDialog
          title="Delete objective?"
          message={`“${objective.title}”, its ${plural(objective.keyResults.length, 'key result')} and all their check-ins will be deleted. This cannot be undone.`}
          confirmLabel="Delete objective"
          pending={deleteObjective.isPending}
          onClose={onClose}
          onConfirm={() =>
            deleteObjective.mutate(objective.id, {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `Objective “${objective.title}” deleted.` });
                onClose();
              },
            })
          }
        />
      );
    }
    case 'objectiveCheckIn':
      return <ObjectiveCheckInDialog objective={fresh(dialog.objective)} onClose={onClose} />;
    case 'keyResult':
      return <KeyResultDialog objective={fresh(dialog.objective)} keyResult={dialog.keyResult && freshKeyResult(dialog.keyResult)} onClose={onClose} />;
    case 'deleteKeyResult': {
      const { keyResult } = dialog;
      return (
        <ConfirmDeleteDialog
          title="Delete key result?"
          message={`“${keyResult.title}” and its check-in history will be deleted. This cannot be undone.`}
          confirmLabel="Delete key result"
          pending={deleteKeyResult.isPending}
          onClose={onClose}
          onConfirm={() =>
            deleteKeyResult.mutate(keyResult.id, {
              onSuccess: () => {
                notifications.show({ color: 'green', message: `Key result “${keyResult.title}” deleted.` });
                onClose();
              },
            })
          }
        />
      );
    }
    case 'keyResultCheckIn':
      return <KeyResultCheckInDialog keyResult={freshKeyResult(dialog.keyResult)} onClose={onClose} />;
  }
}
