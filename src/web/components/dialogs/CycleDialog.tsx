import { Group, Modal, Stack, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import { useState, type FormEvent } from 'react';
import { useCreateCycle, useUpdateCycle } from '../../api/okrs';
import type { Cycle } from '../../api/types';
import { useChangedSinceOpen, useConfirmDiscard } from './DiscardChanges';
import { CALENDAR_LABELS, fieldError } from './formHelpers';
import { DialogActions } from './DialogActions';

/** The first calendar quarter that starts after the latest cycle ends, or the current one when none runs on. */
export function suggestCycle(cycles: Cycle[]): { name: string; startDate: string; endDate: string } {
  const latestEnd = cycles.map((c) => c.endDate).sort().at(-1);
  const quarterStart = (date: dayjs.Dayjs) => date.month(Math.floor(date.month() / 3) * 3).startOf('month');
  let start = quarterStart(dayjs());
  if (latestEnd && !dayjs(latestEnd).isBefore(start)) {
    const dayAfter = dayjs(latestEnd).add(1, 'day');
    start = quarterStart(dayAfter);
    if (start.isBefore(dayAfter, 'day')) start = start.add(3, 'month');
  }
  const end = start.add(2, 'month').endOf('month');
  return { name: `Q${Math.floor(start.month() / 3) + 1} ${start.year()}`, startDate: start.format('YYYY-MM-DD'), endDate: end.format('YYYY-MM-DD') };
}

interface CycleDialogProps {
  cycle?: Cycle;
  suggestion: { name: string; startDate: string; endDate: string };
  onClose: () => void;
  onSaved: (cycle: Cycle) => void;
}

export function CycleDialog({ cycle, suggestion, onClose, onSaved }: CycleDialogProps) {
  const initial = cycle ?? suggestion;
  const [name, setName] = useState(initial.name);
  const [startDate, setStartDate] = useState<string | null>(initial.startDate);
  const [endDate, setEndDate] = useState<string | null>(initial.endDate);
  const [localError, setLocalError] = useState<string | null>(null);
  const create = useCreateCycle();
  const update = useUpdateCycle();
  const saving = cycle ? update : create;
  const { requestClose, confirm } = useConfirmDiscard(useChangedSinceOpen({ name, startDate, endDate }), onClose);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!startDate || !endDate) {
      setLocalError('Pick both a start and an end date.');
      return;
    }
    setLocalError(null);
    const input = { name: name.trim(), startDate, endDate };
    const onSuccess = (saved: Cycle) => {
      notifications.show({ color: 'green', message: `Cycle “${saved.name}” saved.` });
      onSaved(saved);
    };
    if (cycle) update.mutate({ id: cycle.id, ...input }, { onSuccess });
    else create.mutate(input, { onSuccess });
  }

  return (
    <>
      <Modal opened onClose={requestClose} title={cycle ? 'Edit cycle' : 'New cycle'} size="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput label="Name" placeholder="Q1 2027" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(saving.error, 'name')} />
            <Group grow align="flex-start">
              <DatePickerInput
                label="Start date"
                required
                value={startDate}
                onChange={setStartDate}
                valueFormat="D MMM YYYY"
                ariaLabels={CALENDAR_LABELS}
                error={fieldError(saving.error, 'startDate') ?? (localError && !startDate ? localError : undefined)}
              />
              <DatePickerInput
                label="End date"
                required
                value={endDate}
                onChange={setEndDate}
                minDate={startDate ?? undefined}
                valueFormat="D MMM YYYY"
                ariaLabels={CALENDAR_LABELS}
                error={fieldError(saving.error, 'endDate') ?? (localError && !endDate ? localError : undefined)}
              />
            </Group>
            <DialogActions onCancel={requestClose} submitLabel={cycle ? 'Save cycle' : 'Create cycle'} loading={saving.isPending} />
          </Stack>
        </form>
      </Modal>
      {confirm}
    </>
  );
}
