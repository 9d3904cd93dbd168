import { Box, Group, Progress, Text, Tooltip } from '@mantine/core';
import type { Status } from '../../api/types';
import { STATUS_COLOR, STATUS_LABEL, STATUS_TEXT_COLOR, percentText } from '../format';

interface BigProgressProps {
  subject: string;
  progress: number | null;
  expectedProgress: number | null;
  status: Status;
}

/** The detail header's bar: actual progress coloured by status, with a marker where it should be by now. */
export function BigProgress({ subject, progress, expectedProgress, status }: BigProgressProps) {
  const value = progress === null ? 0 : Math.min(100, Math.max(0, progress * 100));
  const expected = expectedProgress === null ? null : Math.min(100, Math.max(0, expectedProgress * 100));
  return (
    <Group gap="md" wrap="nowrap" align="center">
      <Box pos="relative" style={{ flex: 1 }} py={6}>
        <Progress.Root size={18} radius="xl">
          <Progress.Section
            value={value}
            color={STATUS_COLOR[status]}
            aria-label={progress === null ? `${subject}: progress unknown` : `${subject}: progress ${percentText(progress)}`}
            data-status={status}
          />
        </Progress.Root>
        {expected !== null && (
          <Tooltip label={`Expected by now: ${percentText(expectedProgress)}`} withArrow>
            <Box
              data-testid="expected-marker"
              aria-label={`Expected by now: ${percentText(expectedProgress)}`}
              role="img"
              pos="absolute"
              top={0}
              bottom={0}
              w={3}
              bg="dark.6"
              style={{ left: `calc(${expected}% - 1.5px)`, borderRadius: 2 }}
            />
          </Tooltip>
        )}
      </Box>
      <Text fz={28} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }} c={progress === null ? 'dimmed' : undefined} data-testid="big-percent">
        {percentText(progress)}
      </Text>
      <Text size="sm" fw={600} c={STATUS_TEXT_COLOR[status] ?? 'dimmed'} w={90}>
        {STATUS_LABEL[status]}
      </Text>
    </Group>
  );
}
