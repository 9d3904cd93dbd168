import { Alert, Button, Divider, Group, Loader, Modal, NumberInput, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useKeyResultCheckIn, useKeyResultCheckIns, useObjectiveCheckIn, useObjectiveCheckIns } from '../../api/okrs';
import type { CheckIn, KeyResult, Objective } from '../../api/types';
import { keyResultValueText } from '../KeyResultRow';
import { StatusLine, StatusProgress } from '../StatusProgress';
import { formatInstant, formatValue, percentText, relativeTime } from '../format';
import { useChangedSinceOpen, useConfirmDiscard } from './DiscardChanges';
import { fieldError, toNumber } from './formHelpers';

interface HistoryProps {
  checkIns: CheckIn[] | undefined;
  pending: boolean;
  error: Error | null;
  formatCheckInValue: (value: number) => string;
}

/** Every check-in, newest first: history is kept, never overwritten. */
function CheckInHistory({ checkIns, pending, error, formatCheckInValue }: HistoryProps) {
  if (pending) return <Loader size="sm" aria-label="Loading check-ins" />;
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!checkIns?.length) {
    return (
      <Text size="sm" c="dimmed">
        No check-ins yet. The first one will appear here.
      </Text>
    );
  }
  return (
    <Timeline bulletSize={12} lineWidth={2} aria-label="Check-in history">
      {checkIns.map((checkIn) => (
        <Timeline.Item key={checkIn.id} title={<Text size="sm" fw={600}>{formatCheckInValue(checkIn.value)}</Text>}>
          {checkIn.note && <Text size="sm">{checkIn.note}</Text>}
          <Text size="xs" c="dimmed" title={formatInstant(checkIn.createdAt)}>
            {checkIn.author.name} · {relativeTime(checkIn.createdAt)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** The form's fields, held by the dialog so that closing it can ask before throwing an edit away. */
function useCheckInDraft(initialValue: number) {
  const [value, setValue] = useState<string | number>(initialValue);
  const [note, setNote] = useState('');
  const edited = useChangedSinceOpen({ value: String(value), note });
  return { value, setValue, note, setNote, edited };
}

type CheckInDraft = ReturnType<typeof useCheckInDraft>;

interface CheckInFormProps {
  valueLabel: string;
  valueDescription: string;
  min?: number;
  max?: number;
  draft: CheckInDraft;
  saving: { isPending: boolean; error: Error | null };
  onSubmit: (value: number, note: string) => void;
  onCancel: () => void;
}

function CheckInForm({ valueLabel, valueDescription, min, max, draft, saving, onSubmit, onCancel }: CheckInFormProps) {
  const { value, setValue, note, setNote } = draft;
  const [missing, setMissing] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const number = toNumber(value);
    if (number === null) {
      setMissing('Enter the new value');
      return;
    }
    setMissing(undefined);
    onSubmit(number, note.trim());
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <NumberInput
          label={valueLabel}
          description={valueDescription}
          required
          data-autofocus
          min={min}
          max={max}
          value={value}
          onChange={setValue}
          error={missing ?? fieldError(saving.error, 'value')}
        />
        <Textarea
          label="Note"
          placeholder="What moved, what is blocking"
          autosize
          minRows={2}
          maxRows={5}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldError(saving.error, 'note')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={saving.isPending}>
            Save check-in
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function KeyResultCheckInDialog({ keyResult, onClose }: { keyResult: KeyResult; onClose: () => void }) {
  const history = useKeyResultCheckIns(keyResult.id);
  const checkIn = useKeyResultCheckIn(keyResult.id);
  const unitText = (value: number) => formatValue(value, keyResult.unit);
  const draft = useCheckInDraft(keyResult.currentValue);
  const { requestClose, confirm } = useConfirmDiscard(draft.edited, onClose);

  return (
    <>
      <Modal opened onClose={requestClose} title="Check in" size="lg">
        <Stack gap="md">
          <Stack gap={6}>
            <Title order={3} size="h5">
              {keyResult.title}
            </Title>
            <StatusProgress subject={keyResult.title} progress={keyResult.progress} status={keyResult.status} />
            <StatusLine status={keyResult.status} expectedProgress={keyResult.expectedProgress} extra={keyResultValueText(keyResult)} />
          </Stack>
          <CheckInForm
            valueLabel="New value"
            valueDescription={`From ${unitText(keyResult.startValue)} to ${unitText(keyResult.targetValue)}; now ${unitText(keyResult.currentValue)}`}
            draft={draft}
            saving={checkIn}
            onCancel={requestClose}
            onSubmit={(value, note) =>
              checkIn.mutate(
                { value, note },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: `Checked in ${unitText(value)} on “${keyResult.title}”.` });
                    onClose();
                  },
                },
              )
            }
          />
          <Divider label="History" labelPosition="left" />
          <CheckInHistory checkIns={history.data} pending={history.isPending} error={history.error} formatCheckInValue={unitText} />
        </Stack>
      </Modal>
      {confirm}
    </>
  );
}

/** Manual-mode objectives: a person states the progress directly, in percent. */
export function ObjectiveCheckInDialog({ objective, onClose }: { objective: Objective; onClose: () => void }) {
  const history = useObjectiveCheckIns(objective.id);
  const checkIn = useObjectiveCheckIn(objective.id);
  const initialPercent = objective.progress === null ? 0 : Math.round(objective.progress * 100);
  const draft = useCheckInDraft(initialPercent);
  const { requestClose, confirm } = useConfirmDiscard(draft.edited, onClose);

  return (
    <>
      <Modal opened onClose={requestClose} title="Check in" size="lg">
        <Stack gap="md">
          <Stack gap={6}>
            <Title order={3} size="h5">
              {objective.title}
            </Title>
            <StatusProgress subject={objective.title} progress={objective.progress} status={objective.status} />
            <StatusLine status={objective.status} expectedProgress={objective.expectedProgress} />
          </Stack>
          <CheckInForm
            valueLabel="Progress (%)"
            valueDescription="How far along this objective is, 0 to 100"
            min={0}
            max={100}
            draft={draft}
            saving={checkIn}
            onCancel={requestClose}
            onSubmit={(percent, note) =>
              checkIn.mutate(
                { value: percent / 100, note },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: `Checked in ${percent}% on “${objective.title}”.` });
                    onClose();
                  },
                },
              )
            }
          />
          <Divider label="History" labelPosition="left" />
          <CheckInHistory checkIns={history.data} pending={history.isPending} error={history.error} formatCheckInValue={(value) => percentText(value)} />
        </Stack>
      </Modal>
      {confirm}
    </>
  );
}
