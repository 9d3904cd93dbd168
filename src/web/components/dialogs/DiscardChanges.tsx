import { Button, Group, Modal, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';

/** Whether these values differ from what they were when the dialog opened (compared as JSON). */
export function useChangedSinceOpen(values: unknown): boolean {
  const [initial] = useState(() => JSON.stringify(values));
  return JSON.stringify(values) !== initial;
}

/**
 * Esc, Cancel and the close button of a dialog with edits ask first ("Discard changes?"); an
 * unedited dialog closes at once. Render `confirm` beside the dialog's Modal, not inside it: React
 * bubbles a portal's key events to its parents, so inside, the Esc that answers "Keep editing"
 * would reach the dialog too and close it.
 */
export function useConfirmDiscard(dirty: boolean, close: () => void): { requestClose: () => void; confirm: ReactNode } {
  const [asking, setAsking] = useState(false);
  const requestClose = () => (dirty ? setAsking(true) : close());
  const confirm = asking ? (
    <Modal opened onClose={() => setAsking(false)} title="Discard changes?" size="sm" zIndex={400}>
      <Text size="sm">What you changed in this dialog has not been saved. Discard it, or keep editing?</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => setAsking(false)} data-autofocus>
          Keep editing
        </Button>
        <Button
          color="red"
          onClick={() => {
            setAsking(false);
            close();
          }}
        >
          Discard
        </Button>
      </Group>
    </Modal>
  ) : null;
  return { requestClose, confirm };
}
