import { Alert, Button, Collapse, Paper, ScrollArea, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTable } from '@tabler/icons-react';
import { useId } from 'react';
import type { Insight } from '../../../core/insight';
import { useInsight } from '../../api/insight';
import { useLink } from '../../api/links';
import { formatNumber, percentText } from '../format';
import { BurnUpChart } from './BurnUpChart';
import { buildBurnUp, burnUpSummary } from './burnup';
import type { DetailModel } from './detailModel';
import { forecastRangeSentence, overviewSentence, shortDate } from './forecast-text';

/** The series day by day: the chart's numbers for those who would rather read them. */
function SeriesTable({ insight, id }: { insight: Insight; id: string }) {
  const rows = [...insight.series].reverse();
  return (
    <ScrollArea.Autosize mah={320} type="auto" offsetScrollbars>
      <Table striped stickyHeader fz="sm" id={id} aria-label="Scope and done per day">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Day</Table.Th>
            <Table.Th ta="right">Scope</Table.Th>
            <Table.Th ta="right">Done</Table.Th>
            <Table.Th ta="right">Progress</Table.Th>
            <Table.Th>From</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((point) => (
            <Table.Tr key={point.date}>
              <Table.Td>{shortDate(point.date, insight.asOf)}</Table.Td>
              <Table.Td ta="right">{formatNumber(point.scope)}</Table.Td>
              <Table.Td ta="right">{formatNumber(point.done)}</Table.Td>
              <Table.Td ta="right">{percentText(point.progress)}</Table.Td>
              <Table.Td>{point.source === 'recorded' ? 'Sync' : 'Jira dates'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** The History tab of a Jira-linked item: the burn-up with the forecast in words above it. */
export function BurnUpPanel({ model, color }: { model: DetailModel; color: string }) {
  const insight = useInsight(model.owner);
  const link = useLink(model.owner);
  const [tableOpen, table] = useDisclosure(false);
  const tableId = useId();
  if (insight.isPending || link.isPending) return <Skeleton h={340} />;
  const error = insight.error ?? link.error;
  if (error) {
    return (
      <Alert color="red" title="Could not load the burn-up">
        {error.message} Reload the page to try again.
      </Alert>
    );
  }
  const data = insight.data;
  if (!data) {
    return (
      <Text size="sm" c="dimmed">
        This item is no longer linked to Jira, so there is no burn-up. Its earlier syncs are in the Activity tab.
      </Text>
    );
  }
  const options = { startValue: link.data?.startValue ?? null, targetValue: link.data?.targetValue ?? null, countAll: link.data?.countAll ?? false };
  const chart = buildBurnUp(data, options);
  const summary = burnUpSummary(data, chart);
  const range = forecastRangeSentence(data);
  const word = model.periodWord;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Burn-up">
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={600} data-testid="history-forecast-sentence">
            {overviewSentence(data, word)}
          </Text>
          {range && (
            <Text size="sm" c="dimmed">
              {range}
            </Text>
          )}
        </div>
        {data.series.length === 0 ? (
          <Text size="sm" c="dimmed">
            The {word} starts on {shortDate(data.period.startDate, data.asOf)}; the burn-up begins on its first day.
          </Text>
        ) : (
          <BurnUpChart chart={chart} today={data.asOf} color={color} summary={summary} />
        )}
        {chart.firstRecorded && chart.firstRecorded > data.period.startDate && (
          <Text size="xs" c="dimmed">
            {chart.firstRecorded === data.asOf
              ? 'Before today’s first sync, the lines are rebuilt from when each issue was created and done in Jira; from today on they follow what each sync finds.'
              : `Before ${shortDate(chart.firstRecorded, data.asOf)}, the day of the first sync, the lines are rebuilt from when each issue was created and done in Jira; since then they follow what each sync found.`}
          </Text>
        )}
        {data.series.length > 0 && (
          <div>
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconTable size={14} />}
              onClick={table.toggle}
              aria-expanded={tableOpen}
              aria-controls={tableId}
            >
              {tableOpen ? 'Hide the numbers' : 'Show the numbers'}
            </Button>
            <Collapse expanded={tableOpen}>
              <SeriesTable insight={data} id={tableId} />
            </Collapse>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
