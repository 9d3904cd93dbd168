import { Alert, Group, Paper, SegmentedControl, Skeleton, Text } from '@mantine/core';
import { useState } from 'react';
import { useLinkIssues } from '../../api/links';
import { JiraIssueTable } from '../integration/JiraIssueTable';
import type { DetailModel } from './detailModel';

/** The issues the link's query matched at its last sync; each key opens the issue in Jira. */
export function IssuesTab({ model }: { model: DetailModel }) {
  const [filter, setFilter] = useState<'all' | 'notDone'>('all');
  const linked = model.integration !== null;
  const issues = useLinkIssues(model.owner, filter === 'notDone', linked);
  if (!linked) {
    return (
      <Text size="sm" c="dimmed">
        Not linked to Jira. Link it (Overview › Data source) to see the issues that measure it.
      </Text>
    );
  }
  const summary = model.integration;
  const count = issues.data?.length ?? 0;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {summary?.total === null || summary?.total === undefined
            ? 'Not synced yet.'
            : `${summary.total} matching ${summary.total === 1 ? 'issue' : 'issues'}, ${summary.done ?? 0} done, at the last sync.`}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label="Which issues"
          value={filter}
          onChange={(value) => setFilter(value === 'notDone' ? 'notDone' : 'all')}
          data={[
            { value: 'all', label: 'All' },
            { value: 'notDone', label: 'Not done' },
          ]}
        />
      </Group>
      {issues.isPending && <Skeleton h={200} />}
      {issues.error && <Alert color="red" title="Could not load the issues">{issues.error.message}</Alert>}
      {issues.data && count === 0 && (
        <Text size="sm" c="dimmed">
          {filter === 'notDone' ? 'Every matching issue is done.' : 'No issues matched the query at the last sync.'}
        </Text>
      )}
      {issues.data && count > 0 && <JiraIssueTable issues={issues.data} detailed />}
    </Paper>
  );
}
