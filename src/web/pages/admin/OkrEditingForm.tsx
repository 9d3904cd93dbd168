import { Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useUpdateSettings } from '../../api/admin';
import type { Settings } from '../../api/types';

/**
 * Who may change OKRs: off (the default), an objective or key result is edited, deleted, checked in
 * on and linked only by its owner (a key result also by its objective's owner) and by admins; on,
 * by everyone. Saved as soon as it is switched, like a preference, since there is nothing else to fill in.
 */
export function OkrEditingForm({ settings }: { settings: Settings }) {
  const update = useUpdateSettings();
  const everyone = settings.everyoneMayEditOkrs ?? false;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Everyone can read every OKR and create their own. Off: only an OKR’s owner (for a key result, also its objective’s owner) and
        admins can edit, delete, check in on or link it to Jira. On: every signed-in user can.
      </Text>
      <Switch
        label="Everyone may edit every OKR"
        checked={everyone}
        disabled={update.isPending}
        onChange={(event) => {
          const next = event.currentTarget.checked;
          update.mutate(
            { everyoneMayEditOkrs: next },
            {
              onSuccess: () =>
                notifications.show({
                  color: 'green',
                  message: next ? 'Everyone may now edit every OKR.' : 'Only owners and admins may now edit OKRs.',
                }),
            },
          );
        }}
        error={update.error ? `Could not save: ${update.error.message}` : undefined}
      />
    </Stack>
  );
}
