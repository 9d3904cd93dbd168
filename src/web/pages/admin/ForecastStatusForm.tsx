import { Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useUpdateSettings } from '../../api/admin';
import type { Settings } from '../../api/types';

/**
 * Whether a Jira-linked item's status also looks ahead: on, an item whose forecast finishes after
 * its period ends (or that has no finish in sight: no progress, or scope growing faster than work
 * is done) is at least Behind, even when it is above the expected line today. Off by default.
 * Saved as soon as it is switched, like the other on/off settings.
 */
export function ForecastStatusForm({ settings }: { settings: Settings }) {
  const update = useUpdateSettings();
  const on = settings.statusUsesForecast ?? false;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Off: status compares progress with the expected line today. On: a Jira-linked item that will not finish by the end of its period at
        its recent pace is at least Behind, even if it is ahead today. Items without enough history for a forecast keep their usual status.
      </Text>
      <Switch
        label="Status uses the forecast"
        checked={on}
        disabled={update.isPending}
        onChange={(event) => {
          const next = event.currentTarget.checked;
          update.mutate(
            { statusUsesForecast: next },
            {
              onSuccess: () =>
                notifications.show({
                  color: 'green',
                  message: next
                    ? 'Status now uses the forecast: items that will finish late are at least Behind.'
                    : 'Status no longer uses the forecast: it compares progress with the expected line only.',
                }),
            },
          );
        }}
        error={update.error ? `Could not save: ${update.error.message}` : undefined}
      />
    </Stack>
  );
}
