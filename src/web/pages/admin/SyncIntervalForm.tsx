import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useUpdateSettings } from '../../api/admin';
import type { Settings } from '../../api/types';
import { MAX_SYNC_INTERVAL_MINUTES, MIN_SYNC_INTERVAL_MINUTES } from '../../../contract/settings';
import { fieldError, toNumber } from '../../components/dialogs/formHelpers';
import { intervalInWords } from '../../components/format';

/**
 * How often every Jira link is synced on schedule (PATCH /settings syncIntervalMinutes), with why
 * items show different "next sync in …" times: each link keeps its own fixed slot within the
 * interval, derived from the link (services/sync/schedule.ts), so links are spread over it.
 */
export function SyncIntervalForm({ settings }: { settings: Settings }) {
  const [minutes, setMinutes] = useState<string | number>(settings.syncIntervalMinutes);
  const update = useUpdateSettings();
  const typed = toNumber(minutes);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (typed === null) return;
    update.mutate(
      { syncIntervalMinutes: typed },
      { onSuccess: (saved) => notifications.show({ color: 'green', message: `Sync interval saved: Jira links sync ${intervalInWords(saved.syncIntervalMinutes)}.` }) },
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Each linked objective and key result is synced once per interval, at its own fixed time within it, worked out from the link. So
          links are spread over the interval instead of all asking Jira at once, and that is why one item says “next sync in 11 hours” and
          another “in 19 hours”. A failed sync is tried again after 15 minutes; Refresh on an item syncs it at once. A new interval moves
          every link that is not due yet onto its time in the new one. While Jira is disabled, nothing is synced.
        </Text>
        <NumberInput
          label="Sync every (minutes)"
          description={`${MIN_SYNC_INTERVAL_MINUTES} to ${MAX_SYNC_INTERVAL_MINUTES.toLocaleString('en-US')} (7 days); 1440 is once a day${
            typed !== null && Number.isInteger(typed) && typed > 0 ? `. Now: ${intervalInWords(typed)}` : ''
          }`}
          min={MIN_SYNC_INTERVAL_MINUTES}
          max={MAX_SYNC_INTERVAL_MINUTES}
          step={60}
          allowDecimal={false}
          thousandSeparator=","
          value={minutes}
          onChange={setMinutes}
          error={fieldError(update.error, 'syncIntervalMinutes')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} disabled={typed === null}>
            Save interval
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
