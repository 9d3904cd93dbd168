import { Alert, Paper, Skeleton, Text } from '@mantine/core';
import { useLinkRuns } from '../../api/links';
import { STATUS_COLOR } from '../format';
import type { DetailModel } from './detailModel';
import { BurnUpPanel } from './BurnUpPanel';
import { historyPoints } from './history';
import { ProgressChart } from './ProgressChart';

function statusColor(model: DetailModel): string {
  return `var(--mantine-color-${model.status === 'not_started' ? 'indigo' : STATUS_COLOR[model.status]}-6)`;
}

/**
 * A Jira-linked item: the burn-up (scope, done, expected, forecast) from the insight. Otherwise
 * actual progress over the period from sync runs and check-ins, against the expected line (straight,
 * or bending at each milestone of a phased target).
 */
export function HistoryTab({ model }: { model: DetailModel }) {
  if (model.integration && model.period) return <BurnUpPanel model={model} color={statusColor(model)} />;
  return <ProgressHistory model={model} />;
}

function ProgressHistory({ model }: { model: DetailModel }) {
  // Asked for even when unlinked: the runs of its linked period stay in its history.
  const runs = useLinkRuns(model.owner);
  if (!model.period) {
    return (
      <Text size="sm" c="dimmed">
        This has no period yet, so there is nothing to chart.
      </Text>
    );
  }
  if (runs.isPending || model.checkIns.isPending) return <Skeleton h={280} />;
  const error = runs.error ?? model.checkIns.error;
  if (error) return <Alert color="red" title="Could not load the history">{error.message}</Alert>;
  const now = Date.now();
  const points = historyPoints(runs.data ?? [], model.checkIns.data ?? [], model.checkInProgress, { progress: model.progress, now });
  const color = statusColor(model);
  return (
    <Paper withBorder radius="md" p="md">
      <ProgressChart period={model.period} points={points} now={now} color={color} milestones={model.milestones} range={model.milestoneRange} />
      {points.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" mt="xs">
          {model.keyResults && !model.integration && !model.checksIn
            ? 'Progress here comes from key results; open one of them to see its history.'
            : 'No progress recorded yet. Each sync or check-in adds a point.'}
        </Text>
      )}
    </Paper>
  );
}
