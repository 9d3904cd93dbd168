import { Group, Progress, Text } from '@mantine/core';
import type { Status } from '../api/types';
import { STATUS_COLOR, STATUS_LABEL, percentText } from './format';

interface StatusProgressProps {
  /** What the bar measures, so a screen reader hears "Grow revenue: progress 30%". */
  subject: string;
  progress: number | null;
  status: Status;
  size?: 'sm' | 'md' | 'lg';
}

/** A progress bar coloured by status, with the percentage written beside it. */
export function StatusProgress({ subject, progress, status, size = 'md' }: StatusProgressProps) {
  const percent = percentText(progress);
  const value = progress === null ? 0 : Math.min(100, Math.max(0, progress * 100));
  return (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      <Progress.Root size={size} w="100%" radius="xl" style={{ flex: 1 }}>
        <Progress.Section
          value={value}
          color={STATUS_COLOR[status]}
          aria-label={progress === null ? `${subject}: no progress yet` : `${subject}: progress ${percent}`}
          data-status={status}
          title={`${percent} · ${STATUS_LABEL[status]}`}
        />
      </Progress.Root>
      <Text size="sm" fw={600} w={40} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="percent">
        {percent}
      </Text>
    </Group>
  );
}

/**
 * The quiet line under a row: the status in words (colour is never the only signal), what was
 * expected, extra facts, and a sync error in red (the last good progress stays on the bar).
 */
export function StatusLine({ status, expectedProgress, extra, error }: { status: Status; expectedProgress: number | null; extra?: string; error?: string }) {
  return (
    <Text size="xs" c="dimmed" lineClamp={1} title={error}>
      <Text span inherit fw={600} c={status === 'not_started' ? 'dimmed' : `${STATUS_COLOR[status]}.8`} data-testid="status-word">
        {STATUS_LABEL[status]}
      </Text>
      {expectedProgress !== null && ` · expected ${percentText(expectedProgress)}`}
      {/* Before the extras, so a long line still shows it. */}
      {error && (
        <Text span inherit c="red.7" data-testid="sync-error">
          {' · '}
          {error}
        </Text>
      )}
      {extra && ` · ${extra}`}
    </Text>
  );
}
