import { ActionIcon, Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { ApiError } from '../../api/client';
import { CALENDAR_LABELS, toNumber } from './formHelpers';

/** One phased target as the form holds it: a date (YYYY-MM-DD) and a value still being typed. */
export interface MilestoneDraft {
  date: string | null;
  value: string | number;
}

interface MilestonesFieldProps {
  drafts: MilestoneDraft[];
  onChange: (drafts: MilestoneDraft[]) => void;
  /** What a value means, e.g. "Members by then" or "Progress by then (%)". */
  valueLabel: string;
  /** The period the dates must fall in, when known. */
  minDate?: string;
  maxDate?: string;
  /** The last save's error: its `milestones.<i>.<part>` fields are shown under the matching input. */
  saveError: unknown;
  /** Problems found before saving, by `<index>.<part>`. */
  localProblems: Record<string, string>;
}

function serverMessage(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(field) : undefined;
}

/** The drafts as the API takes them, or the problems that stop that ("1.date": "Pick a date"). */
export function milestonesFromDrafts(
  drafts: readonly MilestoneDraft[],
  toApiValue: (typed: number) => number = (typed) => typed,
): { milestones: { date: string; value: number }[]; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const milestones: { date: string; value: number }[] = [];
  drafts.forEach((draft, index) => {
    const value = toNumber(draft.value);
    if (draft.date === null) problems[`${index}.date`] = 'Pick the date of this milestone';
    if (value === null) problems[`${index}.value`] = 'Enter the value expected by that date';
    if (draft.date !== null && value !== null) milestones.push({ date: draft.date, value: toApiValue(value) });
  });
  return { milestones, problems };
}

/**
 * Date order (undated last), as the API wants them. The dialog shows the drafts in this order when
 * it saves, so the server's `milestones.<i>` errors point at the row on screen.
 */
export function sortDrafts(drafts: readonly MilestoneDraft[]): MilestoneDraft[] {
  return [...drafts].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
}

/**
 * Phased targets: dated values the expected progress runs through (from the start at the period's
 * start, through each milestone, to the target at its end) instead of an even pace.
 */
export function MilestonesField({ drafts, onChange, valueLabel, minDate, maxDate, saveError, localProblems }: MilestonesFieldProps) {
  const change = (index: number, part: Partial<MilestoneDraft>) => onChange(drafts.map((draft, i) => (i === index ? { ...draft, ...part } : draft)));
  return (
    <Stack gap={6} role="group" aria-label="Phased targets">
      <Text size="sm" fw={700}>
        Phased targets
      </Text>
      <Text size="xs" c="dimmed">
        {drafts.length === 0
          ? 'None: progress is expected at an even pace over the period. Add milestones when most of the work lands late (or early).'
          : 'Expected progress runs through each milestone instead of an even pace; the status is judged on it.'}
      </Text>
      {drafts.map((draft, index) => (
        <Group key={index} align="flex-start" gap="xs" wrap="nowrap" data-testid="milestone-row">
          <DatePickerInput
            label={`Milestone ${index + 1} date`}
            value={draft.date}
            onChange={(date) => change(index, { date })}
            valueFormat="D MMM YYYY"
            minDate={minDate}
            maxDate={maxDate}
            ariaLabels={CALENDAR_LABELS}
            style={{ flex: 1 }}
            error={localProblems[`${index}.date`] ?? serverMessage(saveError, `milestones.${index}.date`)}
          />
          <NumberInput
            label={`${valueLabel} (milestone ${index + 1})`}
            value={draft.value}
            onChange={(value) => change(index, { value })}
            style={{ flex: 1 }}
            error={localProblems[`${index}.value`] ?? serverMessage(saveError, `milestones.${index}.value`)}
          />
          <ActionIcon
            variant="subtle"
            color="red.9"
            size="lg"
            mt={26}
            aria-label={`Remove milestone ${index + 1}`}
            onClick={() => onChange(drafts.filter((_, i) => i !== index))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {serverMessage(saveError, 'milestones') && (
        <Text size="sm" c="red.8" role="alert">
          {serverMessage(saveError, 'milestones')}
        </Text>
      )}
      <Group>
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...drafts, { date: null, value: '' }])}>
          Add milestone
        </Button>
      </Group>
    </Stack>
  );
}
