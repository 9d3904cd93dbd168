import { Alert, Anchor, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useInsight } from '../../api/insight';
import { formatInstant, relativeTime } from '../format';
import type { DetailModel } from './detailModel';
import { forecastRangeSentence, lastChangeSentence, overviewSentence } from './forecast-text';

/** The Overview's "when will it be done" in words, for a Jira-linked item; the burn-up is one click away. */
export function ForecastCard({ model }: { model: DetailModel }) {
  const insight = useInsight(model.owner);
  const body = (() => {
    if (insight.isPending) return <Skeleton h={48} />;
    if (insight.error) {
      return (
        <Alert color="red" variant="light" p="sm" title="Could not work out the forecast">
          {insight.error.message} Reload the page to try again.
        </Alert>
      );
    }
    const data = insight.data;
    if (!data) return <Text size="sm" c="dimmed">No forecast: this item is not linked to Jira any more.</Text>;
    const range = forecastRangeSentence(data);
    return (
      <Stack gap={6}>
        <Text size="sm" data-testid="forecast-sentence">
          {overviewSentence(data, model.periodWord)}
        </Text>
        {range && (
          <Text size="sm" c="dimmed">
            {range}
          </Text>
        )}
        {data.lastChange && (
          <Text size="sm" c="dimmed" data-testid="last-change">
            Last change, <span title={formatInstant(data.lastChange.at)}>{relativeTime(data.lastChange.at)}</span> — {lastChangeSentence(data.lastChange)}.
          </Text>
        )}
        <Anchor component={Link} to="?tab=history" size="sm">
          See the burn-up
        </Anchor>
      </Stack>
    );
  })();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="forecast-title">
      <Title id="forecast-title" order={2} size="h5" mb="xs">
        Forecast
      </Title>
      {body}
    </Paper>
  );
}
