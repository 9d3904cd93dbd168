import { Alert, Paper, Skeleton, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconBrandJira, IconMessage, IconMessages } from '@tabler/icons-react';
import { useLinkRuns } from '../../api/links';
import { useComments } from '../../api/okrs';
import { formatInstant, relativeTime } from '../format';
import { activityLines, type ActivityLine } from './activity';
import type { DetailModel } from './detailModel';

const BULLETS: Record<ActivityLine['kind'], { icon: typeof IconBrandJira; color: string }> = {
  sync: { icon: IconBrandJira, color: 'blue' },
  failed: { icon: IconAlertTriangle, color: 'red' },
  'check-in': { icon: IconMessage, color: 'gray' },
  comment: { icon: IconMessages, color: 'grape' },
};

/** One line per sync run, check-in or comment, newest first. */
export function ActivityTab({ model }: { model: DetailModel }) {
  // Asked for even when unlinked: the runs of its linked period stay in its activity.
  const runs = useLinkRuns(model.owner);
  const comments = useComments(model.owner.kind, model.owner.id);
  const pending = runs.isPending || model.checkIns.isPending || comments.isPending;
  const error = runs.error ?? model.checkIns.error ?? comments.error;
  if (pending) return <Skeleton h={200} />;
  if (error) return <Alert color="red" title="Could not load the activity">{error.message}</Alert>;
  const lines = activityLines(runs.data ?? [], model.checkIns.data ?? [], model.checkInValueText, comments.data ?? []);
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing has happened yet. Syncs from Jira and check-ins will appear here.
      </Text>
    );
  }
  return (
    <Paper withBorder radius="md" p="md">
      <Timeline bulletSize={24} lineWidth={2} aria-label="Activity">
        {lines.map((line) => {
          const { icon: Icon, color } = BULLETS[line.kind];
          return (
            <Timeline.Item
              key={`${line.kind}-${line.id}`}
              bullet={
                <ThemeIcon size={24} radius="xl" variant="light" color={color}>
                  <Icon size={14} />
                </ThemeIcon>
              }
              title={
                <Text size="sm" fw={600} c={line.kind === 'failed' ? 'red.7' : undefined} data-testid="activity-line">
                  {line.text}
                </Text>
              }
            >
              {line.note && <Text size="sm" data-testid="activity-note">{line.note}</Text>}
              <Text size="xs" c="dimmed" title={formatInstant(line.at)}>
                {line.detail} · {relativeTime(line.at)}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Paper>
  );
}
