import { Button, Group, Text } from '@mantine/core';

interface DialogActionsProps {
  /** Cancel goes through the dialog's own close request, so edited fields are asked about first. */
  onCancel: () => void;
  submitLabel: string;
  loading: boolean;
  disabled?: boolean;
  /** A short line beside the buttons: why submitting is blocked, or what is under way. */
  note?: string | null;
}

/** The row every form dialog ends with: an optional note, Cancel, and the form's submit button. */
export function DialogActions({ onCancel, submitLabel, loading, disabled = false, note = null }: DialogActionsProps) {
  return (
    <Group justify="flex-end" mt="sm" gap="sm">
      {note && (
        <Text size="xs" c="dimmed" style={{ flex: 1 }} aria-live="polite">
          {note}
        </Text>
      )}
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={loading} disabled={disabled}>
        {submitLabel}
      </Button>
    </Group>
  );
}
